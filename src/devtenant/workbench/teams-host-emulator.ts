/**
 * The Teams side of the teams-js postMessage protocol (teams-js 2.58), for the demo workbench and for tests. It does
 * not import teams-js: it is the host. Message shapes, from teams-js src/internal/communication.ts and messageObjects.ts:
 * - app → host request: `{ id, uuidAsString, func, args, timestamp, apiVersionTag }`;
 * - host → app response: `{ id, uuidAsString, args }` (args are what the app's promise unwraps);
 * - host → app event: `{ func, args }` (e.g. `themeChange`, `settings.save`).
 * Transport-agnostic: the page wires {@link TeamsHostEmulator.handle} to `message` events from the framed window and
 * `send` to `frame.postMessage(…, origin)`.
 */

export type WorkbenchTheme = 'default' | 'dark' | 'contrast';
/** `task`: a dialog (teams-js `FrameContexts.task`), e.g. the page a message extension's `task/continue` opens. */
export type WorkbenchFrameContext = 'content' | 'settings' | 'task';

/** The legacy context object teams-js turns into `app.Context` (transformLegacyContextToAppContext). */
export interface LegacyTeamsContext {
  locale: string;
  theme: WorkbenchTheme;
  entityId: string;
  /** A tab deep link's sub-page (teams-js `app.Context.page.subPageId`), e.g. `request:<id>`. */
  subEntityId?: string;
  /** The OS's regional settings (teams-js `app.Context.app.osLocaleInfo`), including the viewer's IANA time zone. */
  osLocaleInfo?: { platform: 'windows'; regionalFormat: string; shortDate: string; longDate: string; shortTime: string; longTime: string; timezone?: string };
  frameContext: WorkbenchFrameContext;
  hostName: string;
  hostClientType: 'web';
  appSessionId: string;
  sessionId: string;
  userObjectId: string;
  userPrincipalName: string;
  loginHint: string;
  userDisplayName: string;
  tid: string;
  userLicenseType?: string;
  teamId?: string;
  groupId?: string;
  teamName?: string;
  teamType?: number;
  userTeamRole?: number;
  channelId?: string;
  channelName?: string;
  channelType?: string;
  hostTeamGroupId?: string;
  hostTeamTenantId?: string;
}

/** A configurable tab's saved settings (`pages.config.setConfig`, `settings.setSettings`). */
export interface TabInstanceConfig {
  entityId?: string;
  contentUrl: string;
  websiteUrl?: string;
  suggestedDisplayName?: string;
  removeUrl?: string;
}

export interface TeamsHostEmulatorOptions {
  frameContext: WorkbenchFrameContext;
  context: Omit<LegacyTeamsContext, 'frameContext' | 'theme'>;
  theme: WorkbenchTheme;
  /** Posts a message into the framed page. */
  send: (message: unknown) => void;
  /** Resolves an access token for the API for the signed-in user (demo: POST /dev/idp/token). */
  getToken: () => Promise<string>;
  /** `executeDeepLink` / `app.openLink`. */
  openLink: (url: string) => void;
  /** Settings saved so far for a configurable tab. */
  settings?: TabInstanceConfig | null;
  /** Observers for the workbench UI. */
  onValidityChange?: (valid: boolean) => void;
  onSettingsChange?: (settings: TabInstanceConfig) => void;
  onSaveResult?: (result: { ok: true } | { ok: false; reason: string }) => void;
  /**
   * A dialog page submitted (`dialog.url.submit(result, appIds)`, which teams-js 2.x sends as `tasks.completeTask` with
   * `[result, appIds]`): Teams closes the dialog and, for a message extension's, posts `composeExtension/submitAction`.
   */
  onDialogSubmit?: (result: unknown) => void;
  /** Every message received, for the workbench's protocol log. */
  onMessage?: (func: string) => void;
}

interface AppRequest {
  id: number;
  uuidAsString?: string;
  func: string;
  args?: unknown[];
}

/** The version this host claims to support (Teams reports a 2.x teams-js version). */
export const HOST_SDK_VERSION = '2.58.0';

/**
 * The runtime configuration a modern Teams web client sends (IRuntimeV4 in teams-js src/public/runtime.ts):
 * what this workbench implements — app, pages (config, tabs, current app, back stack), teamsCore, and dialogs with a
 * web page (`dialog.url`: a dialog page's submit, issue 21).
 */
export const WORKBENCH_RUNTIME = {
  apiVersion: 4,
  isNAAChannelRecommended: false,
  isLegacyTeams: false,
  hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
  supports: {
    app: { notifySuccessResponse: {} },
    appEntity: {},
    pages: { appButton: {}, backStack: {}, config: {}, currentApp: {}, tabs: {} },
    teamsCore: {},
    dialog: { url: {} },
  },
} as const;

