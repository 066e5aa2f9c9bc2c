/**
 * Working-day digests (issue 20), once per person and local working day whatever the number of instances. Each
 * scheduler tick, {@link dispatchDueDigests}:
 * - personal: for each person holding open requests or held warnings whose digest instant has come today (the first
 *   working instant of their day, in their calendar with out-of-office: src/domain/digest-day.ts) and whose digest for
 *   that local date is not claimed yet: claims it, composes it (src/domain/workday-digest.ts) and sends
 *   `workdayDigest` — nothing when there is nothing to say, and nothing to someone who turned warnings off. The held
 *   warnings it tells are marked `digested`, the others (request resolved since) `skipped`.
 * - owners: for each team whose owners turned the owners' digest on, each owner at the start of their own working
 *   day gets the team's breached and at-risk counts and its oldest open request's age (src/domain/owners-digest.ts),
 *   owners whose day begins at the same instant in one bulk call (`sendActivityNotificationToRecipients`).
 * Who is due is known only from their calendar, so each instance remembers per person when to look next
 * ({@link DigestSchedule}): a person is read about once a day, not every tick.
 */
import { composeOwnersDigest, type OwnersDigestRequest } from '../../domain/owners-digest';
import { digestDayAt, type DigestDay } from '../../domain/digest-day';
import { isDomainError } from '../../domain/domain-error';
import { personalTabDeepLink } from '../../domain/request-deep-link';
import { nextDigestAt } from '../../domain/warning-delivery';
import { composeWorkdayDigest } from '../../domain/workday-digest';
import type { WorkingCalendar } from '../../domain/working-time';
import type { ActivityFeedSource, ActivityNotification } from '../m365-ports';
import type { PersonRecord, RequestRecord, TeamSettingsRecord, WarningChoice } from '../records';
import { contextFor, loadClockContexts, requestClocks } from '../request-view';
import type { Stores } from '../store-ports';
import { defaultTeamSettings } from '../team-settings';
import { recipientCalendar } from './recipient-calendar';
import type { TenantSendPacer } from './tenant-send-pacer';
import { STALE_CLAIM_MS } from './warning-dispatcher';
import { digestNotification } from './warning-notifications';

const DAY_MS = 86_400_000;
/** Someone whose calendar could not be read is looked at again after this. */
const RETRY_AFTER_MS = 3_600_000;

/**
 * When to look at each person's (or owner's) digest next, per instance: the instant of their next working day's
 * digest. Lost on restart, which only costs one read per person; "once" itself is the store's claim.
 */
export class DigestSchedule {
  private readonly notBefore = new Map<string, number>();

  /** Whether `key` may be due at `now`. */
  isDue(key: string, now: Date): boolean {
    return (this.notBefore.get(key) ?? Number.NEGATIVE_INFINITY) <= now.getTime();
  }

  /** Look at `key` again from `at` on. */
  lookAgainAt(key: string, at: Date): void {
    this.notBefore.set(key, at.getTime());
  }

  /** Forget a person (their choice changed): looked at on the next tick. */
  forget(key: string): void {
    this.notBefore.delete(key);
  }
}

/** The schedule's key of a person's own digest. */
const personalKey = (tenantId: string, personId: string): string => `personal\u0000${tenantId}\u0000${personId}`;
/** The schedule's key of an owner's digest of one team. */
const ownersKey = (tenantId: string, teamId: string, ownerId: string): string => `owners\u0000${tenantId}\u0000${teamId}\u0000${ownerId}`;

export interface DigestDispatchDeps {
  stores: Stores;
  feed: ActivityFeedSource;
  /** The Teams app's id (the manifest's `id`): the notification's link opens its personal tab. */
  teamsAppId: string;
  /** This instance's memory of when to look at whom; a fresh one per call when not given (tests). */
  schedule?: DigestSchedule;
  pacer?: TenantSendPacer;
  onError?: (error: unknown, who: { tenantId: string; personId: string; teamId?: string }) => void;
}

/** What one call did. */
export interface DigestDispatch {
  /** Personal digests sent, and owners' digests sent (one per owner). */
  sent: number;
  ownersSent: number;
  /** Claimed with nothing to say: nothing sent. */
  empty: number;
  failed: number;
  /** Claims left `sending` past STALE_CLAIM_MS, released to be sent again. */
  released: number;
}

