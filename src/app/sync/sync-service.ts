/**
 * Sync orchestration per person: lease (so two servers never sync one mailbox at once) → directory (own calendar and
 * verified domains, cached with refresh intervals) → mail (delta on Sent Items and Inbox, resumable) → chats (from
 * each chat's watermark, chats where a request can still change) → suggestions. Progress is kept per person for
 * GET /api/sync/status.
 */
import type { SyncStatus } from '../views/sync-views';
import { isColleagueAddress } from '../../domain/colleague';
import { LRUCache } from 'lru-cache';
import { HISTORY_KEPT_DAYS, mergeCalendarChange, sameCalendar } from '../../domain/calendar-history';
import { DomainError } from '../../domain/domain-error';
import { personAddresses } from '../../domain/person-addresses';
import { compileCalendar, type WorkingCalendar } from '../../domain/working-time';
import { MailSuggestionCollector } from '../suggestions/mail-suggestions';
import type { Clock } from '../clock';
import type { ChannelThreadSource, ChatSource, DirectoryPerson, DirectorySource, MailSource, UserContext } from '../m365-ports';
import type { PersonRecord } from '../records';
import type { Stores } from '../store-ports';
import { recomputeAssigneeDueTimes } from '../team-due-times';
import { externalRequesterId } from '../track-request';
import { syncChannelThreads } from './channel-sync';
import { syncChats } from './chat-sync';
import { SENT_WINDOW_DAYS, syncMail } from './mail-sync';
import { SyncProgress } from './sync-progress';
import { TenantDomains } from './tenant-domains';

export interface SyncServiceDeps {
  stores: Stores;
  mail: MailSource;
  chats: ChatSource;
  /** Channel threads of requests tracked from channel messages; without it they are not synced. */
  channels?: ChannelThreadSource;
  directory: DirectorySource;
  clock: Clock;
  /** This server instance's lease owner name. */
  owner: string;
  /**
   * Turns Graph mailboxSettings into a WorkingCalendar (src/domain calendarFromGraph), merged into the stored one as
   * history; null (or a throw) keeps the stored calendar (none stored: the team's applies).
   */
  calendarFromMailboxSettings?: (settings: unknown) => WorkingCalendar | null;
  /** Days of calendar history kept (the request retention); default {@link HISTORY_KEPT_DAYS}. */
  historyDays?: number;
  /** How long the person's calendar is trusted before reading mailboxSettings again (ms). Default 6 h. */
  calendarRefreshMs?: number;
  leaseSeconds?: number;
  domains?: TenantDomains;
  /** Reports background sync failures (never tokens or bodies). */
  onError?: (user: UserContext, err: unknown) => void;
  /**
   * Runs after every sync that succeeded, whoever started it (the scheduler, "Sync now", a change notification, the
   * demo seeder): the change-notification subscriptions are made there when missing (ChangeSubscriptionManager.ensure,
   * no Graph call when they exist), so a person is subscribed after their first sync, whichever it was. Its failure is
   * reported through `onError` and does not fail the sync.
   */
  afterSync?: (user: UserContext) => Promise<unknown>;
}

export interface SyncOptions {
  /** Stops between pages (tests use it to simulate a crash mid-way). */
  signal?: AbortSignal;
  /**
   * Start a run after this call instead of joining one already running here: a run that started earlier may have read
   * Graph before the change that asks for this sync (change notifications, issue 19).
   */
  fresh?: boolean;
  /**
   * Which of the person's sources to read (default both): a change notification names the one that changed (its
   * Inbox or Sent Items: mail; its chats: chats), so the other is not read for it.
   */
  parts?: SyncParts;
  /**
   * Reads chats only when this server's last read of them is older than this (ms): the safety-net poll's "chats at
   * most once a day" — Graph allows polling Teams resources no more often (its Teams API overview); change
   * notifications bring the rest. Unset: chats are read whenever `parts` asks.
   */
  chatsAtMostEveryMs?: number;
  /**
   * While another thread or instance holds the person's lease (a background sync of them), try again every
   * {@link LEASE_RETRY_MS} for up to this long (real ms), then run, instead of failing at once with `sync_in_progress`.
   * "Sync now" asks for this: the person wants what is in their mailbox now, and the background sync that holds their
   * lease — in the background worker thread of this very server, since issue 19 — usually ends within seconds.
   */
  waitForLeaseMs?: number;
}

