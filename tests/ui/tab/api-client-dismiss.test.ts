import { ApiError, createApiClient } from '../../../src/ui/shared/api-client';

// jsdom has no Response; the client reads only ok, status, statusText and text().
const response = (status: number, text = '') => ({ ok: status >= 200 && status < 300, status, statusText: '', text: async () => text }) as Response;

describe('createApiClient.dismissSuggestion (used by the tab)', () => {
  it('POSTs /api/me/suggestions/:id/dismiss with the bearer token and resolves on 204', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const client = createApiClient({ getToken: async () => 'tok', fetch: (async (url: RequestInfo | URL, init?: RequestInit) => { calls.push({ url: String(url), init: init ?? {} }); return response(204); }) as typeof fetch });
    await expect(client.dismissSuggestion('s/1')).resolves.toBeUndefined();
    expect(calls.map((c) => [c.init.method, c.url])).toEqual([['POST', '/api/me/suggestions/s%2F1/dismiss']]);
    expect((calls[0]?.init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
  });

  it('rejects with the server’s code for another person’s id', async () => {
    const problem = { type: 'about:blank', title: 'Not found', status: 404, detail: 'The suggestion was not found.', code: 'not_found' };
    const client = createApiClient({ getToken: async () => 't', fetch: (async () => response(404, JSON.stringify(problem))) as typeof fetch });
    const error = await client.dismissSuggestion('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('not_found');
  });
});
