/**
 * The only manager file that touches teams-js. It turns the Teams host (or the demo workbench, which speaks the same
 * postMessage protocol) into the plain {@link SurfaceHost} / {@link ConfigHost} objects of src/ui/shared/host-types.ts,
 * which the components take as props. UI tests fake those objects, never teams-js.
 */
import { app, authentication, pages } from '@microsoft/teams-js';
import type { ConfigHost, HostContext, HostStartFailure, SurfaceHost } from '../shared/host-types';
import { toTeamsThemeName } from '../shared/theme';

/** Origins the demo workbench (same origin) and the Teams / Microsoft 365 hosts frame the tab from. */
function validOrigins(): string[] {
  return [window.location.origin, 'https://teams.microsoft.com', 'https://teams.cloud.microsoft', 'https://*.office.com', 'https://*.cloud.microsoft'];
}

function toHostContext(context: app.Context): HostContext {
  return {
    userObjectId: context.user?.id ?? null,
    userPrincipalName: context.user?.userPrincipalName ?? null,
    tenantId: context.user?.tenant?.id ?? null,
    locale: context.app.locale || 'en-us',
    theme: toTeamsThemeName(context.app.theme),
    hostName: context.app.host.name,
    frameContext: context.page.frameContext ?? 'content',
    teamGroupId: context.team?.groupId ?? null,
    teamName: context.team?.displayName ?? null,
    channelId: context.channel?.id ?? null,
  };
}

function surfaceHost(context: HostContext): SurfaceHost {
  const listeners = new Set<(theme: ReturnType<typeof toTeamsThemeName>) => void>();
  app.registerOnThemeChangeHandler((theme) => listeners.forEach((listener) => listener(toTeamsThemeName(theme))));
  return {
    context,
    getToken: () => authentication.getAuthToken(),
    onThemeChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    openLink: (url) => app.openLink(url),
  };
}

/** Sorts a teams-js start failure into the codes the pages show (not framed, host silent, anything else). */
export function toHostStartFailure(error: unknown): HostStartFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (/no parent window/i.test(message)) return { code: 'not_in_host', message: 'Open Turnaround from a Teams channel: this page runs inside Microsoft Teams.' };
  if (/timed? ?out/i.test(message)) return { code: 'host_timeout', message: 'Microsoft Teams did not answer. Reload the tab.' };
  return { code: 'host_error', message: `Microsoft Teams could not start the tab: ${message}` };
}

/**
 * Initializes teams-js for the channel tab (content frame) and reads team, channel, user and theme.
 * @throws {HostStartFailure} when the page is not framed by a Teams host or the host fails.
 */
export async function connectManagerHost(): Promise<SurfaceHost> {
  try {
    await app.initialize(validOrigins());
    const context = toHostContext(await app.getContext());
    app.notifySuccess();
    return surfaceHost(context);
  } catch (error) {
    throw toHostStartFailure(error);
  }
}

/**
 * Initializes teams-js on the configurable tab's configuration page (settings frame): validity, the save handshake
 * (`registerOnSaveHandler` → `setConfig` → `notifySuccess`) and the same context as the tab.
 * @throws {HostStartFailure} when the page is not framed by a Teams host or the host fails.
 */
export async function connectConfigHost(): Promise<ConfigHost> {
  try {
    await app.initialize(validOrigins());
    const context = toHostContext(await app.getContext());
    app.notifySuccess();
    return {
      ...surfaceHost(context),
      setValidityState: (valid) => pages.config.setValidityState(valid),
      registerOnSaveHandler: (handler) => pages.config.registerOnSaveHandler(handler),
      setConfig: (config) => pages.config.setConfig(config),
    };
  } catch (error) {
    throw toHostStartFailure(error);
  }
}
