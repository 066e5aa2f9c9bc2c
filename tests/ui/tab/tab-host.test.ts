/**
 * The real teams-js, driven by the workbench's host emulator through a fake window pair (the way teams-js's own tests
 * use `app._initialize(mockWindow)`): initialize, context, auth token, theme change, open link — and the plain-browser
 * failure.
 */
// eslint-disable-next-line no-restricted-imports -- this test plays the host for the real teams-js, as teams-js's own tests do
import { app, pages } from '@microsoft/teams-js';
import { TeamsHostEmulator } from '../../../src/devtenant/workbench/teams-host-emulator';
import { connectTabHost, submitDialog } from '../../../src/ui/tab/tab-host';

const ORIGIN = 'http://localhost:3978';

function fakeFramedWindow(createHost: (send: (m: unknown) => void) => TeamsHostEmulator) {
  const listeners: ((evt: MessageEvent) => void)[] = [];
  const parent = {
    closed: false,
    postMessage: (message: unknown) => {
      // The app posted to its parent: the host answers asynchronously, like a real window.
      setTimeout(() => host.handle(message), 0);
    },
  };
  const tabWindow = {
    parent,
    top: parent,
    opener: null,
    closed: false,
    location: { origin: ORIGIN, href: `${ORIGIN}/tab` },
    addEventListener: (type: string, fn: (evt: MessageEvent) => void) => { if (type === 'message') listeners.push(fn); },
    removeEventListener: () => undefined,
    self: null as unknown,
  };
  tabWindow.self = tabWindow;
  const send = (message: unknown) => setTimeout(() => listeners.forEach((fn) => fn({ data: message, source: parent, origin: ORIGIN } as unknown as MessageEvent)), 0);
  const host = createHost(send);
  return { tabWindow, host };
}

afterEach(() => app._uninitialize());

