import { LRUCache } from 'lru-cache';
import type { DirectoryPerson, DirectorySource, UserContext } from '../app/m365-ports';
import { GraphBatcher, type BatchItemResult } from './graph-batcher';
import type { GraphClientPool } from './graph-client-pool';
import type { GraphJson } from './graph-message-mapping';
import { isNotFound, toGraphSourceError } from './graph-source-error';
import { userPath } from './graph-user-path';

/** proxyAddresses and userType are returned only when selected (Graph v1.0 user resource). */
const PERSON_SELECT = 'id,displayName,mail,userPrincipalName,department,proxyAddresses,userType';
/** Addresses whose directory answer one server keeps at most (least recently used dropped first). */
const MAX_CACHED_ADDRESSES = 50_000;
/** How long a directory answer for an address (a person, or nobody) is trusted: aliases change rarely. */
const ADDRESS_TTL_MS = 3_600_000;

export interface GraphDirectorySourceOptions {
  /** Addresses whose answer is cached at most (default 50,000). */
  maxCachedAddresses?: number;
  /** How long an answer is trusted, ms (default 1 h). */
  addressTtlMs?: number;
  /** The clock that TTL is judged by (ms; default Date.now). */
  nowMs?: () => number;
}

/**
 * The `/users` query that finds whoever has `address` as mail, user principal name or SMTP proxy address (an alias).
 * Each of these forms works without the advanced query parameters (ConsistencyLevel: eventual + $count=true): per
 * Graph's "advanced query capabilities on directory objects" (checked 2026-11-29), `eq` on mail, userPrincipalName and
 * proxyAddresses is supported by default — only ne/not, endsWith, $count, $search and $filter with $orderby need
 * them — so the query stays strongly consistent. `smtp:` finds aliases; the primary address ('SMTP:…') is `mail`,
 * found by the first clause.
 */
