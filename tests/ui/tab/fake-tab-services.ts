/** Fakes at the tab's seams: an in-memory API client and a host, with a record of calls. */
import type { ClockView, RequestView, StatsResponse, SyncStatusResponse } from '../../../src/contracts/api';
import type { ApiClient } from '../../../src/ui/shared/api-client';
import type { HostContext, SurfaceHost } from '../../../src/ui/shared/host-types';
import type { TeamsThemeName } from '../../../src/ui/shared/theme';

export function clock(c: Partial<ClockView> = {}): ClockView {
  return { status: 'onTrack', targetMinutes: 240, usedMinutes: 0, remainingMinutes: 240, dueAt: '2025-03-10T13:00:00Z', stoppedAt: null, ...c };
}

export function request(id: string, r: Partial<RequestView> = {}): RequestView {
  return {
    id, source: 'email', messageId: `m-${id}`, chatId: null, webLink: `https://outlook.office.com/mail/deeplink/read/${id}`,
    requester: { id: 'u-req', displayName: `Requester ${id}`, mail: 'req@contoso.test', department: 'Payroll' },
    assignee: { id: 'u-me', displayName: 'Me', mail: 'me@contoso.test', department: 'IT' },
    teamId: 'g-1', subject: `Subject ${id}`, preview: `Preview ${id}`, category: 'Access', priority: 'normal', note: null,
    status: 'open', colleagueOverride: false, receivedAt: '2025-03-10T08:00:00Z', firstResponseAt: null, firstResponseSource: null,
    resolvedAt: null, reopenCount: 0, waitingSince: null, clocks: { firstResponse: clock(), resolution: clock({ targetMinutes: 960, remainingMinutes: 960 }) },
    ...r,
  };
}

export function stats(s: Partial<StatsResponse> = {}): StatsResponse {
  const cs = { count: 12, medianMinutes: 95, p90Minutes: 300, withinStandardShare: 0.83, met: 10, missed: 2, breached: 0, running: 0 };
  return {
    period: { from: '2025-02-08T00:00:00Z', to: '2025-03-10T00:00:00Z', days: 30 },
    firstResponse: cs, resolution: { count: 10, medianMinutes: 480, p90Minutes: 1200, withinStandardShare: 0.7, met: 7, missed: 3, breached: 0, running: 2 },
    openBacklog: 4, oldestOpenMinutes: 610,
    counts: { received: 12, resolved: 10, open: 2, openReceivedEarlier: 2 },
    weekly: [{ weekStart: '2025-03-03T00:00:00Z', weekOf: '2025-03-03', received: 5, firstResponse: cs, resolution: cs }],
    weeksTimeZone: 'UTC',
    ...s,
  };
}

export type Calls = { method: string; args: unknown[] }[];

/** An ApiClient whose methods resolve from `impl` or reject 'not faked'; every call is recorded. */
export function fakeApi(impl: Partial<ApiClient>): { api: ApiClient; calls: Calls } {
  const calls: Calls = [];
  const defaults: Partial<ApiClient> = {
    getSyncStatus: async (): Promise<SyncStatusResponse> => ({ running: false, phase: 'done', itemsSeen: 0, requestsUpdated: 0, repliesFound: 0, startedAt: null, finishedAt: '2025-03-10T08:00:00Z', error: null, backgroundSync: 'continuous' }),
    getMe: async () => ({ user: { id: 'u-me', displayName: 'Me', mail: null, department: 'IT' }, tenantId: 't', teams: [], demo: true }),
    // In no team: nothing to choose, so the tab does not ask.
    getHomeTeam: async () => ({ team: null, source: null, choiceNeeded: false, teams: [] }),
    // Never chose: the default.
    getPreferences: async () => ({ warnings: 'warningsAndDigest' }),
  };
  const api = new Proxy({} as ApiClient, {
    get: (_t, name: string) => (...args: unknown[]) => {
      calls.push({ method: name, args });
      const fn = (impl as Record<string, ((...a: unknown[]) => Promise<unknown>) | undefined>)[name] ?? (defaults as Record<string, ((...a: unknown[]) => Promise<unknown>) | undefined>)[name];
      return fn ? fn(...args) : Promise.reject(new Error(`${name} not faked`));
    },
  });
  return { api, calls };
}

export function fakeHost(theme: TeamsThemeName = 'default') {
  const listeners = new Set<(t: TeamsThemeName) => void>();
  const opened: string[] = [];
  const context: HostContext = {
    userObjectId: 'u-me', userPrincipalName: 'me@contoso.test', tenantId: 't', locale: 'en-GB', theme, hostName: 'Teams',
    frameContext: 'content', teamGroupId: null, teamName: null, channelId: null,
  };
  const host: SurfaceHost = {
    context,
    getToken: async () => 'token',
    onThemeChange: (l) => { listeners.add(l); return () => { listeners.delete(l); }; },
    openLink: async (url) => { opened.push(url); },
  };
  return { host, opened, setTheme: (t: TeamsThemeName) => listeners.forEach((l) => l(t)) };
}

export function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => { data.set(k, v); } };
}
