/**
 * What a surface gets from its host (Teams, Outlook, or a test), as plain data and functions. Only *-host.ts files
 * implement these with teams-js / Office.js; components receive them as props or context, so tests pass fakes.
 */
import type { TeamsThemeName } from './theme';

/** Where the surface runs, from the host's context. */
export interface HostContext {
  /** Entra object id of the signed-in user (the host's claim; the API trusts only the token). */
  userObjectId: string | null;
  userPrincipalName: string | null;
  tenantId: string | null;
  /** BCP 47, e.g. 'en-us'. */
  locale: string;
  theme: TeamsThemeName;
  /** 'Teams', 'Outlook', 'Office', or the workbench's name. */
  hostName: string;
  /** 'content' (a tab), 'settings' (a configurable tab's config page), 'remove'… */
  frameContext: string;
  /** For channel tabs: the team's Microsoft 365 group id and the channel. */
  teamGroupId: string | null;
  teamName: string | null;
  channelId: string | null;
  /** The viewer's IANA time zone when the host says (Teams: the OS locale info); absent or null = the device's zone. */
  timeZone?: string | null;
  /**
   * The sub-page a deep link asked for (Teams: the tab deep link's `subEntityId`, `app.Context.page.subPageId`), e.g.
   * `request:<id>` for a request's detail panel; absent or null when the surface was opened without one.
   */
  subPageId?: string | null;
}

/** The host calls a surface needs (personal tab, manager tab, task pane). */
export interface SurfaceHost {
  readonly context: HostContext;
  /**
   * An access token for Turnaround's API (SSO). Rejects with an Error whose `code` is e.g. `consent_required`.
   * `rejected`: a token the API refused as expired; the host then gets a new one rather than handing it back.
   */
  getToken(rejected?: string): Promise<string>;
  /** Subscribes to theme changes; returns the unsubscribe function. */
  onThemeChange(listener: (theme: TeamsThemeName) => void): () => void;
  /** Opens a link in the host: an Outlook web link of an email, a Teams deep link of a chat message, or a web page. */
  openLink(url: string): Promise<void>;
}

/** Extra calls a configurable tab's config page needs (Teams `pages.config`). */
export interface ConfigHost extends SurfaceHost {
  setValidityState(valid: boolean): void;
  /** Registers the handler Teams calls when the user presses Save; call `notifySuccess`/`notifyFailure` on the event. */
  registerOnSaveHandler(handler: (save: { notifySuccess(): void; notifyFailure(reason?: string): void }) => void): void;
  setConfig(config: { entityId: string; contentUrl: string; websiteUrl?: string; suggestedDisplayName?: string }): Promise<void>;
}

/** Why a surface cannot start in its host. `not_in_host`: opened in a plain browser. */
export type HostStartFailureCode = 'not_in_host' | 'host_timeout' | 'host_error';

export interface HostStartFailure {
  code: HostStartFailureCode;
  message: string;
}
