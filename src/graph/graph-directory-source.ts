import type { DirectoryPerson, DirectorySource, UserContext } from '../app/m365-ports';
import { GraphBatcher } from './graph-batcher';
import type { GraphClientPool } from './graph-client-pool';
import type { GraphJson } from './graph-message-mapping';
import { isNotFound, toGraphSourceError } from './graph-source-error';

const PERSON_SELECT = 'id,displayName,mail,userPrincipalName,department';

interface GraphPage {
  value?: GraphJson[];
  '@odata.nextLink'?: string;
}

function toPerson(json: GraphJson): DirectoryPerson {
  const s = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return { id: String(json.id), displayName: s(json.displayName) ?? '', mail: s(json.mail), userPrincipalName: s(json.userPrincipalName), department: s(json.department) };
}

/** DirectorySource over Microsoft Graph (/me, /users, /organization, mailboxSettings, joined teams and members). */
export class GraphDirectorySource implements DirectorySource {
  constructor(private readonly pool: GraphClientPool) {}

  async me(user: UserContext): Promise<DirectoryPerson> {
    try {
      return toPerson((await this.pool.clientFor(user).api('/me').select(PERSON_SELECT).get()) as GraphJson);
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
      return await this.pool.clientFor(user).api('/me/mailboxSettings').select('timeZone,workingHours,automaticRepliesSetting').get();
    } catch (err) {
      throw toGraphSourceError(err, 'reading mailbox settings');
    }
  }

  async joinedTeams(user: UserContext): Promise<{ id: string; displayName: string }[]> {
    const out: { id: string; displayName: string }[] = [];
    await this.pages(user, '/me/joinedTeams?$select=id,displayName', (t) => out.push({ id: String(t.id), displayName: String(t.displayName ?? '') }), 'listing teams');
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

  async peopleByAddress(user: UserContext, addresses: string[]): Promise<Map<string, DirectoryPerson>> {
    const unique = [...new Set(addresses.map((a) => a.toLowerCase()))];
    const out = new Map<string, DirectoryPerson>();
    if (unique.length === 0) return out;
    let results;
    try {
      results = await new GraphBatcher(this.pool.clientFor(user)).run(unique.map((a, i) => ({ id: String(i + 1), url: `/users/${encodeURIComponent(a)}?$select=${PERSON_SELECT}` })));
    } catch (err) {
      throw toGraphSourceError(err, 'looking up people');
    }
    unique.forEach((a, i) => {
      const r = results.get(String(i + 1));
      if (r && r.status === 200 && r.body && typeof r.body === 'object') out.set(a, toPerson(r.body as GraphJson));
    });
    return out;
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