/** How often a sync that waits for a person's lease tries again (real ms). */
export const LEASE_RETRY_MS = 250;
/** How long "Sync now" waits for a background sync of the same person to finish before it says one is in progress. */
export const SYNC_NOW_LEASE_WAIT_MS = 60_000;

/** The sources one sync reads. */
export interface SyncParts {
  mail: boolean;
  chats: boolean;
}

const ALL_PARTS: SyncParts = { mail: true, chats: true };
/** The sync-state resource whose `lastRunAt` is the person's last chat read (per-chat watermarks are `chat:<id>`). */
const CHATS_READ_RESOURCE = 'chats';

const DAY_MS = 86_400_000;
/** People whose progress and profile time this server keeps at most. */
const MAX_PEOPLE_KEPT = 20_000;

export class SyncService {
  /** Progress of the people synced lately (a person pushed out reads as idle until their next sync). */
  private readonly progress = new LRUCache<string, SyncProgress>({ max: MAX_PEOPLE_KEPT });
  /** Syncs in flight: an entry lives only while its sync runs, so this is bounded by the syncs running at once. */
  private readonly running = new Map<string, { run: Promise<SyncStatus>; parts: SyncParts }>();
  private readonly domains: TenantDomains;
  /**
   * When this server last read each person's profile and mailboxSettings (ms on the clock). Compared with the
   * refresh interval on each sync; bounded (a person pushed out is simply read again).
   */
  private readonly profileLoadedAt = new LRUCache<string, number>({ max: MAX_PEOPLE_KEPT });

  constructor(private readonly deps: SyncServiceDeps) {
    this.domains = deps.domains ?? new TenantDomains(deps.directory, deps.stores.directory, deps.clock);
  }

  /** The person's sync progress (idle when never synced by this server). */
  status(user: UserContext): SyncStatus {
    return this.progressOf(user).toStatus();
  }

  /**
   * Starts a sync in the background ("Sync now") and returns at once with its status; a background sync of the person
   * elsewhere is waited for (up to {@link SYNC_NOW_LEASE_WAIT_MS}), the status running meanwhile.
   */
  startSync(user: UserContext): SyncStatus {
    if (!this.running.has(key(user))) {
      void this.syncPerson(user, { waitForLeaseMs: SYNC_NOW_LEASE_WAIT_MS }).catch((err: unknown) => this.deps.onError?.(user, err));
    }
    return this.status(user);
  }

  /**
   * Syncs one person now (or joins the sync already running on this server; with `fresh`, waits for it and then syncs).
   * @throws DomainError `sync_in_progress` when another server holds the person's lease; errors of the run otherwise.
   */
  syncPerson(user: UserContext, options: SyncOptions = {}): Promise<SyncStatus> {
    const k = key(user);
    const existing = this.running.get(k);
    const parts = options.parts ?? ALL_PARTS;
    // A run that reads less than asked cannot stand in for this one: wait for it, then run (or join what started since).
    const covers = existing !== undefined && (existing.parts.mail || !parts.mail) && (existing.parts.chats || !parts.chats);
    if (existing && (options.fresh === true || !covers)) {
      // Whatever started after this call may be joined: it read Graph after the change.
      return existing.run.catch(() => undefined).then(() => this.syncPerson(user, { ...options, fresh: false }));
    }
    if (existing) return existing.run;
    const run = this.run(user, { ...options, parts }).finally(() => this.running.delete(k));
    this.running.set(k, { run, parts });
    return run;
  }

  private progressOf(user: UserContext): SyncProgress {
    let p = this.progress.get(key(user));
    if (!p) {
      p = new SyncProgress();
      this.progress.set(key(user), p);
    }
    return p;
  }

