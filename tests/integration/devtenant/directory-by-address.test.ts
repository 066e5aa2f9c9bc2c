import type { UserContext } from '../../../src/app/m365-ports';
import { startDevTenant, type LocalDevTenant } from '../../../src/devtenant/dev-tenant';
import type { DemoUser } from '../../../src/devtenant/demo-organization';
import { graphAccessTokensFor } from '../../../src/graph/graph-access-tokens';
import { GraphClientPool } from '../../../src/graph/graph-client-pool';
import { GraphDirectorySource } from '../../../src/graph/graph-directory-source';
import { demoCredentials } from '../../../src/server/server-services';
import { graphToken, rawGraphRequest } from './raw-graph-request';
import { addGuest, addUntidyColleague, sendFrom } from './untidy-people';

// People found by address — mail, UPN or alias — through Graph's /users $filter: the simulator answers as Graph does
// (default and advanced queries, errors included), and the Graph adapter finds, picks and caches people with it.
const NOW = new Date('2025-03-20T12:00:00Z');
const ADVANCED_ERROR = "Operator 'endsWith' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information";
let tenant: LocalDevTenant;
let caller: DemoUser;
let token: string;
let ana: ReturnType<typeof addUntidyColleague>;
let guest: DemoUser;

beforeAll(async () => {
  tenant = await startDevTenant({ seed: 5, people: 12, days: 10, now: NOW });
  caller = tenant.org.users[0] as DemoUser;
  token = await graphToken(tenant, caller.userPrincipalName);
  ana = addUntidyColleague(tenant.org, { id: '6f1d2a40-0000-4000-8000-00000000a0a1', upnLocal: 'asilva', mailLocal: 'ana.silva', aliasLocal: 'ana+it' });
  guest = addGuest(tenant.org, '6f1d2a40-0000-4000-8000-00000000a0a2', 'gil@untidy-guest.example');
});
afterAll(() => tenant.stop());

const users = (query: string, headers: Record<string, string> = {}) => rawGraphRequest(tenant, 'GET', `/users?${query}`, { token, headers });
const filter = (f: string): string => `$filter=${encodeURIComponent(f)}`;

