/**
 * `POST /api/me/suggestions/:id/dismiss` through buildServer with real tokens from the dev identity provider and a real
 * SQLite file: 204 and gone from GET /api/me/suggestions (remembered by the server, so on every device); a sync's
 * upsert does not bring it back; another person's id and an unknown id are 404 and leave that suggestion alone.
 */
import type { Problem, SuggestionsResponse } from '../../../src/contracts/api';
import type { DemoUser } from '../../../src/devtenant/demo-organization';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { startServerFixture, type ServerFixture } from './server-fixture';

describe('suggestion dismissal API', () => {
  let f: ServerFixture;
  let stores: DatabaseStores;
  let tenantId: string;
  let me: DemoUser;
  let colleague: DemoUser;
  const tokens = { me: '', colleague: '' };

  const suggestion = (personId: string, fromId: string, key: string) => ({
    tenantId, personId, source: 'email' as const, sourceMessageId: `dismiss-${key}`, chatId: null, fromId, subject: `Suggestion ${key}`,
    preview: 'Could you…', receivedAt: f.devTenant.clock.now(), reason: 'asks a question', answered: false, score: 0.8,
  });
  const listIds = async (token: string): Promise<string[]> => {
    const response = await f.app.inject({ method: 'GET', url: '/api/me/suggestions', headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
    return response.json<SuggestionsResponse>().suggestions.map((s) => s.messageId);
  };
  const dismiss = (token: string, id: string) =>
    f.app.inject({ method: 'POST', url: `/api/me/suggestions/${encodeURIComponent(id)}/dismiss`, headers: { authorization: `Bearer ${token}` } });
  const idOf = async (personId: string, key: string): Promise<string> => {
    const found = (await stores.suggestions.list(tenantId, personId, { includeDismissed: true })).find((s) => s.sourceMessageId === `dismiss-${key}`);
    if (!found) throw new Error(`suggestion ${key} is missing`);
    return found.id;
  };

  beforeAll(async () => {
    f = await startServerFixture({ DEMO_SEED_REQUESTS: 'off' });
    stores = f.app.services.stores as DatabaseStores;
    const org = f.devTenant.org;
    tenantId = org.tenantId;
    [me, colleague] = org.users as [DemoUser, DemoUser];
    tokens.me = await f.token(me.userPrincipalName);
    tokens.colleague = await f.token(colleague.userPrincipalName);
    await stores.suggestions.upsert([suggestion(me.id, colleague.id, 'mine-1'), suggestion(me.id, colleague.id, 'mine-2'), suggestion(colleague.id, me.id, 'theirs')]);
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('dismisses one of mine with 204; it is no longer listed, and a later sync upsert does not bring it back', async () => {
    expect((await listIds(tokens.me)).sort()).toEqual(['dismiss-mine-1', 'dismiss-mine-2']);
    const response = await dismiss(tokens.me, await idOf(me.id, 'mine-1'));
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(await listIds(tokens.me)).toEqual(['dismiss-mine-2']);
    await stores.suggestions.upsert([suggestion(me.id, colleague.id, 'mine-1')]);
    expect(await listIds(tokens.me)).toEqual(['dismiss-mine-2']);
    // Dismissing again is harmless (the row is still mine).
    expect((await dismiss(tokens.me, await idOf(me.id, 'mine-1'))).statusCode).toBe(204);
  });

  it('answers 404 not_found for another person’s suggestion and leaves it listed for them', async () => {
    const response = await dismiss(tokens.me, await idOf(colleague.id, 'theirs'));
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json<Problem>().code).toBe('not_found');
    expect(await listIds(tokens.colleague)).toEqual(['dismiss-theirs']);
  });

  it('answers 404 for an unknown id, 400 for a malformed one, and 401 without a token', async () => {
    expect((await dismiss(tokens.me, 'no-such-suggestion')).statusCode).toBe(404);
    const malformed = await dismiss(tokens.me, 'bad id!');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json<Problem>().code).toBe('validation_failed');
    const anonymous = await f.app.inject({ method: 'POST', url: `/api/me/suggestions/${await idOf(me.id, 'mine-2')}/dismiss` });
    expect(anonymous.statusCode).toBe(401);
    expect(await listIds(tokens.me)).toEqual(['dismiss-mine-2']);
  });
});
