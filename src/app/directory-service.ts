/**
 * Who is who, for authorisation and display: a person's teams and role in each (from Graph's joinedTeams and team
 * members, kept in the directory store and refreshed at most every `refreshSeconds` per user), and PersonRefs for ids.
 * Graph is the source of truth for membership; the store is a short-lived cache so each API call does not hit Graph.
 * A refresh replaces the person's memberships with what Graph lists now: teams they left are removed and role changes
 * (an owner made a member) applied, so owner checks never read membership older than {@link MAX_MEMBERSHIP_AGE_SECONDS}.
 */
import type { PersonRef } from './records';
import { LRUCache } from 'lru-cache';
import { personAddresses } from '../domain/person-addresses';
import type { Clock } from './clock';
import type { DirectorySource, UserContext } from './m365-ports';
import type { PersonRecord, TeamRecord, TeamRole } from './records';
import type { Stores } from './store-ports';

export interface DirectoryServiceOptions {
  stores: Stores;
  clock: Clock;
  /** Graph's directory; null = trust the store only (tests of other layers, or before the Graph adapter is wired). */
  source: DirectorySource | null;
  /**
   * How long a user's team memberships are trusted before asking Graph again, in seconds (default 60; at most
   * {@link MAX_MEMBERSHIP_AGE_SECONDS}, since owner checks authorise on them).
   */
  refreshSeconds?: number;
}

/** The oldest membership an owner check may authorise on: 10 minutes (issue 17). */
export const MAX_MEMBERSHIP_AGE_SECONDS = 600;

export type TeamWithRole = TeamRecord & { role: TeamRole };

/** How the API shows someone the directory does not know (never cached, or deleted). */
export function unknownPerson(id: string): PersonRef {
  return { id, displayName: 'Unknown person', mail: null, department: null };
}

/** People whose membership refresh time is kept at most (one pushed out is read from Graph again on their next call). */
const MAX_PEOPLE_KEPT = 20_000;

export class DirectoryService {
  /** When each person's teams were last read from Graph (ms on the clock); least recently used dropped first. */
  private readonly refreshedAt = new LRUCache<string, number>({ max: MAX_PEOPLE_KEPT });
  /** Refreshes running: an entry lives only until its refresh settles (bounded by the calls in flight). */
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly refreshMs: number;

  constructor(private readonly options: DirectoryServiceOptions) {
    const seconds = options.refreshSeconds ?? 60;
    if (!(seconds >= 0 && seconds <= MAX_MEMBERSHIP_AGE_SECONDS)) throw new RangeError(`refreshSeconds must be 0..${MAX_MEMBERSHIP_AGE_SECONDS}, not ${seconds}`);
    this.refreshMs = seconds * 1000;
  }

  /** Forgets when a tenant's people were last refreshed (its rows were purged): their next call asks Graph again. */
  forgetTenant(tenantId: string): void {
    for (const k of [...this.refreshedAt.keys()]) if (k.startsWith(`${tenantId}\u0000`)) this.refreshedAt.delete(k);
  }

  /** The caller's teams with their role, refreshed from Graph when older than `refreshSeconds`. */
  async teamsOf(user: UserContext): Promise<TeamWithRole[]> {
    await this.refresh(user);
    return this.options.stores.directory.listTeamsOf(user.tenantId, user.userId);
  }

  /** The caller's role in a team of their own tenant, or null when they are not a member (or it does not exist). */
  async roleIn(user: UserContext, teamId: string): Promise<TeamRole | null> {
    const teams = await this.teamsOf(user);
    return teams.find((t) => t.id === teamId)?.role ?? null;
  }

  /** Display references for people of one tenant; unknown ids get a placeholder rather than failing. */
  async people(tenantId: string, ids: Iterable<string>): Promise<Map<string, PersonRef>> {
    const unique = [...new Set(ids)];
    const found = unique.length === 0 ? [] : await this.options.stores.directory.getPersonRefs(tenantId, unique);
    const map = new Map<string, PersonRef>(found.map((p) => [p.id, p]));
    for (const id of unique) if (!map.has(id)) map.set(id, unknownPerson(id));
    return map;
  }

  /** The caller's own person record (from Graph's /me when there is no fresh one) — also marks them active for sync. */
  async me(user: UserContext, fallbackName: string | null): Promise<PersonRecord> {
    const { stores, clock, source } = this.options;
    const known = await stores.directory.getPerson(user.tenantId, user.userId);
    if (known !== null) return known;
    const now = clock.now();
    let record: PersonRecord = {
      id: user.userId,
      tenantId: user.tenantId,
      displayName: fallbackName ?? 'Me',
      mail: null,
      userPrincipalName: null,
      department: null,
      managerId: null,
      calendar: null,
      refreshedAt: now,
    };
    if (source !== null) {
      const me = await source.me(user);
      record = { ...record, displayName: me.displayName, mail: me.mail, userPrincipalName: me.userPrincipalName, addresses: personAddresses(me), department: me.department };
    }
    await stores.directory.upsertPeople(user.tenantId, [record]);
    await stores.syncState.registerPerson(user.tenantId, user.userId, now);
    return record;
  }

  /** Forgets cached memberships (after a sync refreshed them, or in tests). */
  invalidate(user?: UserContext): void {
    if (user === undefined) this.refreshedAt.clear();
    else this.refreshedAt.delete(key(user));
  }

  private async refresh(user: UserContext): Promise<void> {
    const { source, clock } = this.options;
    if (source === null) return;
    const k = key(user);
    const last = this.refreshedAt.get(k);
    if (last !== undefined && clock.now().getTime() - last < this.refreshMs) return;
    const running = this.inFlight.get(k);
    if (running !== undefined) return running;
    const work = (async () => {
      const teams = await source.joinedTeams(user);
      const now = clock.now();
      for (const team of teams) {
        const members = await source.teamMembers(user, team.id);
        await this.options.stores.directory.upsertTeam(
          user.tenantId,
          { id: team.id, tenantId: user.tenantId, displayName: team.displayName, refreshedAt: now },
          members.map((m) => ({ teamId: team.id, personId: m.personId, role: m.roles.includes('owner') ? 'owner' : 'member' })),
        );
      }
      // Teams Graph no longer lists for the person (they left, or were removed): their stored membership goes now,
      // not when someone still in that team happens to refresh it.
      await this.options.stores.directory.removeMembershipsExcept(user.tenantId, user.userId, teams.map((t) => t.id));
      this.refreshedAt.set(k, clock.now().getTime());
    })().finally(() => this.inFlight.delete(k));
    this.inFlight.set(k, work);
    return work;
  }
}

function key(user: UserContext): string {
  return `${user.tenantId}\u0000${user.userId}`;
}

/** A person as the API shows them. */
export function toPersonRef(p: PersonRecord): PersonRef {
  return { id: p.id, displayName: p.displayName, mail: p.mail, department: p.department };
}
