/**
 * How the task pane gets its API token: Nested App Authentication first (Outlook supports it, and the manifest's
 * webApplicationInfo.nestedAppAuthInfo names the scope), falling back to Office SSO (`Office.auth.getAccessToken`)
 * when NAA is unavailable or fails. In the demo workbench the Office stand-in reports no NAA and answers
 * getAccessToken with a token from the dev identity provider — so this file has no demo branch.
 */
import type { OutlookHost } from './outlook-host-types';

export interface TaskPaneTokenSourceOptions {
  host: Pick<OutlookHost, 'getSsoToken'>;
  /** The NAA token source, or null when Outlook does not support NAA (or no client id was configured). */
  nestedAppAuth: (() => Promise<string>) | null;
  /** Told when NAA failed and SSO is used instead (for the console). */
  onFallback?: (error: unknown) => void;
}

/** Returns `getToken` for the API client. After NAA fails once, later calls go straight to SSO. */
export function createTaskPaneTokenSource(options: TaskPaneTokenSourceOptions): () => Promise<string> {
  let naa = options.nestedAppAuth;
  return async () => {
    if (naa) {
      try {
        return await naa();
      } catch (error) {
        naa = null;
        options.onFallback?.(error);
      }
    }
    return options.host.getSsoToken();
  };
}
