/**
 * The typed client for Turnaround's API (DESIGN.md "API"), used by every surface. JSON in and out; every call carries
 * `Authorization: Bearer <token>` from `getToken` — a token never goes into a URL. A `401 token_expired` answer (the
 * API changed nothing) is retried once with a new token from `getToken(rejected)`, so an expired sign-in is renewed
 * without the person seeing it. A non-2xx answer throws {@link ApiError} with the server's problem+json; a network
 * failure throws an ApiError with code `offline`.
 */
import type {
  AsksResponse,
  DashboardResponse,
  HomeTeamResponse,
  LookupResponse,
  MeResponse,
  MyCategoriesResponse,
  MyPreferences,
  Problem,
  QueueResponse,
  QueueStampResponse,
  RecentChatsResponse,
  RequestDetailResponse,
  RequestAction,
  RequestSource,
  RequestView,
  SavedTeamSettings,
  StatsResponse,
  SuggestionsResponse,
  SyncStatusResponse,
  TeamSettings,
  TrackRequestBody,
  UndoOffer,
  UntrackResponse,
} from '../../contracts/api';
import { ApiError } from './api-error';

export { ApiError, isApiErrorCode } from './api-error';

export interface ApiClientOptions {
  /**
   * Resolves an access token for the API (SSO in Teams/Outlook, the dev identity provider in the demo). Called with the
   * token the API refused as expired, it must not hand that one back (see token-cache.ts).
   */
  getToken: (rejected?: string) => Promise<string>;
  /** Origin (and optional path prefix) of the API; default '' = same origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

export type StatsPeriod = '30d' | '90d';

/** A change made through PATCH /api/requests/:id, as the surfaces use it. */
export interface RequestChange {
  /** The request after the change; null after `untrack`. */
  request: RequestView | null;
  undo: UndoOffer | null;
}
export type DashboardPeriod = '7d' | '30d' | '90d';

/** One typed method per API route. */
export interface ApiClient {
  getMe(): Promise<MeResponse>;
  /** GET /api/me/categories — my home team's categories (the defaults without a team). */
  getMyCategories(): Promise<MyCategoriesResponse>;
  /** GET /api/me/home-team — the team my requests count for, and whether I still have to choose it. */
  getHomeTeam(): Promise<HomeTeamResponse>;
  /** PUT /api/me/home-team — rejects with `not_a_member` for a team I am not in (nothing changes). */
  setHomeTeam(teamId: string): Promise<HomeTeamResponse>;
  /** GET /api/me/preferences — what reaches my Teams activity feed (warnings and digest by default). */
  getPreferences(): Promise<MyPreferences>;
  /** PUT /api/me/preferences — answers what was stored; a bad choice is `validation_failed` (nothing changes). */
  setPreferences(preferences: MyPreferences): Promise<MyPreferences>;
  getQueue(include?: 'open' | 'all'): Promise<QueueResponse>;
  /** GET /api/me/queue/stamp — differs from the last queue answer's `stamp` once the open queue changed. */
  getQueueStamp(): Promise<QueueStampResponse>;
  getStats(period: StatsPeriod): Promise<StatsResponse>;
  getAsks(): Promise<AsksResponse>;
  getSuggestions(): Promise<SuggestionsResponse>;
  getRecentChats(): Promise<RecentChatsResponse>;
  /** POST /api/me/suggestions/:id/dismiss — 204; the server remembers it. Rejects with `not_found` for others' ids. */
  dismissSuggestion(id: string): Promise<void>;
  /** POST /api/requests — idempotent; resolves with the tracked request (new or existing). */
  trackRequest(body: TrackRequestBody): Promise<RequestView>;
  lookupRequest(source: RequestSource, messageId: string): Promise<LookupResponse>;
  /** GET /api/requests/:id — my request with its history; rejects with `not_found` for anything else. */
  getRequestDetail(id: string): Promise<RequestDetailResponse>;
  /** PATCH /api/requests/:id — resolves with the request after the action (null after `untrack`). */
  updateRequest(id: string, action: RequestAction): Promise<RequestView | null>;
  /**
   * PATCH /api/requests/:id as a change that may be undone: the request after it (null after `untrack`) and the
   * server's offer to undo it (null when the change cannot be undone).
   */
  changeRequest(id: string, action: RequestAction): Promise<RequestChange>;
  getTeamSettings(groupId: string): Promise<TeamSettings>;
  /** Saves a team's settings; the answer says what the save did (`outcome`). */
  putTeamSettings(groupId: string, settings: TeamSettings): Promise<SavedTeamSettings>;
  getDashboard(groupId: string, period: DashboardPeriod): Promise<DashboardResponse>;
  /** GET /api/teams/:groupId/export.csv — the CSV text. */
  exportCsv(groupId: string, period?: DashboardPeriod): Promise<string>;
  startSync(): Promise<SyncStatusResponse>;
  getSyncStatus(): Promise<SyncStatusResponse>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

/** Creates an {@link ApiClient}. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = (options.baseUrl ?? '').replace(/\/$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  async function send(method: Method, path: string, body: unknown, accept: string): Promise<Response> {
    const token = await options.getToken();
    const response = await attempt(method, path, body, accept, token);
    if (response.ok) return response;
    const problem = await readProblem(response);
    if (problem.code !== 'token_expired') throw new ApiError(problem);
    // The API refused the token before doing anything: one retry with a new token, never a loop.
    const retried = await attempt(method, path, body, accept, await options.getToken(token));
    if (!retried.ok) throw new ApiError(await readProblem(retried));
    return retried;
  }

  async function attempt(method: Method, path: string, body: unknown, accept: string, token: string): Promise<Response> {
    const headers: Record<string, string> = { Accept: accept, Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
      });
    } catch (err) {
      throw new ApiError({
        type: 'about:blank',
        title: 'Offline',
        status: 0,
        detail: `The Turnaround service could not be reached (${err instanceof Error ? err.message : String(err)}).`,
        code: 'offline',
      });
    }
  }

  async function json<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const response = await send(method, path, body, 'application/json');
    if (response.status === 204) return null as T;
    const text = await response.text();
    return (text === '' ? null : JSON.parse(text)) as T;
  }

  const team = (groupId: string) => `/api/teams/${encodeURIComponent(groupId)}`;

  async function changeRequest(id: string, action: RequestAction): Promise<RequestChange> {
    const body = await json<RequestView | UntrackResponse | null>('PATCH', `/api/requests/${encodeURIComponent(id)}`, action);
    if (body === null || 'untracked' in body) return { request: null, undo: body?.undo ?? null };
    const { undo, ...request } = body;
    return { request, undo: undo ?? null };
  }

  return {
    getMe: () => json('GET', '/api/me'),
    getMyCategories: () => json('GET', '/api/me/categories'),
    getHomeTeam: () => json('GET', '/api/me/home-team'),
    setHomeTeam: (teamId) => json('PUT', '/api/me/home-team', { teamId }),
    getPreferences: () => json('GET', '/api/me/preferences'),
    setPreferences: (preferences) => json('PUT', '/api/me/preferences', preferences),
    getQueue: (include = 'open') => json('GET', `/api/me/queue?include=${include}`),
    getQueueStamp: () => json('GET', '/api/me/queue/stamp'),
    getStats: (period) => json('GET', `/api/me/stats?period=${encodeURIComponent(period)}`),
    getAsks: () => json('GET', '/api/me/asks'),
    getSuggestions: () => json('GET', '/api/me/suggestions'),
    getRecentChats: () => json('GET', '/api/me/chats/recent'),
    dismissSuggestion: async (id) => {
      await send('POST', `/api/me/suggestions/${encodeURIComponent(id)}/dismiss`, undefined, 'application/json');
    },
    trackRequest: (body) => json('POST', '/api/requests', body),
    lookupRequest: (source, messageId) =>
      json('GET', `/api/requests/lookup?${new URLSearchParams({ source, messageId }).toString()}`),
    getRequestDetail: (id) => json('GET', `/api/requests/${encodeURIComponent(id)}`),
    updateRequest: async (id, action) => (await changeRequest(id, action)).request,
    changeRequest,
    getTeamSettings: (groupId) => json('GET', `${team(groupId)}/standards`),
    putTeamSettings: (groupId, settings) => json('PUT', `${team(groupId)}/standards`, settings),
    getDashboard: (groupId, period) => json('GET', `${team(groupId)}/dashboard?period=${encodeURIComponent(period)}`),
    exportCsv: async (groupId, period) => {
      const query = period ? `?period=${encodeURIComponent(period)}` : '';
      const response = await send('GET', `${team(groupId)}/export.csv${query}`, undefined, 'text/csv');
      return response.text();
    },
    startSync: () => json('POST', '/api/sync', {}),
    getSyncStatus: () => json('GET', '/api/sync/status'),
  };
}

/** Reads a problem+json body; anything else becomes a problem with code `http_<status>`. */
async function readProblem(response: Response): Promise<Problem> {
  const fallback: Problem = {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: `The request failed with HTTP ${response.status}.`,
    code: `http_${response.status}`,
  };
  try {
    const text = await response.text();
    const body = JSON.parse(text) as Partial<Problem>;
    if (body && typeof body === 'object' && typeof body.code === 'string') {
      return { ...fallback, ...body, status: typeof body.status === 'number' ? body.status : response.status } as Problem;
    }
  } catch {
    // not JSON: keep the fallback
  }
  return fallback;
}
