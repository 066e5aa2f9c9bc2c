/**
 * The only file of the personal tab that touches teams-js. It initializes the SDK inside Teams (or the demo workbench,
 * which speaks the same postMessage protocol), reads the context and turns it into the plain {@link SurfaceHost} the
 * components take as a prop. Components and UI tests never import this file.
 */
import { app, authentication, dialog } from '@microsoft/teams-js';
import type { HostContext, HostStartFailure, SurfaceHost } from '../shared/host-types';
import { toTeamsThemeName, type TeamsThemeName } from '../shared/theme';
import { cachedTokenSource } from '../shared/token-cache';

/** Host origins the tab accepts messages from: its own (the demo workbench), Teams and Microsoft 365. */
export function tabValidOrigins(ownOrigin: string): string[] {
  return [ownOrigin, 'https://teams.microsoft.com', 'https://teams.cloud.microsoft', 'https://*.teams.microsoft.com', 'https://*.office.com', 'https://*.cloud.microsoft', 'https://outlook.office.com'];
}

export interface ConnectTabHostOptions {
  /** The page's origin (window.location.origin). */
  ownOrigin: string;
  /** Give up when a framing page never answers (teams-js itself waits 60 s). Default 10 000 ms. */
  timeoutMs?: number;
  /** Tests only: a fake window whose parent speaks the protocol (teams-js `app._initialize`). */
  hostWindow?: unknown;
}

/** An Error with a stable code, thrown by {@link SurfaceHost.getToken}. */
export class HostAuthError extends Error {
  constructor(readonly code: 'consent_required' | 'sso_failed', message: string) {
    super(message);
    this.name = 'HostAuthError';
  }
}

/** Sorts a teams-js start failure into the codes the tab shows. */
export function toTabStartFailure(error: unknown): HostStartFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (/no parent window/i.test(message)) return { code: 'not_in_host', message };
  if (/timed? ?out/i.test(message)) return { code: 'host_timeout', message };
  return { code: 'host_error', message };
}

/** The tab's plain context from teams-js's, including a deep link's sub-page (`subEntityId`) and the viewer's time zone. */
function toHostContext(context: app.Context): HostContext {
  return {
    userObjectId: context.user?.id || null,
    userPrincipalName: context.user?.userPrincipalName ?? null,
    tenantId: context.user?.tenant?.id ?? null,
    locale: context.app.locale || 'en-us',
    theme: toTeamsThemeName(context.app.theme),
    hostName: String(context.app.host.name),
    frameContext: String(context.page.frameContext ?? 'content'),
    teamGroupId: context.team?.groupId ?? null,
    teamName: context.team?.displayName ?? null,
    channelId: context.channel?.id ?? null,
    timeZone: context.app.osLocaleInfo?.timezone || null,
    subPageId: context.page.subPageId || null,
  };
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The host timed out after ${timeoutMs} ms`)), timeoutMs);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (err: unknown) => { clearTimeout(timer); reject(err instanceof Error ? err : new Error(String(err))); },
    );
  });
}

/**
 * Initializes teams-js for the personal tab and returns the host as plain functions.
 * @throws {HostStartFailure} `not_in_host` at once in a plain browser; `host_timeout` when the frame never answers.
 */
export async function connectTabHost(options: ConnectTabHostOptions): Promise<SurfaceHost> {
  try {
    if (options.hostWindow !== undefined) app._initialize(options.hostWindow);
    await withTimeout(app.initialize(tabValidOrigins(options.ownOrigin)), options.timeoutMs ?? 10_000);
    // Ask for the API token while the context is read: the first API call then finds it ready.
    const getToken = cachedTokenSource(requestAuthToken);
    getToken().catch(() => undefined);
    const context = toHostContext(await app.getContext());
    app.notifySuccess();
    return tabHost(context, getToken);
  } catch (error) {
    throw toTabStartFailure(error);
  }
}

/**
 * Closes the dialog this page runs in with `result` (teams-js `dialog.url.submit`, which sends `tasks.completeTask`):
 * for a message extension's dialog, Teams then posts `composeExtension/submitAction` with `result` as `value.data`.
 * Throws when the page is not a dialog (teams-js: not supported in this frame context).
 */
export function submitDialog(result: Record<string, unknown>): void {
  dialog.url.submit(result);
}

async function requestAuthToken(): Promise<string> {
  try {
    return await authentication.getAuthToken();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // Teams reports consent problems as "resourceRequiresConsent" / "consent_required" / "invalid_grant".
    const code = /consent|invalid_grant/i.test(message) ? 'consent_required' : 'sso_failed';
    throw new HostAuthError(code, message);
  }
}

function tabHost(context: HostContext, getToken: () => Promise<string>): SurfaceHost {
  const listeners = new Set<(theme: TeamsThemeName) => void>();
  app.registerOnThemeChangeHandler((theme) => {
    const name = toTeamsThemeName(theme);
    listeners.forEach((listener) => listener(name));
  });
  return {
    context,
    // One host round trip per token lifetime, not per API call (see token-cache.ts).
    getToken,
    onThemeChange: (listener) => {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    openLink: (url) => app.openLink(url),
  };
}