describe('GET /users by address in the simulator', () => {
  it.each([
    ['mail', () => `mail eq '${ana.mail}'`],
    ['mail in another case', () => `mail eq '${ana.mail.toUpperCase()}'`],
    ['user principal name', () => `userPrincipalName eq '${ana.upn}'`],
    ['an alias among the proxy addresses', () => `proxyAddresses/any(a:a eq 'smtp:${ana.alias}')`],
    ['mail or UPN or alias — the adapter\'s query — with the alias', () => `mail eq '${ana.alias}' or userPrincipalName eq '${ana.alias}' or proxyAddresses/any(a:a eq 'smtp:${ana.alias}')`],
  ])('finds a colleague by %s, without the advanced query parameters', async (_, f) => {
    const r = await users(`${filter(f())}&$select=id,mail`);
    expect(r.status).toBe(200);
    expect(r.body.value).toEqual([{ id: ana.user.id, mail: ana.mail }]);
    expect(r.body['@odata.count']).toBeUndefined();
  });

  it('finds nobody for an address no one has, and `and` binds tighter than `or`', async () => {
    expect((await users(filter("mail eq 'nobody@contoso.example'"))).body.value).toEqual([]);
    const r = await users(`${filter(`userType eq 'Guest' and mail eq '${ana.mail}' or userPrincipalName eq '${guest.userPrincipalName}'`)}&$select=id`);
    expect(r.body.value).toEqual([{ id: guest.id }]);
  });

  it('returns proxyAddresses and userType only when selected, with Graph\'s names', async () => {
    const plain = await users(filter(`mail eq '${ana.mail}'`));
    expect(plain.body.value[0]).not.toHaveProperty('proxyAddresses');
    expect(plain.body.value[0]).not.toHaveProperty('userType');
    const selected = await users(`${filter(`mail eq '${guest.mail}'`)}&$select=id,userPrincipalName,proxyAddresses,userType`);
    expect(selected.body.value).toEqual([{ id: guest.id, userPrincipalName: guest.userPrincipalName, proxyAddresses: ['SMTP:gil@untidy-guest.example'], userType: 'Guest' }]);
    const me = await rawGraphRequest(tenant, 'GET', `/users/${ana.user.id}?$select=proxyAddresses,userType`, { token });
    expect(me.body).toMatchObject({ proxyAddresses: [`SMTP:${ana.mail}`, `smtp:${ana.alias}`, `smtp:${ana.upn}`], userType: 'Member' });
  });

  it('rejects an advanced query (endsWith) without ConsistencyLevel: eventual and $count=true, as Graph does', async () => {
    const f = filter("endsWith(mail,'@untidy-guest.example')");
    for (const r of [await users(f), await users(`${f}&$count=true`), await users(f, { ConsistencyLevel: 'eventual' })]) {
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'Request_UnsupportedQuery', message: ADVANCED_ERROR });
    }
    const ok = await users(`${f}&$count=true&$select=id`, { ConsistencyLevel: 'eventual' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ '@odata.count': 1, value: [{ id: guest.id }] });
    // The lambda form of endsWith on proxyAddresses is advanced too.
    const lambda = await users(filter("proxyAddresses/any(p:endsWith(p,'@untidy-guest.example'))"));
    expect(lambda.body.error).toMatchObject({ code: 'Request_UnsupportedQuery', message: ADVANCED_ERROR });
  });

  it('takes the advanced query parameters inside $batch from the item headers', async () => {
    const url = `/users?${filter("endsWith(mail,'@untidy-guest.example')")}&$count=true&$select=id`;
    const r = await rawGraphRequest(tenant, 'POST', '/$batch', { token, body: { requests: [
      { id: '1', method: 'GET', url },
      { id: '2', method: 'GET', url, headers: { ConsistencyLevel: 'eventual' } },
    ] } });
    const byId = new Map((r.body.responses as { id: string; status: number; body: { error?: { code: string }; value?: unknown[] } }[]).map((x) => [x.id, x]));
    expect(byId.get('1')).toMatchObject({ status: 400, body: { error: { code: 'Request_UnsupportedQuery' } } });
    expect(byId.get('2')).toMatchObject({ status: 200, body: { value: [{ id: guest.id }] } });
  });

  it('ignores $count=true without the header (no @odata.count), as Graph does', async () => {
    const r = await users(`${filter(`mail eq '${ana.mail}'`)}&$count=true`);
    expect(r.status).toBe(200);
    expect(r.body['@odata.count']).toBeUndefined();
    expect((await users(`${filter(`mail eq '${ana.mail}'`)}&$count=true`, { ConsistencyLevel: 'eventual' })).body['@odata.count']).toBe(1);
  });

  it('answers Graph\'s errors for a property it cannot filter, a collection without any, and a page over 999', async () => {
    const jobTitle = await users(filter("jobTitle eq 'Clerk'"));
    expect(jobTitle.body.error).toMatchObject({ code: 'Request_UnsupportedQuery', message: "Unsupported or invalid query filter clause specified for property 'jobTitle' of resource 'User'." });
    const noAny = await users(filter(`proxyAddresses eq 'smtp:${ana.alias}'`));
    expect(noAny.status).toBe(400);
    const big = await users('$top=1000');
    expect(big.body.error).toMatchObject({ code: 'Request_UnsupportedQuery', message: "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive." });
  });

  it('lists only the caller\'s own tenant', async () => {
    const other = tenant.org.otherTenant?.users[0] as DemoUser;
    const otherToken = await graphToken(tenant, other.userPrincipalName);
    const r = await rawGraphRequest(tenant, 'GET', `/users?${filter(`mail eq '${ana.mail}'`)}`, { token: otherToken });
    expect(r.body.value).toEqual([]);
    const own = await rawGraphRequest(tenant, 'GET', '/users?$select=id', { token: otherToken });
    expect(own.body.value.map((u: { id: string }) => u.id).sort()).toEqual(tenant.org.otherTenant?.users.map((u) => u.id).sort());
  });

  it('delivers mail sent to an alias to the owner\'s Inbox', () => {
    const copies = sendFrom(tenant.org, caller, caller.mail, [{ name: 'Ana', address: ana.alias.toUpperCase() }], 'Could you please check the alias route', NOW.getTime());
    expect(copies.map((c) => c.ownerIndex)).toEqual([ana.user.index]);
  });
});