  private async run(user: UserContext, options: SyncOptions): Promise<SyncStatus> {
    const { stores, clock } = this.deps;
    let now = clock.now();
    // Running from the first instant (before any await), so the answer to POST /api/sync already says so.
    const progress = this.progressOf(user);
    progress.start(now);
    let lease;
    try {
      const waitUntil = performance.now() + (options.waitForLeaseMs ?? 0);
      for (;;) {
        lease = await stores.syncState.tryLease(user.tenantId, user.userId, this.deps.owner, clock.now(), this.deps.leaseSeconds ?? 600);
        if (lease || performance.now() + LEASE_RETRY_MS > waitUntil) break;
        await new Promise((resolve) => setTimeout(resolve, LEASE_RETRY_MS));
        // The run reads Graph as of when it holds the lease.
        now = clock.now();
      }
    } catch (err) {
      progress.finish(clock.now(), (err as { code?: string }).code ?? 'sync_failed');
      throw err;
    }
    if (!lease) {
      progress.finish(clock.now(), 'sync_in_progress');
      throw new DomainError('sync_in_progress', 'Another server is syncing this person right now.');
    }
    let error: string | null = null;
    try {
      progress.phase = 'directory';
      const me = await this.refreshMe(user, now);
      const domains = await this.domains.of(user);
      const requests = await stores.requests.listForAssignee(user.tenantId, user.userId, { includeResolved: true, receivedFrom: new Date(now.getTime() - SENT_WINDOW_DAYS * DAY_MS) });
      const requesterAddresses = await this.requesterAddresses(user, requests.map((r) => r.requesterId));
      const ownAddresses = me.addresses ?? personAddresses(me);
      const suggestions = new MailSuggestionCollector(ownAddresses, (a) => isColleagueAddress(a, domains), now);

      const parts = options.parts ?? ALL_PARTS;
      if (parts.mail) {
        progress.phase = 'mail';
        await syncMail({
          stores, mail: this.deps.mail, user, now, progress, signal: options.signal, requesterAddresses, ownAddresses,
          onInboxMessage: (m) => suggestions.inbox(m), onSentMessage: (m) => suggestions.sent(m), onSentItemsIncomplete: () => suggestions.sentItemsIncomplete(),
        }, requests);
      }

      if (parts.chats && (await this.chatsDue(user, now, options.chatsAtMostEveryMs))) {
        progress.phase = 'chats';
        // Chat requests are checked like email ones (the recent ones, resolved included), plus every open one however old.
        const open = await stores.requests.listOpenForAssignee(user.tenantId, user.userId);
        const openIds = new Set(open.map((r) => r.id));
        const chatRequests = [...open, ...requests.filter((r) => !openIds.has(r.id))];
        await syncChats({ stores, chats: this.deps.chats, user, now, progress, signal: options.signal }, chatRequests);
        // Channel requests are read with the chats: the replies of their threads (channel-sync.ts).
        if (this.deps.channels) await syncChannelThreads({ stores, channels: this.deps.channels, user, now, progress, signal: options.signal }, chatRequests);
        await stores.syncState.put({ tenantId: user.tenantId, personId: user.userId, resource: CHATS_READ_RESOURCE, deltaLink: null, watermark: null, lastRunAt: now });
      }

      if (parts.mail) {
        progress.phase = 'suggestions';
        await this.storeSuggestions(user, suggestions, now, ownAddresses);
      }
    } catch (err) {
      error = (err as { code?: string }).code ?? 'sync_failed';
      throw err;
    } finally {
      progress.finish(clock.now(), error);
      await stores.syncState.release(lease, clock.now());
    }
    await this.deps.afterSync?.(user).catch((err: unknown) => this.deps.onError?.(user, err));
    return progress.toStatus();
  }

  /** Whether chats are to be read now: always without a limit, else when the last read is older than it (or never ran). */
  private async chatsDue(user: UserContext, now: Date, atMostEveryMs: number | undefined): Promise<boolean> {
    if (atMostEveryMs === undefined) return true;
    const last = (await this.deps.stores.syncState.get(user.tenantId, user.userId, CHATS_READ_RESOURCE))?.lastRunAt ?? null;
    return last === null || now.getTime() - last.getTime() >= atMostEveryMs;
  }