describe('connectTabHost with the real teams-js', () => {
  it('initializes, reads the context, gets a token, follows theme changes and opens links', async () => {
    const opened: string[] = [];
    const seen: string[] = [];
    const { tabWindow, host } = fakeFramedWindow((send) => new TeamsHostEmulator({
      frameContext: 'content',
      theme: 'default',
      send,
      getToken: async () => 'token-for-adele',
      openLink: (url) => opened.push(url),
      onMessage: (func) => seen.push(func),
      context: {
        locale: 'en-gb', entityId: 'myqueue', hostName: 'Teams', hostClientType: 'web', appSessionId: 's1', sessionId: 's1',
        userObjectId: 'oid-adele', userPrincipalName: 'adele@contoso.test', loginHint: 'adele@contoso.test', userDisplayName: 'Adele', tid: 'tid-1',
      },
    }));

    const tab = await connectTabHost({ ownOrigin: ORIGIN, hostWindow: tabWindow, timeoutMs: 5000 });
    expect(tab.context).toMatchObject({ userObjectId: 'oid-adele', userPrincipalName: 'adele@contoso.test', tenantId: 'tid-1', locale: 'en-gb', theme: 'default', frameContext: 'content', teamGroupId: null });
    await expect(tab.getToken()).resolves.toBe('token-for-adele');

    const themes: string[] = [];
    tab.onThemeChange((t) => themes.push(t));
    host.setTheme('dark');
    await new Promise((r) => setTimeout(r, 20));
    expect(themes).toEqual(['dark']);
    expect(host.registeredHandlers.has('themeChange')).toBe(true);

    await tab.openLink('https://outlook.office.com/mail/deeplink/read/AAMk');
    expect(opened).toEqual(['https://outlook.office.com/mail/deeplink/read/AAMk']);
    expect(seen).toEqual(expect.arrayContaining(['initialize', 'getContext', 'authentication.getAuthToken', 'executeDeepLink']));
  });

  it('asks the host for a token once while reading the context, then reuses it until shortly before it expires', async () => {
    const seen: string[] = [];
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const payload = Buffer.from(JSON.stringify({ exp })).toString('base64').replace(/=+$/, '');
    const { tabWindow } = fakeFramedWindow((send) => new TeamsHostEmulator({
      frameContext: 'content', theme: 'default', send, openLink: () => undefined, getToken: async () => `h.${payload}.s`,
      onMessage: (func) => seen.push(func),
      context: { locale: 'en-us', entityId: 'q', hostName: 'Teams', hostClientType: 'web', appSessionId: 's', sessionId: 's', userObjectId: 'o', userPrincipalName: 'u@x', loginHint: 'u@x', userDisplayName: 'U', tid: 't' },
    }));
    const tab = await connectTabHost({ ownOrigin: ORIGIN, hostWindow: tabWindow });
    const tokens = await Promise.all([tab.getToken(), tab.getToken(), tab.getToken()]);
    expect(new Set(tokens)).toEqual(new Set([`h.${payload}.s`]));
    expect(seen.filter((f) => f === 'authentication.getAuthToken')).toHaveLength(1);
    // Requested before the context answer was awaited: in parallel with getContext.
    expect(seen.indexOf('authentication.getAuthToken')).toBeLessThan(seen.indexOf('getContext'));
  });

  it('passes a deep link’s subEntityId (page.subPageId) and the OS time zone through to the tab’s context', async () => {
    const context = { locale: 'en-gb', entityId: 'myQueue', hostName: 'Teams', hostClientType: 'web' as const, appSessionId: 's', sessionId: 's', userObjectId: 'o', userPrincipalName: 'u@x', loginHint: 'u@x', userDisplayName: 'U', tid: 't' };
    const linked = fakeFramedWindow((send) => new TeamsHostEmulator({
      frameContext: 'content', theme: 'default', send, openLink: () => undefined, getToken: async () => 't',
      context: {
        ...context, subEntityId: 'request:0190a6b2-0000-7000-8000-000000000000',
        osLocaleInfo: { platform: 'windows', regionalFormat: 'en-gb', shortDate: 'dd/MM/yyyy', longDate: 'dd MMMM yyyy', shortTime: 'HH:mm', longTime: 'HH:mm:ss', timezone: 'Europe/Berlin' },
      },
    }));
    const tab = await connectTabHost({ ownOrigin: ORIGIN, hostWindow: linked.tabWindow });
    expect(tab.context).toMatchObject({ subPageId: 'request:0190a6b2-0000-7000-8000-000000000000', timeZone: 'Europe/Berlin' });

    app._uninitialize();
    const plain = fakeFramedWindow((send) => new TeamsHostEmulator({ frameContext: 'content', theme: 'default', send, openLink: () => undefined, getToken: async () => 't', context }));
    const plainTab = await connectTabHost({ ownOrigin: ORIGIN, hostWindow: plain.tabWindow });
    expect(plainTab.context).toMatchObject({ subPageId: null, timeZone: null });
  });

  it('reports consent problems from the host with code consent_required', async () => {
    const { tabWindow } = fakeFramedWindow((send) => new TeamsHostEmulator({
      frameContext: 'content', theme: 'dark', send, openLink: () => undefined,
      getToken: () => Promise.reject(new Error('resourceRequiresConsent')),
      context: { locale: 'en-us', entityId: 'q', hostName: 'Teams', hostClientType: 'web', appSessionId: 's', sessionId: 's', userObjectId: 'o', userPrincipalName: 'u@x', loginHint: 'u@x', userDisplayName: 'U', tid: 't' },
    }));
    const tab = await connectTabHost({ ownOrigin: ORIGIN, hostWindow: tabWindow });
    expect(tab.context.theme).toBe('dark');
    await expect(tab.getToken()).rejects.toMatchObject({ code: 'consent_required' });
  });

  it('fails at once with not_in_host in a plain browser window', async () => {
    const started = Date.now();
    await expect(connectTabHost({ ownOrigin: ORIGIN })).rejects.toMatchObject({ code: 'not_in_host' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('gives up with host_timeout when the framing page never answers', async () => {
    const tabWindow = { parent: { postMessage: () => undefined, closed: false }, opener: null, location: { origin: ORIGIN }, addEventListener: () => undefined, removeEventListener: () => undefined, self: null as unknown, top: null };
    tabWindow.self = tabWindow;
    await expect(connectTabHost({ ownOrigin: ORIGIN, hostWindow: tabWindow, timeoutMs: 200 })).rejects.toMatchObject({ code: 'host_timeout' });
  });
});

describe('the workbench host emulator and the real teams-js configurable-tab save handshake', () => {
  it('validity → Save → the page sets its config and notifies success', async () => {
    const results: unknown[] = [];
    const { tabWindow, host } = fakeFramedWindow((send) => new TeamsHostEmulator({
      frameContext: 'settings', theme: 'default', send, openLink: () => undefined, getToken: async () => 't',
      onSaveResult: (r) => results.push(r),
      context: { locale: 'en-us', entityId: '', hostName: 'Teams', hostClientType: 'web', appSessionId: 's', sessionId: 's', userObjectId: 'o', userPrincipalName: 'u@x', loginHint: 'u@x', userDisplayName: 'U', tid: 't', groupId: 'g-1', teamId: '19:team', teamName: 'IT Service', channelId: '19:chan' },
    }));
    app._initialize(tabWindow);
    await app.initialize([ORIGIN]);
    const context = await app.getContext();
    expect(context.page.frameContext).toBe('settings');
    expect(context.team?.groupId).toBe('g-1');

    pages.config.registerOnSaveHandler((save) => {
      pages.config.setConfig({ entityId: 'dash', contentUrl: `${ORIGIN}/manager?team=g-1`, suggestedDisplayName: 'Turnaround' })
        .then(() => save.notifySuccess(), (e: unknown) => save.notifyFailure(String(e)));
    });
    host.save();
    await new Promise((r) => setTimeout(r, 20));
    expect(results).toEqual([{ ok: false, reason: expect.stringContaining('valid') }]);

    pages.config.setValidityState(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(host.isValid).toBe(true);
    host.save();
    await new Promise((r) => setTimeout(r, 50));
    expect(results[1]).toEqual({ ok: true });
    expect(host.savedSettings).toMatchObject({ entityId: 'dash', contentUrl: `${ORIGIN}/manager?team=g-1` });
    await expect(pages.getConfig()).resolves.toMatchObject({ entityId: 'dash' });
  });
});

describe('the "Track as request" dialog\'s submit with the real teams-js (issue 21)', () => {
  const context = { locale: 'en-us', entityId: 'trackAsRequest', hostName: 'Teams', hostClientType: 'web' as const, appSessionId: 's', sessionId: 's', userObjectId: 'o', userPrincipalName: 'u@x', loginHint: 'u@x', userDisplayName: 'U', tid: 't' };

  it('in a dialog frame: dialog.url.submit reaches the host as tasks.completeTask with the result', async () => {
    const submitted: unknown[] = [];
    const seen: string[] = [];
    const { tabWindow } = fakeFramedWindow((send) => new TeamsHostEmulator({
      frameContext: 'task', theme: 'dark', send, getToken: async () => 'token', openLink: () => undefined, context,
      onDialogSubmit: (result) => submitted.push(result), onMessage: (func) => seen.push(func),
    }));
    const dialogHost = await connectTabHost({ ownOrigin: ORIGIN, hostWindow: tabWindow, timeoutMs: 5000 });
    expect(dialogHost.context).toMatchObject({ frameContext: 'task', theme: 'dark' });
    submitDialog({ priority: 'high', note: 'USB-C' });
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toContain('tasks.completeTask');
    expect(submitted).toEqual([{ priority: 'high', note: 'USB-C' }]);
  });

  it('in a tab frame: the host takes no dialog result', async () => {
    const submitted: unknown[] = [];
    const { tabWindow } = fakeFramedWindow((send) => new TeamsHostEmulator({
      frameContext: 'content', theme: 'default', send, getToken: async () => 'token', openLink: () => undefined, context,
      onDialogSubmit: (result) => submitted.push(result),
    }));
    await connectTabHost({ ownOrigin: ORIGIN, hostWindow: tabWindow, timeoutMs: 5000 });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    submitDialog({ priority: 'normal' });
    await new Promise((r) => setTimeout(r, 20));
    warn.mockRestore();
    expect(submitted).toEqual([]);
  });
});
