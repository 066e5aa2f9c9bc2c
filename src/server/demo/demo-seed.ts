/**
 * Demo seeding: the demo opens with a real queue and real statistics. After the server listens (never delaying
 * /healthz), each demo team gets its categories as its settings (unless it has settings), then every request the demo organisation marks as already tracked (`org.initiallyTracked()`) is tracked through
 * the API's own tracking use case as its assignee, resolved through the request-actions use case at the instant the
 * organisation says it was resolved, every demo user is registered for background sync, and each assignee is synced
 * once so first responses sent since are found. Nothing is written with SQL here: only use cases and store ports.
 *
 * Idempotent: tracking is idempotent per message and assignee, a resolved request is not resolved again, and a sync
 * with stored delta links finds nothing new. The demo organisation is generated relative to the start time, so a
 * database seeded by another generation (other seed, size or start instant) holds stale times and message ids: the
 * seeder then purges the demo tenants and seeds afresh.
 *
 * The marker that says which generation a database holds is a small JSON file beside the SQLite file
 * (`turnaround.db.demo-seed.json`), not a table: it describes the dev tenant (a demo-only concern that tenant mode must
 * never carry in its schema), it lives and dies with the database file, and a stale or missing marker is harmless —
 * without a marker, a demo tenant that already has rows is purged; with a matching one, seeding simply runs again
 * idempotently. An in-memory database needs no marker; with PostgreSQL in demo mode there is none either, so the demo
 * tenants are purged whenever they hold rows (each start is a new generation anyway).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TrackRequestBody } from '../../contracts/api';
import type { DirectoryService } from '../../app/directory-service';
import { setHomeTeam } from '../../app/home-team';
import { applyRequestAction } from '../../app/request-actions';
import { defaultTeamSettings } from '../../app/team-settings';
import type { Clock } from '../../app/clock';
import type { UserContext } from '../../app/m365-ports';
import type { RequestRecord } from '../../app/records';
import type { Stores } from '../../app/store-ports';
import type { DevTenant } from '../../devtenant/dev-tenant';
import type { DemoOrganization, InitiallyTrackedRequest } from '../../devtenant/demo-organization';
import { parseDatabaseUrl } from '../../store/database-url';

/** What `/dev/info` reports as `seeding`. `done`/`total` count tracked requests; the state says when syncs finished too. */
export interface DemoSeedProgress {
  state: 'pending' | 'running' | 'done' | 'failed';
  done: number;
  total: number;
  /** Assignees synced once after their requests were tracked. */
  syncedPeople: number;
  assignees: number;
  /** Items that could not be seeded (each is logged with its error code). */
  failed: number;
  error: string | null;
}

/** The outcome of one seeding run. */
export interface DemoSeedReport {
  purgedTenantIds: string[];
  /** Requests newly created by this run (0 on a repeat run). */
  created: number;
  /** Requests this run resolved (0 on a repeat run). */
  resolved: number;
  synced: number;
  failed: number;
  total: number;
}

export interface DemoSeedDeps {
  stores: Stores;
  clock: Clock;
  directory: DirectoryService;
  devTenant: DevTenant;
  /** The API's tracking use case (POST /api/requests), called as the assignee. */
  trackRequest: (user: UserContext, body: TrackRequestBody) => Promise<{ request: RequestRecord; created: boolean }>;
  /** One mailbox and chat sync of a person (the background sync's own code path). */
  syncPerson: (user: UserContext) => Promise<unknown>;
  /** Where the generation marker lives; null = no marker (in-memory SQLite, PostgreSQL). See the file comment. */
  markerFile: string | null;
  /** Assignees seeded at once (default 4). */
  concurrency?: number;
  /** Reports per-item failures and the summary (never tokens or bodies). */
  log?: (level: 'info' | 'warn', details: Record<string, unknown>, message: string) => void;
}

interface SeedMarker {
  version: 1;
  fingerprint: string;
  tenantIds: string[];
  seededAt: string;
}

/**
 * A fingerprint of one generation of the demo organisation: its tenant, creation instant (which moves with the start
 * time) and the exact list of requests it marks as tracked. Two dev tenants with equal fingerprints seed identically.
 */
export function demoSeedFingerprint(org: DemoOrganization): string {
  const hash = createHash('sha256');
  hash.update(`${org.tenantId}|${org.createdMs}|${org.users.length}|`);
  hash.update(JSON.stringify(org.initiallyTracked()));
  return hash.digest('hex').slice(0, 32);
}

