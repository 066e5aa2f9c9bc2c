/**
 * Nested App Authentication (NAA) for the task pane: MSAL's nestable public client asks Outlook (the broker) for a
 * token for Turnaround's API, with no pop-up when the user is already signed in to Outlook. This is the only task-pane
 * file that imports @azure/msal-browser; the page loads it with `import()` only when Outlook supports NAA, so the
 * task pane's first bundle does not carry MSAL.
 * See https://learn.microsoft.com/office/dev/add-ins/develop/enable-nested-app-authentication-in-your-add-in
 */
import { createNestablePublicClientApplication, InteractionRequiredAuthError, type IPublicClientApplication } from '@azure/msal-browser';
import { OfficeHostError } from './outlook-host-types';

/** Which app registration and API scope to ask for. */
export interface NestedAppAuthOptions {
  /** The Entra ID application (client) id — the manifest's webApplicationInfo.id. */
  clientId: string;
  /** `api://<host>/<clientId>/access_as_user`, as in the manifest's nestedAppAuthInfo. */
  apiScope: string;
}

/** Returns a function that resolves an API access token through NAA (silently, else with a consent pop-up). */
export function createNestedAppTokenSource(options: NestedAppAuthOptions): () => Promise<string> {
  let client: Promise<IPublicClientApplication> | null = null;
  return async () => {
    client ??= createNestablePublicClientApplication({
      auth: { clientId: options.clientId, authority: 'https://login.microsoftonline.com/common' },
    });
    const pca = await client;
    const request = { scopes: [options.apiScope] };
    try {
      return (await pca.acquireTokenSilent(request)).accessToken;
    } catch (silentError) {
      if (!(silentError instanceof InteractionRequiredAuthError)) {
        throw new OfficeHostError('naa_failed', `Nested app authentication failed: ${(silentError as Error).message}`, (silentError as { errorCode?: string }).errorCode ?? null);
      }
      try {
        return (await pca.acquireTokenPopup(request)).accessToken;
      } catch (popupError) {
        throw new OfficeHostError('naa_failed', `Sign-in was not completed: ${(popupError as Error).message}`, (popupError as { errorCode?: string }).errorCode ?? null);
      }
    }
  };
}