/** Sends the personal and owners' digests whose instant has come by `now`. */
export async function dispatchDueDigests(deps: DigestDispatchDeps, now: Date): Promise<DigestDispatch> {
  const schedule = deps.schedule ?? new DigestSchedule();
  // A digest claimed by an instance that stopped mid-send is released: claimed again below (or on a later tick) that day.
  const released = await deps.stores.clockWarnings.releaseStaleDigestClaims(new Date(now.getTime() - STALE_CLAIM_MS));
  // This instance may have looked at them since and put them off until tomorrow: they are due again now.
  for (const r of released) schedule.forget(r.kind === 'personal' ? personalKey(r.tenantId, r.personId) : ownersKey(r.tenantId, r.teamId, r.personId));
  const result: DigestDispatch = { sent: 0, ownersSent: 0, empty: 0, failed: 0, released: released.length };
  await personalDigests(deps, schedule, now, result);
  await ownersDigests(deps, schedule, now, result);
  return result;
}

/** The next instant to look again: the next working day's digest (a day later for a calendar that never works). */
function nextLook(now: Date, calendar: WorkingCalendar): Date {
  try {
    return nextDigestAt(now, calendar);
  } catch (error) {
    if (isDomainError(error, 'no_working_time')) return new Date(now.getTime() + DAY_MS);
    throw error;
  }
}

async function personalDigests(deps: DigestDispatchDeps, schedule: DigestSchedule, now: Date, result: DigestDispatch): Promise<void> {
  const byTenant = new Map<string, string[]>();
  for (const { tenantId, personId } of await deps.stores.clockWarnings.listDigestRecipients()) {
    if (schedule.isDue(personalKey(tenantId, personId), now)) byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), personId]);
  }
  for (const [tenantId, personIds] of byTenant) {
    const choices = await deps.stores.warningPreferences.getMany(tenantId, personIds);
    const people = new Map((await deps.stores.directory.getPeople(tenantId, personIds)).map((p) => [p.id, p]));
    for (const personId of personIds) {
      // Turned off: nothing at all (their warnings were recorded skipped). Looked at each tick: a choice can change.
      if ((choices.get(personId) ?? 'warningsAndDigest') === ('off' satisfies WarningChoice)) continue;
      const key = personalKey(tenantId, personId);
      try {
        await personalDigest(deps, tenantId, people.get(personId) ?? null, personId, key, schedule, now, result);
      } catch (error) {
        result.failed += 1;
        deps.onError?.(error, { tenantId, personId });
        schedule.lookAgainAt(key, new Date(now.getTime() + RETRY_AFTER_MS));
      }
    }
  }
}

async function personalDigest(
  deps: DigestDispatchDeps, tenantId: string, person: PersonRecord | null, personId: string, key: string, schedule: DigestSchedule, now: Date, result: DigestDispatch,
): Promise<void> {
  const { stores } = deps;
  const open = await stores.requests.listOpenForAssignee(tenantId, personId);
  const contexts = await loadClockContexts(stores, tenantId, open, now);
  // Quiet hours and the digest follow the person's calendar; their team's holidays come with their requests' team.
  const settings: TeamSettingsRecord = open[0] === undefined ? defaultTeamSettings(tenantId, '', now) : contextFor(contexts, open[0]).settings;
  const calendar = recipientCalendar(person, settings);
  const day: DigestDay | null = digestDayAt(now, calendar);
  schedule.lookAgainAt(key, nextLook(now, calendar));
  if (day === null) return;
  if (!(await stores.clockWarnings.claimDigest(tenantId, personId, 'personal', '', day.localDate, now))) return;

  const held = await stores.clockWarnings.listHeldWarnings(tenantId, personId);
  const digest = composeWorkdayDigest(
    now,
    calendar,
    open.map((r) => ({ id: r.id, subject: r.subject, clocks: requestClocks(r, contextFor(contexts, r), now) })),
    held.map((w) => ({ requestId: w.requestId, clock: w.clock, kind: w.kind, at: w.transitionAt })),
  );
  const told = new Set((digest?.warnings ?? []).map((w) => `${w.requestId}\u0000${w.clock}\u0000${w.kind}`));
  const settleHeld = async (): Promise<void> => {
    for (const w of held) {
      const status = told.has(`${w.requestId}\u0000${w.clock}\u0000${w.kind}`) ? 'digested' : 'skipped';
      await stores.clockWarnings.setWarningStatus(tenantId, w.requestId, w.clock, w.kind, status);
    }
  };
  if (digest === null) {
    await stores.clockWarnings.setDigestStatus(tenantId, personId, 'personal', '', day.localDate, 'empty');
    await settleHeld();
    result.empty += 1;
    return;
  }
  const urgent = digest.mostUrgent;
  const notification = digestNotification(deps.teamsAppId, urgent.requestId, urgent.subject, digest.text, `Most urgent: ${urgent.subject.trim() === '' ? '(no subject)' : urgent.subject.trim()}`);
  try {
    await deps.pacer?.turn(tenantId, 'single', 'digest');
    await deps.feed.notify(tenantId, personId, notification);
  } catch (error) {
    // Not retried (Graph refused it or stayed throttled); held warnings stay held for the next working day's digest.
    await stores.clockWarnings.setDigestStatus(tenantId, personId, 'personal', '', day.localDate, 'failed');
    result.failed += 1;
    deps.onError?.(error, { tenantId, personId });
    return;
  }
  await stores.clockWarnings.setDigestStatus(tenantId, personId, 'personal', '', day.localDate, 'sent');
  await settleHeld();
  result.sent += 1;
}

