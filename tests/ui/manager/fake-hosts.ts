import type { ConfigHost, HostContext, SurfaceHost } from '../../../src/ui/shared/host-types';

export function hostContext(overrides: Partial<HostContext> = {}): HostContext {
  return {
    userObjectId: 'u-owner', userPrincipalName: 'owner@contoso.test', tenantId: 't1', locale: 'en-gb', theme: 'default',
    hostName: 'Teams', frameContext: 'content', teamGroupId: 'g-payroll', teamName: 'Payroll Services', channelId: '19:general', ...overrides,
  };
}

export function fakeSurfaceHost(overrides: Partial<HostContext> = {}): SurfaceHost {
  return { context: hostContext(overrides), getToken: async () => 'token', onThemeChange: () => () => undefined, openLink: async () => undefined };
}

/** A config host that records the page's calls and lets the test press the host's Save button. */
export function fakeConfigHost(overrides: Partial<HostContext> = {}) {
  const validity: boolean[] = [];
  const configs: unknown[] = [];
  let saveHandler: ((save: { notifySuccess(): void; notifyFailure(reason?: string): void }) => void) | null = null;
  const host: ConfigHost = {
    ...fakeSurfaceHost({ frameContext: 'settings', ...overrides }),
    setValidityState: (valid) => { validity.push(valid); },
    registerOnSaveHandler: (handler) => { saveHandler = handler; },
    setConfig: async (config) => { configs.push(config); },
  };
  /** Presses Save like Teams does: resolves with 'success' or the failure reason. */
  const pressSave = () => new Promise<string>((resolve) => {
    if (!saveHandler) throw new Error('no save handler registered');
    saveHandler({ notifySuccess: () => resolve('success'), notifyFailure: (reason) => resolve(`failure: ${reason ?? ''}`) });
  });
  return { host, validity, configs, pressSave };
}