/** Speaks the host side of teams-js for one framed page. */
export class TeamsHostEmulator {
  private theme: WorkbenchTheme;
  private settings: TabInstanceConfig | null;
  private valid = false;
  private readonly registered = new Set<string>();
  private pendingSave = false;

  constructor(private readonly options: TeamsHostEmulatorOptions) {
    this.theme = options.theme;
    this.settings = options.settings ?? null;
  }

  /** Handles one message from the framed page; ignores anything that is not a teams-js request. */
  handle(data: unknown): void {
    if (!isAppRequest(data)) return;
    const args = data.args ?? [];
    this.options.onMessage?.(data.func);
    switch (data.func) {
      case 'initialize':
        this.reply(data, [this.options.frameContext, 'web', JSON.stringify(WORKBENCH_RUNTIME), HOST_SDK_VERSION]);
        return;
      case 'getContext':
        this.reply(data, [this.legacyContext()]);
        return;
      case 'authentication.getAuthToken':
        this.options.getToken().then(
          (token) => this.reply(data, [true, token]),
          (err: unknown) => this.reply(data, [false, err instanceof Error ? err.message : String(err)]),
        );
        return;
      case 'executeDeepLink': {
        const url = typeof args[0] === 'string' ? args[0] : '';
        if (!/^https?:\/\//i.test(url)) {
          this.reply(data, [false, 'Invalid link']);
          return;
        }
        this.options.openLink(url);
        this.reply(data, [true]);
        return;
      }
      case 'registerHandler':
        if (typeof args[0] === 'string') this.registered.add(args[0]);
        return;
      case 'settings.setValidityState':
        this.valid = args[0] === true;
        this.options.onValidityChange?.(this.valid);
        return;
      case 'settings.getSettings':
        this.reply(data, [this.settings ?? {}]);
        return;
      case 'settings.setSettings': {
        const config = args[0] as TabInstanceConfig | undefined;
        if (!config || typeof config.contentUrl !== 'string') {
          this.reply(data, [false, 'contentUrl is required']);
          return;
        }
        this.settings = { ...config };
        this.options.onSettingsChange?.(this.settings);
        this.reply(data, [true]);
        return;
      }
      case 'tasks.completeTask':
        // One-way, like Teams: the dialog closes; the result is the host's to pass on.
        if (this.options.frameContext === 'task') this.options.onDialogSubmit?.(args[0]);
        return;
      case 'settings.save.success':
        this.finishSave({ ok: true });
        return;
      case 'settings.save.failure':
        this.finishSave({ ok: false, reason: typeof args[0] === 'string' ? args[0] : 'The tab could not be saved.' });
        return;
      default:
        // appInitialization.*, telemetry and anything not implemented: Teams ignores unknown one-way messages too.
        return;
    }
  }

  /** Switches the theme and tells the framed page (`themeChange` event). */
  setTheme(theme: WorkbenchTheme): void {
    this.theme = theme;
    this.options.send({ func: 'themeChange', args: [theme] });
  }

  /** Whether the config page said its settings are valid (enables Save). */
  get isValid(): boolean {
    return this.valid;
  }

  get savedSettings(): TabInstanceConfig | null {
    return this.settings;
  }

  /** Names the framed page registered handlers for (`themeChange`, `save`…). */
  get registeredHandlers(): ReadonlySet<string> {
    return this.registered;
  }

  /**
   * The user pressed Save on a configurable tab: sends `settings.save`; the page's save handler answers with
   * `settings.save.success` / `.failure`. teams-js notifies success itself when no save handler is registered.
   */
  save(): void {
    if (!this.valid) {
      this.options.onSaveResult?.({ ok: false, reason: 'The configuration page has not marked its settings valid.' });
      return;
    }
    this.pendingSave = true;
    this.options.send({ func: 'settings.save', args: [{}] });
  }

  private finishSave(result: { ok: true } | { ok: false; reason: string }): void {
    if (!this.pendingSave) return;
    this.pendingSave = false;
    this.options.onSaveResult?.(result);
  }

  private legacyContext(): LegacyTeamsContext {
    return { ...this.options.context, frameContext: this.options.frameContext, theme: this.theme };
  }

  private reply(request: AppRequest, args: unknown[]): void {
    this.options.send({ id: request.id, uuidAsString: request.uuidAsString, args });
  }
}

function isAppRequest(data: unknown): data is AppRequest {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  return typeof d.id === 'number' && typeof d.func === 'string';
}