describe('GraphDirectorySource.peopleByAddress', () => {
  function directory(nowMs: () => number = () => NOW.getTime(), maxCachedAddresses?: number) {
    // Background lookups: the server's application access (msal-node at the dev tenant's token endpoint).
    const tokens = graphAccessTokensFor(demoCredentials(tenant), 'application', () => tenant.clock.nowMs());
    const pool = new GraphClientPool({ baseUrl: tenant.graphBaseUrl, caPem: tenant.certificatePem, tokens, backoff: { baseDelayMs: 10, maxRetries: 1 } });
    return { source: new GraphDirectorySource(pool, { nowMs, addressTtlMs: 60_000, ...(maxCachedAddresses ? { maxCachedAddresses } : {}) }), pool };
  }
  const user = (): UserContext => ({ tenantId: tenant.org.tenantId, userId: caller.id });
  const lookups = (): number => tenant.counters.get('GET /users');

  it('finds a colleague by mail, UPN and alias (any case) with their proxy addresses; an unknown address is missing', async () => {
    const { source, pool } = directory();
    try {
      const found = await source.peopleByAddress(user(), [ana.mail, ana.upn.toUpperCase(), ana.alias, 'nobody@contoso.example', 'not-an-address']);
      expect([...found.keys()].sort()).toEqual([ana.alias, ana.mail, ana.upn].sort());
      for (const p of found.values()) expect(p).toMatchObject({ id: ana.user.id, mail: ana.mail, userPrincipalName: ana.upn, userType: 'Member', proxyAddresses: ana.user.proxyAddresses });
    } finally {
      await pool.close();
    }
  });

  it('looks one address up with one GET (no $batch), a plus-addressed alias included', async () => {
    const { source, pool } = directory();
    try {
      const [users0, batches0] = [lookups(), tenant.counters.get('POST /$batch')];
      expect((await source.peopleByAddress(user(), [ana.alias])).get(ana.alias)?.id).toBe(ana.user.id);
      expect([lookups() - users0, tenant.counters.get('POST /$batch') - batches0]).toEqual([1, 0]);
    } finally {
      await pool.close();
    }
  });

  it('caches every answer by address: the second lookup of an address makes no Graph call, until the TTL passes', async () => {
    let nowMs = NOW.getTime();
    const { source, pool } = directory(() => nowMs);
    try {
      const before = lookups();
      await source.peopleByAddress(user(), [ana.alias, 'nobody@contoso.example']);
      expect(lookups() - before).toBe(2);
      const batches = tenant.counters.get('POST /$batch');
      const again = await source.peopleByAddress(user(), [ana.alias.toUpperCase(), 'nobody@contoso.example']);
      expect(again.get(ana.alias)?.id).toBe(ana.user.id);
      expect(again.has('nobody@contoso.example')).toBe(false);
      expect(lookups() - before).toBe(2); // found and not found both came from the cache
      expect(tenant.counters.get('POST /$batch')).toBe(batches);
      nowMs += 60_001;
      await source.peopleByAddress(user(), [ana.alias]);
      expect(lookups() - before).toBe(3);
    } finally {
      await pool.close();
    }
  });

  it('keeps at most its bound of addresses, least recently used dropped first', async () => {
    const { source, pool } = directory(undefined, 2);
    try {
      const before = lookups();
      for (const a of [ana.mail, ana.upn, ana.alias, ana.upn]) await source.peopleByAddress(user(), [a]);
      expect(lookups() - before).toBe(3); // the UPN was still cached
      await source.peopleByAddress(user(), [ana.mail]); // dropped when the alias came in
      expect(lookups() - before).toBe(4);
    } finally {
      await pool.close();
    }
  });

  it('finds a guest by their home address and says so (userType), for the caller to judge', async () => {
    const { source, pool } = directory();
    try {
      expect((await source.peopleByAddress(user(), [guest.mail])).get(guest.mail)).toMatchObject({ id: guest.id, userType: 'Guest' });
    } finally {
      await pool.close();
    }
  });

  it('throws when Graph refuses a lookup (alone or in a batch), and caches nothing of it', async () => {
    const { source, pool } = directory();
    try {
      tenant.setFaults({ rate: 1, statuses: [500], seed: 1 });
      await expect(source.peopleByAddress(user(), [ana.mail])).rejects.toMatchObject({ code: 'graph_error', status: 500 });
      await expect(source.peopleByAddress(user(), [ana.mail, ana.upn])).rejects.toMatchObject({ code: 'graph_error', status: 500 });
      tenant.setFaults({ rate: 0 });
      const before = lookups();
      const found = await source.peopleByAddress(user(), [ana.mail, ana.upn]);
      expect([found.get(ana.mail)?.id, found.get(ana.upn)?.id]).toEqual([ana.user.id, ana.user.id]);
      expect(lookups() - before).toBe(2);
    } finally {
      tenant.setFaults({ rate: 0 });
      await pool.close();
    }
  });
});