function usersByAddressPath(address: string): string {
  const v = address.toLowerCase().replace(/'/g, "''");
  const filter = `mail eq '${v}' or userPrincipalName eq '${v}' or proxyAddresses/any(a:a eq 'smtp:${v}')`;
  // Encoded here: the Graph client puts query strings into the URL as given ('+' in an address must not become a space).
  return `/users?$filter=${encodeURIComponent(filter)}&$select=${PERSON_SELECT}`;
}

interface GraphPage {
  value?: GraphJson[];
  '@odata.nextLink'?: string;
}

function toPerson(json: GraphJson): DirectoryPerson {
  const s = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const proxyAddresses = Array.isArray(json.proxyAddresses) ? json.proxyAddresses.filter((a): a is string => typeof a === 'string') : [];
  return {
    id: String(json.id), displayName: s(json.displayName) ?? '', mail: s(json.mail), userPrincipalName: s(json.userPrincipalName),
    proxyAddresses, userType: s(json.userType), department: s(json.department),
  };
}

/** Of the users one address query found, the tenant's own member over a guest (addresses are unique in Entra ID). */
function pickPerson(found: GraphJson[]): DirectoryPerson | null {
  const people = found.filter((u) => typeof u.id === 'string').map(toPerson);
  return people.find((p) => p.userType !== 'Guest') ?? people[0] ?? null;
}

/** The error for a `$batch` item that did not succeed (status and Graph's error code as a thrown GraphError would carry). */
function batchItemError(result: BatchItemResult | undefined, what: string): Error {
  const error = (result?.body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return toGraphSourceError({ statusCode: result?.status ?? 500, code: error?.code, message: typeof error?.message === 'string' ? error.message : 'no answer' }, what);
}

/**
 * DirectorySource over Microsoft Graph (/users, /organization, mailboxSettings, joined teams and members). The person
 * a call is for is `/users/{id}`, never `/me` (see {@link userPath}), so delegated and application tokens use the same
 * paths. People by address are cached per tenant and address (bounded, with a TTL), so each address costs one Graph
 * lookup per hour.
 */
export class GraphDirectorySource implements DirectorySource {
  /** `tenant\u0000address` → the person with that address, or null for nobody. */
  private readonly byAddress: LRUCache<string, { person: DirectoryPerson | null }>;

  constructor(private readonly pool: GraphClientPool, options: GraphDirectorySourceOptions = {}) {
    const nowMs = options.nowMs ?? (() => Date.now());
    this.byAddress = new LRUCache({ max: options.maxCachedAddresses ?? MAX_CACHED_ADDRESSES, ttl: options.addressTtlMs ?? ADDRESS_TTL_MS, perf: { now: nowMs }, ttlResolution: 0 });
  }

  async me(user: UserContext): Promise<DirectoryPerson> {
    try {
      return toPerson((await this.pool.clientFor(user).api(userPath(user)).select(PERSON_SELECT).get()) as GraphJson);
    } catch (err) {
      throw toGraphSourceError(err, 'reading the profile');
    }
  }

  async person(user: UserContext, personId: string): Promise<DirectoryPerson | null> {
    try {
      return toPerson((await this.pool.clientFor(user).api(`/users/${encodeURIComponent(personId)}`).select(PERSON_SELECT).get()) as GraphJson);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw toGraphSourceError(err, 'reading a person');
    }
  }

  async managerOf(user: UserContext, personId: string): Promise<string | null> {
    try {
      const json = (await this.pool.clientFor(user).api(`/users/${encodeURIComponent(personId)}/manager`).select('id').get()) as GraphJson;
      return typeof json.id === 'string' ? json.id : null;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw toGraphSourceError(err, 'reading a manager');
    }
  }

  async verifiedDomains(user: UserContext): Promise<string[]> {
    try {
      const page = (await this.pool.clientFor(user).api('/organization').select('id,verifiedDomains').get()) as GraphPage;
      const names: string[] = [];
      for (const org of page.value ?? []) {
        for (const d of (org.verifiedDomains as { name?: unknown }[] | undefined) ?? []) if (typeof d.name === 'string') names.push(d.name.toLowerCase());
      }
      return names;
    } catch (err) {
      throw toGraphSourceError(err, 'reading verified domains');
    }
  }

  async mailboxSettings(user: UserContext): Promise<unknown> {
    try {
      return await this.pool.clientFor(user).api(`${userPath(user)}/mailboxSettings`).select('timeZone,workingHours,automaticRepliesSetting').get();
    } catch (err) {
      throw toGraphSourceError(err, 'reading mailbox settings');
    }
  }

  async joinedTeams(user: UserContext): Promise<{ id: string; displayName: string }[]> {
    const out: { id: string; displayName: string }[] = [];
    await this.pages(user, `${userPath(user)}/joinedTeams?$select=id,displayName`, (t) => out.push({ id: String(t.id), displayName: String(t.displayName ?? '') }), 'listing teams');
    return out;
  }

  async teamMembers(user: UserContext, teamId: string): Promise<{ personId: string; displayName: string; roles: string[] }[]> {
    const out: { personId: string; displayName: string; roles: string[] }[] = [];
    await this.pages(user, `/teams/${encodeURIComponent(teamId)}/members`, (m) => {
      if (typeof m.userId !== 'string') return;
      const roles = Array.isArray(m.roles) ? m.roles.filter((r): r is string => typeof r === 'string') : [];
      out.push({ personId: m.userId, displayName: String(m.displayName ?? ''), roles });
    }, 'listing team members');
    return out;
  }

  /**
   * People by mail, user principal name or SMTP proxy address: cached answers first, then one `$filter` query per
   * remaining address — one GET for a single address (tracking), `$batch` packs of ≤ 20 for more (sync). An address
   * shaped like a user principal name may still be a mail or an alias, so every address goes through the filter
   * rather than `/users/{upn}`.
   * @throws GraphSourceError when Graph refuses a query (nothing of that call is cached as "nobody").
   */
  async peopleByAddress(user: UserContext, addresses: string[]): Promise<Map<string, DirectoryPerson>> {
    const out = new Map<string, DirectoryPerson>();
    const missing: string[] = [];
    for (const a of new Set(addresses.map((x) => x.trim().toLowerCase()))) {
      if (!a.includes('@')) continue;
      const hit = this.byAddress.get(addressKey(user, a));
      if (hit === undefined) missing.push(a);
      else if (hit.person) out.set(a, hit.person);
    }
    if (missing.length === 0) return out;
    for (const { address, person } of await this.lookUp(user, missing)) {
      this.byAddress.set(addressKey(user, address), { person });
      if (person) out.set(address, person);
    }
    return out;
  }

  /** One `$filter` query per address (a GET for one, `$batch` for more); throws unless every one succeeded. */
  private async lookUp(user: UserContext, addresses: string[]): Promise<{ address: string; person: DirectoryPerson | null }[]> {
    const what = 'looking up people by address';
    const client = this.pool.clientFor(user);
    if (addresses.length === 1) {
      const address = addresses[0] as string;
      try {
        return [{ address, person: pickPerson(((await client.api(usersByAddressPath(address)).get()) as GraphPage).value ?? []) }];
      } catch (err) {
        throw toGraphSourceError(err, what);
      }
    }
    let results;
    try {
      results = await new GraphBatcher(client).run(addresses.map((a, i) => ({ id: String(i + 1), url: usersByAddressPath(a) })));
    } catch (err) {
      throw toGraphSourceError(err, what);
    }
    return addresses.map((address, i) => {
      const r = results.get(String(i + 1));
      if (!r || r.status !== 200) throw batchItemError(r, what);
      return { address, person: pickPerson((r.body as GraphPage | null)?.value ?? []) };
    });
  }

  private async pages(user: UserContext, path: string, each: (item: GraphJson) => void, what: string): Promise<void> {
    const client = this.pool.clientFor(user);
    try {
      let page = (await client.api(path).get()) as GraphPage;
      for (;;) {
        for (const item of page.value ?? []) each(item);
        const next = page['@odata.nextLink'];
        if (!next) return;
        page = (await client.api(next).get()) as GraphPage;
      }
    } catch (err) {
      throw toGraphSourceError(err, what);
    }
  }
}

function addressKey(user: UserContext, address: string): string {
  return `${user.tenantId}\u0000${address}`;
}