async function ownersDigests(deps: DigestDispatchDeps, schedule: DigestSchedule, now: Date, result: DigestDispatch): Promise<void> {
  const { stores } = deps;
  for (const { tenantId, teamId } of await stores.clockWarnings.listOwnersDigestTeams()) {
    try {
      const settings = (await stores.teamSettings.get(tenantId, teamId)) ?? defaultTeamSettings(tenantId, teamId, now);
      if (!settings.ownersDigest) continue;
      const ownerIds = (await stores.directory.listTeamMembers(tenantId, teamId)).filter((m) => m.role === 'owner').map((m) => m.personId);
      const key = (ownerId: string): string => ownersKey(tenantId, teamId, ownerId);
      const dueIds = ownerIds.filter((id) => schedule.isDue(key(id), now));
      if (dueIds.length === 0) continue;
      // Owners whose working day began at the same instant share one bulk call.
      const groups = new Map<number, { localDate: string; ownerId: string }[]>();
      for (const owner of await stores.directory.getPeople(tenantId, dueIds)) {
        const calendar = recipientCalendar(owner, settings);
        const day = digestDayAt(now, calendar);
        schedule.lookAgainAt(key(owner.id), nextLook(now, calendar));
        if (day !== null) groups.set(day.at.getTime(), [...(groups.get(day.at.getTime()) ?? []), { localDate: day.localDate, ownerId: owner.id }]);
      }
      for (const owners of groups.values()) await ownersGroupDigest(deps, tenantId, teamId, settings, owners, now, result);
    } catch (error) {
      result.failed += 1;
      deps.onError?.(error, { tenantId, personId: '', teamId });
    }
  }
}

async function ownersGroupDigest(
  deps: DigestDispatchDeps, tenantId: string, teamId: string, settings: TeamSettingsRecord, owners: { localDate: string; ownerId: string }[], now: Date, result: DigestDispatch,
): Promise<void> {
  const { stores } = deps;
  const claimed: { localDate: string; ownerId: string }[] = [];
  for (const o of owners) if (await stores.clockWarnings.claimDigest(tenantId, o.ownerId, 'owners', teamId, o.localDate, now)) claimed.push(o);
  if (claimed.length === 0) return;
  const setAll = async (status: 'sent' | 'empty' | 'failed'): Promise<void> => {
    for (const o of claimed) await stores.clockWarnings.setDigestStatus(tenantId, o.ownerId, 'owners', teamId, o.localDate, status);
  };
  const open: RequestRecord[] = (await stores.requests.listForTeam(tenantId, teamId, now, now)).filter((r) => r.status !== 'resolved');
  const contexts = await loadClockContexts(stores, tenantId, open, now);
  const names = settings.individualView
    ? new Map((await stores.directory.getPersonRefs(tenantId, [...new Set(open.map((r) => r.assigneeId))])).map((p) => [p.id, p.displayName]))
    : new Map<string, string>();
  const team = await stores.directory.getTeam(tenantId, teamId);
  const requests: OwnersDigestRequest[] = open.map((r) => ({
    receivedAt: r.receivedAt, assigneeId: r.assigneeId, assigneeName: names.get(r.assigneeId) ?? null, clocks: requestClocks(r, contextFor(contexts, r), now),
  }));
  const digest = composeOwnersDigest(now, team?.displayName ?? 'Your team', requests, settings);
  if (digest === null) {
    await setAll('empty');
    result.empty += claimed.length;
    return;
  }
  // The link opens the owner's tab; `team:<id>` names no request, so the tab opens as it is.
  const notification: ActivityNotification = {
    ...digestNotification(deps.teamsAppId, 'team', team?.displayName ?? 'Your team', digest.text, digest.text),
    topic: { source: 'text', value: team?.displayName ?? 'Your team', webUrl: personalTabDeepLink(deps.teamsAppId, `team:${teamId}`) },
  };
  try {
    await deps.pacer?.turn(tenantId, 'bulk', 'digest');
    await deps.feed.notifyMany(tenantId, claimed.map((o) => o.ownerId), notification);
  } catch (error) {
    await setAll('failed');
    result.failed += claimed.length;
    deps.onError?.(error, { tenantId, personId: '', teamId });
    return;
  }
  await setAll('sent');
  result.ownersSent += claimed.length;
}