/** The marker file for a DATABASE_URL: beside a SQLite file; null for in-memory SQLite and PostgreSQL. */
export function demoSeedMarkerFile(databaseUrl: string): string | null {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.dialect !== 'sqlite' || target.file === ':memory:') return null;
  return `${target.file}.demo-seed.json`;
}

/** Seeds the demo once per run; `progress()` is safe to read at any time. */
export class DemoSeeder {
  private readonly state: DemoSeedProgress = { state: 'pending', done: 0, total: 0, syncedPeople: 0, assignees: 0, failed: 0, error: null };
  private running: Promise<DemoSeedReport> | null = null;
  private stopped = false;

  constructor(private readonly deps: DemoSeedDeps) {}

  /** A copy of the current progress. */
  progress(): DemoSeedProgress {
    return { ...this.state };
  }

  /** Runs the seeding (or joins the run in progress). Per-item failures are counted, not thrown. */
  run(): Promise<DemoSeedReport> {
    if (this.running === null) {
      this.running = this.seed().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** Stops between items (server shutdown) and waits for the run in progress to wind down. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }

  private async seed(): Promise<DemoSeedReport> {
    const { devTenant, stores } = this.deps;
    const org = devTenant.org;
    const items = org.initiallyTracked();
    const byAssignee = new Map<string, InitiallyTrackedRequest[]>();
    for (const item of items) byAssignee.set(item.assigneeId, [...(byAssignee.get(item.assigneeId) ?? []), item]);
    Object.assign(this.state, { state: 'running', done: 0, total: items.length, syncedPeople: 0, assignees: byAssignee.size, failed: 0, error: null });
    const report: DemoSeedReport = { purgedTenantIds: [], created: 0, resolved: 0, synced: 0, failed: 0, total: items.length };
    try {
      report.purgedTenantIds = await this.purgeStaleGeneration(org);

      // Every demo user is a person the background sync looks after (as after their first sign-in).
      const now = this.deps.clock.now();
      for (const user of org.users) await stores.syncState.registerPerson(org.tenantId, user.id, now);
      await this.seedTeamCategories(org, now);

      const queue = [...byAssignee.entries()];
      const worker = async (): Promise<void> => {
        for (let next = queue.shift(); next !== undefined && !this.stopped; next = queue.shift()) {
          await this.seedAssignee({ tenantId: org.tenantId, userId: next[0] }, next[1], report);
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, this.deps.concurrency ?? 4) }, worker));
      this.state.state = this.stopped ? 'failed' : 'done';
      if (this.stopped) this.state.error = 'stopped';
      this.deps.log?.('info', { ...report, purgedTenantIds: report.purgedTenantIds.length }, 'demo seeded');
      return report;
    } catch (error) {
      this.state.state = 'failed';
      this.state.error = codeOf(error);
      throw error;
    }
  }

  /** Purges the demo tenants when the database holds another generation (or rows of an unknown one). */
  private async purgeStaleGeneration(org: DemoOrganization): Promise<string[]> {
    const { stores, markerFile } = this.deps;
    const fingerprint = demoSeedFingerprint(org);
    const tenantIds = [org.tenantId, ...(org.otherTenant ? [org.otherTenant.tenantId] : [])];
    const marker = markerFile === null ? null : await readMarker(markerFile);
    let purge: string[] = [];
    if (marker !== null && marker.fingerprint !== fingerprint) {
      purge = [...new Set([...marker.tenantIds, ...tenantIds])];
    } else if (marker === null && (await this.holdsRows(org))) {
      purge = tenantIds;
    }
    for (const tenantId of purge) {
      await stores.purgeTenant(tenantId);
      // The team memberships the directory cached a moment ago went with the rows: read them from Graph again.
      this.deps.directory.forgetTenant(tenantId);
    }
    if (markerFile !== null && (marker === null || marker.fingerprint !== fingerprint)) {
      await mkdir(dirname(markerFile), { recursive: true });
      const next: SeedMarker = { version: 1, fingerprint, tenantIds, seededAt: this.deps.clock.now().toISOString() };
      await writeFile(markerFile, `${JSON.stringify(next, null, 2)}\n`, 'utf8');
    }
    return purge;
  }

  /**
   * Each demo team's categories become its standards' list (the defaults otherwise), before any request is tracked —
   * tracking checks each request's category against its team's list. A team whose owners saved settings keeps them.
   */
  private async seedTeamCategories(org: DemoOrganization, now: Date): Promise<void> {
    const { stores } = this.deps;
    for (const team of org.teams) {
      if ((await stores.teamSettings.get(org.tenantId, team.id)) !== null) continue;
      await stores.teamSettings.put({ ...defaultTeamSettings(org.tenantId, team.id, now), categories: [...team.categories] });
    }
  }

  private async holdsRows(org: DemoOrganization): Promise<boolean> {
    const { stores } = this.deps;
    if ((await stores.directory.getTenantDomains(org.tenantId)) !== null) return true;
    const firstUsers = org.users.slice(0, 5).map((u) => u.id);
    return (await stores.directory.getPeople(org.tenantId, firstUsers)).length > 0;
  }

  /** `user` with a fresh API token from the dev identity provider, as the tab would send it. */
  private async signedIn(user: UserContext): Promise<UserContext> {
    const upn = this.deps.devTenant.org.userById(user.userId)?.userPrincipalName;
    if (upn === undefined) return user;
    return { ...user, accessToken: await this.deps.devTenant.idp.issueToken({ username: upn }) };
  }

  /**
   * Plays the person's first session in the tab: profile and teams, tracking and the first sync all run with their API
   * token (delegated access), as when they use the app — so seeding works whatever GRAPH_BACKGROUND_ACCESS says; the
   * scheduler's later syncs are background work.
   */
  private async seedAssignee(person: UserContext, items: InitiallyTrackedRequest[], report: DemoSeedReport): Promise<void> {
    const { directory, stores } = this.deps;
    const user = await this.signedIn(person);
    try {
      // As on sign-in: the person's profile and teams (so each request is filed under the assignee's team).
      await directory.me(user, null);
      const teams = await directory.teamsOf(user);
      // A person in several teams has no home team until they choose one in the tab (home-team.ts); the demo's people
      // with requests to seed have chosen their own department's team, whose categories their requests carry.
      const person = this.deps.devTenant.org.userById(user.userId);
      const own = person === undefined ? undefined : this.deps.devTenant.org.teams.find((t) => t.department === person.department && t.members.some((m) => m.userIndex === person.index));
      if (teams.length > 1 && own !== undefined && (await stores.directory.getHomeTeamId(user.tenantId, user.userId)) === null) {
        await setHomeTeam({ stores, directory }, user, own.id, null);
      }
    } catch (error) {
      this.deps.log?.('warn', { userId: user.userId, code: codeOf(error) }, 'demo seeding: directory refresh failed');
    }
    for (const item of items) {
      if (this.stopped) return;
      try {
        const body: TrackRequestBody = {
          source: item.source,
          messageId: item.messageId,
          ...(item.chatId === undefined ? {} : { chatId: item.chatId }),
          ...(item.category === undefined ? {} : { category: item.category }),
          ...(item.priority === undefined ? {} : { priority: item.priority }),
        };
        // With their API token, so tracking (its Outlook category above all) acts as them.
        const { request, created } = await this.deps.trackRequest(user, body);
        if (created) report.created++;
        if (item.resolved !== undefined && request.status !== 'resolved') {
          const resolvedAt = item.resolved;
          await applyRequestAction({ stores, directory, clock: { now: () => resolvedAt } }, user, request.id, { action: 'resolve' });
          report.resolved++;
        }
      } catch (error) {
        report.failed++;
        this.state.failed++;
        this.deps.log?.('warn', { userId: user.userId, source: item.source, code: codeOf(error) }, 'demo seeding: a request could not be seeded');
      }
      this.state.done++;
    }
    try {
      await this.deps.syncPerson(user);
      report.synced++;
    } catch (error) {
      // `sync_in_progress`: the background scheduler is syncing this person right now, which is as good.
      if (codeOf(error) !== 'sync_in_progress') {
        this.deps.log?.('warn', { userId: user.userId, code: codeOf(error) }, 'demo seeding: sync failed');
      }
    }
    this.state.syncedPeople++;
  }
}

async function readMarker(file: string): Promise<SeedMarker | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<SeedMarker>;
    if (parsed.version !== 1 || typeof parsed.fingerprint !== 'string' || !Array.isArray(parsed.tenantIds)) return null;
    return { version: 1, fingerprint: parsed.fingerprint, tenantIds: parsed.tenantIds.filter((t): t is string => typeof t === 'string'), seededAt: String(parsed.seededAt ?? '') };
  } catch {
    return null;
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown';
}