  /** The person's own record, with their working calendar refreshed from mailboxSettings when stale. */
  private async refreshMe(user: UserContext, now: Date): Promise<PersonRecord> {
    const { stores, directory } = this.deps;
    const known = await stores.directory.getPerson(user.tenantId, user.userId);
    const loadedAt = this.profileLoadedAt.get(key(user));
    const stale = !known || loadedAt === undefined || now.getTime() - loadedAt >= (this.deps.calendarRefreshMs ?? 6 * 3_600_000);
    if (known && !stale) return known;
    const [me, settings] = await Promise.all([directory.me(user), this.deps.calendarFromMailboxSettings ? directory.mailboxSettings(user) : Promise.resolve(null)]);
    // Calendars are history: what was read is merged into what was kept (a change applies from now on, an
    // out-of-office that ended stays closed for the past). Unreadable settings (an unknown custom zone) change nothing.
    let calendar: WorkingCalendar | null = known?.calendar ?? null;
    if (this.deps.calendarFromMailboxSettings && settings) {
      let fresh: WorkingCalendar | null = null;
      try {
        fresh = this.deps.calendarFromMailboxSettings(settings);
      } catch {
        fresh = null;
      }
      const keepSince = new Date(now.getTime() - (this.deps.historyDays ?? HISTORY_KEPT_DAYS) * DAY_MS);
      // A stored calendar that no longer compiles is replaced, not merged into (the server's fault; this repairs it).
      if (fresh !== null) calendar = mergeCalendarChange(calendar !== null && compiles(calendar) ? calendar : null, fresh, now, keepSince).calendar;
    }
    const record: PersonRecord = {
      id: user.userId, tenantId: user.tenantId, displayName: me.displayName, mail: me.mail, userPrincipalName: me.userPrincipalName,
      addresses: personAddresses(me), department: me.department, managerId: known?.managerId ?? null, calendar, refreshedAt: now,
    };
    await stores.directory.upsertPeople(user.tenantId, [record]);
    // The queue is read in stored due order: the person's open requests fall due anew under the changed calendar.
    if (!sameCalendar(known?.calendar ?? null, calendar)) await recomputeAssigneeDueTimes(this.deps, user.tenantId, user.userId);
    this.profileLoadedAt.set(key(user), now.getTime());
    return record;
  }

  /** Each requester's addresses: a person's stored list (personAddresses), an external requester's one address. */
  private async requesterAddresses(user: UserContext, ids: string[]): Promise<Map<string, string[]>> {
    const unique = [...new Set(ids)];
    const out = new Map<string, string[]>();
    const internal = unique.filter((id) => !id.startsWith('external:'));
    for (const id of unique) if (id.startsWith('external:')) out.set(id, [id.slice('external:'.length)]);
    const people = internal.length === 0 ? [] : await this.deps.stores.directory.getPeople(user.tenantId, internal);
    for (const p of people) out.set(p.id, p.addresses ?? personAddresses(p));
    return out;
  }

  private async storeSuggestions(user: UserContext, collector: MailSuggestionCollector, now: Date, ownAddresses: readonly string[]): Promise<void> {
    const { stores, directory } = this.deps;
    // Senders by address — mail, UPN or alias — to directory ids (the directory source caches every answer).
    const senders = collector.senderAddresses();
    const found = senders.length === 0 ? new Map<string, DirectoryPerson>() : await directory.peopleByAddress(user, senders);
    // One record per person, however many of their addresses wrote.
    const records = new Map<string, PersonRecord>();
    if (found.size > 0) {
      for (const [address, p] of found) {
        const addresses = personAddresses({ ...p, seenFrom: [address, ...(records.get(p.id)?.addresses ?? [])] });
        records.set(p.id, { id: p.id, tenantId: user.tenantId, displayName: p.displayName, mail: p.mail, userPrincipalName: p.userPrincipalName, addresses, department: p.department, managerId: null, calendar: null, refreshedAt: now });
      }
      const existing = new Set((await stores.directory.getPeople(user.tenantId, [...records.keys()])).map((p) => p.id));
      const fresh = [...records.values()].filter((r) => !existing.has(r.id));
      if (fresh.length > 0) await stores.directory.upsertPeople(user.tenantId, fresh);
    }
    // A sender's answer may have gone to any of their addresses (an alias, the UPN): the person's whole list.
    const senderAddresses = (address: string): readonly string[] => {
      const p = found.get(address);
      return (p ? records.get(p.id)?.addresses : undefined) ?? [address];
    };
    const recent = await stores.requests.listForAssignee(user.tenantId, user.userId, { includeResolved: true, receivedFrom: new Date(now.getTime() - 15 * DAY_MS) });
    const tracked = new Set(recent.map((r) => r.sourceMessageId));
    // Threads Sent Items cannot tell about (a reply whose start this run did not see; a would-be suggestion whose answer
    // may have left Sent Items): read across folders.
    await collector.readThreadHistory((ids) => this.deps.mail.sentInConversations(user, ids, ownAddresses), tracked, senderAddresses);
    const rows = collector.build(user.tenantId, user.userId, tracked, (a) => found.get(a)?.id ?? externalRequesterId(a), senderAddresses);
    if (rows.length > 0) await stores.suggestions.upsert(rows);
  }
}

function compiles(calendar: WorkingCalendar): boolean {
  try {
    compileCalendar(calendar);
    return true;
  } catch {
    return false;
  }
}

function key(user: UserContext): string {
  return `${user.tenantId}|${user.userId}`;
}
