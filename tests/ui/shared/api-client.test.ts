import { ApiError, createApiClient } from '../../../src/ui/shared/api-client';

interface Call { url: string; init: RequestInit }

function fakeFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(input), init: init ?? {} };
    calls.push(call);
    return respond(call);
  }) as typeof fetch;
  return { fn, calls };
}

// jsdom has no Response; the client reads only ok, status, statusText and text().
function textResponse(text: string | null, status = 200): Response {
  return { ok: status >= 200 && status < 300, status, statusText: '', text: async () => text ?? '' } as Response;
}
const json = (body: unknown, status = 200) => textResponse(JSON.stringify(body), status);

describe('createApiClient', () => {
  it('sends the bearer token in a header, never in the URL, and parses JSON', async () => {
    const f = fakeFetch(() => json({ now: '2025-01-06T09:00:00Z', requests: [] }));
    const client = createApiClient({ getToken: async () => 'tok-123', baseUrl: 'http://h:1/', fetch: f.fn });
    const queue = await client.getQueue();
    expect(queue.requests).toEqual([]);
    expect(f.calls[0]?.url).toBe('http://h:1/api/me/queue?include=open');
    expect(f.calls[0]?.url).not.toContain('tok-123');
    expect((f.calls[0]?.init.headers as Record<string, string>).Authorization).toBe('Bearer tok-123');
    expect(f.calls[0]?.init.method).toBe('GET');
  });

  it.each([
    ['getMe', (c: ReturnType<typeof createApiClient>) => c.getMe(), 'GET', '/api/me'],
    ['getStats', (c: ReturnType<typeof createApiClient>) => c.getStats('90d'), 'GET', '/api/me/stats?period=90d'],
    ['getAsks', (c: ReturnType<typeof createApiClient>) => c.getAsks(), 'GET', '/api/me/asks'],
    ['getSuggestions', (c: ReturnType<typeof createApiClient>) => c.getSuggestions(), 'GET', '/api/me/suggestions'],
    ['getRecentChats', (c: ReturnType<typeof createApiClient>) => c.getRecentChats(), 'GET', '/api/me/chats/recent'],
    ['lookupRequest', (c: ReturnType<typeof createApiClient>) => c.lookupRequest('email', 'AA/b+c='), 'GET', '/api/requests/lookup?source=email&messageId=AA%2Fb%2Bc%3D'],
    ['updateRequest', (c: ReturnType<typeof createApiClient>) => c.updateRequest('r/1', { action: 'resolve' }), 'PATCH', '/api/requests/r%2F1'],
    ['trackRequest', (c: ReturnType<typeof createApiClient>) => c.trackRequest({ source: 'chat', messageId: 'm', chatId: 'c' }), 'POST', '/api/requests'],
    ['getTeamSettings', (c: ReturnType<typeof createApiClient>) => c.getTeamSettings('g1'), 'GET', '/api/teams/g1/standards'],
    ['getDashboard', (c: ReturnType<typeof createApiClient>) => c.getDashboard('g1', '7d'), 'GET', '/api/teams/g1/dashboard?period=7d'],
    ['startSync', (c: ReturnType<typeof createApiClient>) => c.startSync(), 'POST', '/api/sync'],
    ['getSyncStatus', (c: ReturnType<typeof createApiClient>) => c.getSyncStatus(), 'GET', '/api/sync/status'],
  ])('%s calls %s %s', async (_name, call, method, path) => {
    const f = fakeFetch(() => json({}));
    await call(createApiClient({ getToken: async () => 't', fetch: f.fn }));
    expect(f.calls[0]?.init.method).toBe(method);
    expect(f.calls[0]?.url).toBe(path);
  });

  it('sends JSON bodies with a content type', async () => {
    const f = fakeFetch(() => json({ id: 'r1' }, 201));
    const client = createApiClient({ getToken: async () => 't', fetch: f.fn });
    await client.trackRequest({ source: 'chat', messageId: 'm1', chatId: 'c1', priority: 'high' });
    expect(JSON.parse(String(f.calls[0]?.init.body))).toEqual({ source: 'chat', messageId: 'm1', chatId: 'c1', priority: 'high' });
    expect((f.calls[0]?.init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('throws ApiError with the problem and its code on a non-2xx answer', async () => {
    const problem = { type: 'x', title: 'Consent needed', status: 403, detail: 'Grant access', code: 'consent_required' };
    const f = fakeFetch(() => json(problem, 403));
    const client = createApiClient({ getToken: async () => 't', fetch: f.fn });
    const err = await client.getQueue().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(403);
    expect((err as ApiError).code).toBe('consent_required');
    expect((err as ApiError).problem.detail).toBe('Grant access');
  });

  it('retries once with a new token when the API answers 401 token_expired, naming the refused token', async () => {
    const expired = { type: 'x', title: 'Unauthorized', status: 401, detail: 'Your sign-in has expired', code: 'token_expired' };
    const f = fakeFetch((call) => ((call.init.headers as Record<string, string>).Authorization === 'Bearer old' ? json(expired, 401) : json({ id: 'r1' }, 201)));
    const asked: (string | undefined)[] = [];
    const client = createApiClient({ getToken: async (rejected) => { asked.push(rejected); return rejected === 'old' ? 'new' : 'old'; }, fetch: f.fn });
    await expect(client.trackRequest({ source: 'chat', messageId: 'm1', chatId: 'c1' })).resolves.toEqual({ id: 'r1' });
    expect(asked).toEqual([undefined, 'old']);
    expect(f.calls.map((c) => (c.init.headers as Record<string, string>).Authorization)).toEqual(['Bearer old', 'Bearer new']);
    expect(f.calls[1]?.init.body).toBe(f.calls[0]?.init.body);
  });

  it('retries token_expired only once, and never other 401s or 403s', async () => {
    const expired = { type: 'x', title: 'Unauthorized', status: 401, detail: 'expired', code: 'token_expired' };
    const always = fakeFetch(() => json(expired, 401));
    const err = await createApiClient({ getToken: async () => 't', fetch: always.fn }).getQueue().catch((e: unknown) => e);
    expect((err as ApiError).code).toBe('token_expired');
    expect(always.calls).toHaveLength(2);
    for (const problem of [
      { type: 'x', title: 'Unauthorized', status: 401, detail: 'no', code: 'unauthorized' },
      { type: 'x', title: 'Consent needed', status: 403, detail: 'Grant access', code: 'consent_required' },
    ]) {
      const f = fakeFetch(() => json(problem, problem.status));
      const e = await createApiClient({ getToken: async () => 't', fetch: f.fn }).getQueue().catch((x: unknown) => x);
      expect((e as ApiError).code).toBe(problem.code);
      expect(f.calls).toHaveLength(1);
    }
  });

  it('gives a non-JSON error a code from its status', async () => {
    const f = fakeFetch(() => textResponse('Bad gateway', 502));
    const err = await createApiClient({ getToken: async () => 't', fetch: f.fn }).getMe().catch((e: unknown) => e);
    expect((err as ApiError).code).toBe('http_502');
  });

  it('turns a network failure into code offline (status 0)', async () => {
    const f = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const err = await createApiClient({ getToken: async () => 't', fetch: f.fn }).getMe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('offline');
    expect((err as ApiError).status).toBe(0);
  });

  it('returns null for 204 (untrack) and text for the CSV export', async () => {
    const f = fakeFetch((c) => (c.url.endsWith('.csv') ? textResponse('a,b\n1,2\n') : textResponse(null, 204)));
    const client = createApiClient({ getToken: async () => 't', fetch: f.fn });
    await expect(client.updateRequest('r1', { action: 'untrack' })).resolves.toBeNull();
    await expect(client.exportCsv('g1')).resolves.toBe('a,b\n1,2\n');
  });

  it('does not call fetch when the token cannot be had', async () => {
    const f = fakeFetch(() => json({}));
    const client = createApiClient({ getToken: () => Promise.reject(Object.assign(new Error('no'), { code: 'consent_required' })), fetch: f.fn });
    await expect(client.getMe()).rejects.toThrow('no');
    expect(f.calls).toHaveLength(0);
  });
});
