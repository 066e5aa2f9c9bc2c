import { evaluateClocks, type ClockedRequest } from '../../../src/domain/clocks';
import { nextClockTransitions } from '../../../src/domain/clock-transitions';
import { DEFAULT_STANDARD } from '../../../src/domain/standards';
import { nextDigestAt, warningDelivery } from '../../../src/domain/warning-delivery';
import { composeWorkdayDigest, type DigestRequest, type HeldWarning } from '../../../src/domain/workday-digest';
import type { DayOfWeek, WorkingCalendar } from '../../../src/domain/working-time';

const WEEKDAYS: DayOfWeek[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
// London 09–17 on weekdays; 3 March 2025 is a Monday, GMT (UTC+0). The digest is Tuesday 4 March at 09:00.
const london: WorkingCalendar = { timeZone: 'Europe/London', windows: [{ days: WEEKDAYS, start: '09:00', end: '17:00' }] };
const d = (iso: string): Date => new Date(iso);
const DIGEST_AT = d('2025-03-04T09:00:00Z');
type Targets = { firstResponseTargetMinutes: number; resolutionTargetMinutes: number };

/** A request as scripted, with its clocks evaluated at `at` as a view would (default standard: 240 / 960). */
const open = (id: string, subject: string, over: Partial<ClockedRequest>, at = DIGEST_AT, standard: Targets = DEFAULT_STANDARD, calendar = london): DigestRequest => ({
  id, subject,
  clocks: evaluateClocks({ receivedAt: d('2025-03-03T09:00:00Z'), firstResponseAt: null, resolvedAt: null, waitingPeriods: [], ...over }, standard, calendar, at),
});

// The scripted queue, seen at Tue 09:00:
// A: received Mon 09:00, no response: 480 used > 240 → breached since Mon 13:00 (its resolution, 480 of 960, is due today
//    at 17:00, but a breached request counts as breached only).
const A = open('a', 'Payroll query', { receivedAt: d('2025-03-03T09:00:00Z') });
// B: received Mon 14:00: 14–17 = 180 ≥ 0.75 × 240 → at risk, due Tue 09:00 + 60 = 10:00 → also due today.
const B = open('b', 'Laptop for new starter', { receivedAt: d('2025-03-03T14:00:00Z') });
// C: received Mon 16:00, answered 16:30: resolution 60 used, 900 left = Tue 480 + Wed 420 → due Wed 16:00: nothing to say.
const C = open('c', 'Budget sign-off', { receivedAt: d('2025-03-03T16:00:00Z'), firstResponseAt: d('2025-03-03T16:30:00Z') });
// D: received Mon 16:30: 30 used, 210 left → due Tue 12:30 → due today, on track.
const D = open('d', 'Holiday request', { receivedAt: d('2025-03-03T16:30:00Z') });
// E: received Thu 27 Feb, answered, waiting on the requester since Mon 10:00: resolution 480 + 480 + 60 = 1020 > 960 is
//    breached but paused — the requester holds the ball, so it is left out.
const E = open('e', 'Contract review', { receivedAt: d('2025-02-27T09:00:00Z'), firstResponseAt: d('2025-02-27T09:10:00Z'), waitingPeriods: [{ from: d('2025-03-03T10:00:00Z'), to: null }] });
// F: received Mon 17:30 (after hours): 0 used → due Tue 13:00 → due today.
const F = open('f', 'Access to shared drive', { receivedAt: d('2025-03-03T17:30:00Z') });

describe('composeWorkdayDigest: counts, the most urgent request and the text', () => {
  it('sums up the scripted queue as the issue shows it', () => {
    const digest = composeWorkdayDigest(DIGEST_AT, london, [B, C, A, D, E, F], []);
    expect(digest).not.toBeNull();
    // due today: B (10:00), D (12:30), F (13:00) = 3; at risk: B = 1; breached: A = 1
    expect({ dueToday: digest?.dueToday, atRisk: digest?.atRisk, breached: digest?.breached }).toEqual({ dueToday: 3, atRisk: 1, breached: 1 });
    expect(digest?.mostUrgent).toEqual({ requestId: 'a', subject: 'Payroll query', clock: 'firstResponse', urgency: 'breached', dueAt: d('2025-03-03T13:00:00Z') });
    expect(digest?.text).toBe('3 requests due today, 1 at risk, 1 breached. Most urgent: Payroll query (first response breached)');
  });

  it('names the longest overdue among breached requests', () => {
    // A2: received Mon 10:00 → due Mon 14:00, an hour after A's Mon 13:00: A is overdue longer.
    const A2 = open('a2', 'Expense claim', { receivedAt: d('2025-03-03T10:00:00Z') });
    const digest = composeWorkdayDigest(DIGEST_AT, london, [A2, A], []);
    expect(digest?.mostUrgent.requestId).toBe('a');
    expect(digest?.text).toBe('2 requests breached. Most urgent: Payroll query (first response breached)');
  });

  it('then the at-risk request due soonest', () => {
    // B2: received Mon 13:30: 210 used → at risk, due Tue 09:30, before B's 10:00.
    const B2 = open('b2', 'Printer on 3rd floor', { receivedAt: d('2025-03-03T13:30:00Z') });
    const digest = composeWorkdayDigest(DIGEST_AT, london, [B, D, B2], []);
    expect(digest?.mostUrgent).toMatchObject({ requestId: 'b2', urgency: 'atRisk', dueAt: d('2025-03-04T09:30:00Z') });
    // due today: B, D, B2 = 3; at risk: B, B2 = 2
    expect(digest?.text).toBe('3 requests due today, 2 at risk. Most urgent: Printer on 3rd floor (first response at risk)');
  });

  it('then the request due soonest today; one request is singular', () => {
    expect(composeWorkdayDigest(DIGEST_AT, london, [F, D], [])?.text).toBe('2 requests due today. Most urgent: Holiday request (first response due today)');
    expect(composeWorkdayDigest(DIGEST_AT, london, [D], [])?.text).toBe('1 request due today. Most urgent: Holiday request (first response due today)');
  });

  it('counts a request at risk but due on a later day as at risk only', () => {
    // Target 2400: received Wed 26 Feb 11:00, answered; used Wed 11–17 (360) + Thu, Fri, Mon (1440) = 1800 = 0.75 × 2400
    // → at risk; 600 left = Tue 480 + Wed 120 → due Wed 5 Mar 11:00, not today.
    const slow = open('s', 'Office move', { receivedAt: d('2025-02-26T11:00:00Z'), firstResponseAt: d('2025-02-26T11:05:00Z') }, DIGEST_AT, { firstResponseTargetMinutes: 240, resolutionTargetMinutes: 2400 });
    const digest = composeWorkdayDigest(DIGEST_AT, london, [slow], []);
    expect(digest).toMatchObject({ dueToday: 0, atRisk: 1, breached: 0, mostUrgent: { clock: 'resolution', dueAt: d('2025-03-05T11:00:00Z') } });
    expect(digest?.text).toBe('1 request at risk. Most urgent: Office move (resolution at risk)');
  });

  it('"due today" ends with the working day: due at 17:00 counts, due at Wednesday 09:01 does not', () => {
    // H: received Mon 09:00, answered: resolution 480 used, 480 left → due Tue 17:00. I: received Mon 09:01 → due Wed 09:01.
    const H = open('h', 'New hire paperwork', { receivedAt: d('2025-03-03T09:00:00Z'), firstResponseAt: d('2025-03-03T09:30:00Z') });
    const I = open('i', 'Desk booking', { receivedAt: d('2025-03-03T09:01:00Z'), firstResponseAt: d('2025-03-03T09:30:00Z') });
    expect(I.clocks.resolution.dueAt).toEqual(d('2025-03-05T09:01:00Z')); // the scripted premise
    const digest = composeWorkdayDigest(DIGEST_AT, london, [H, I], []);
    expect(digest?.dueToday).toBe(1);
    expect(digest?.mostUrgent).toMatchObject({ requestId: 'h', urgency: 'dueToday', dueAt: d('2025-03-04T17:00:00Z') });
  });

  it('composed on a Saturday, "today" is the next working day (Monday)', () => {
    // Received Fri 7 Mar 16:30: 30 used, 210 left → due Mon 10 Mar 12:30; composed Sat 8 Mar 10:00.
    const at = d('2025-03-08T10:00:00Z');
    const friday = open('j', 'Team lunch budget', { receivedAt: d('2025-03-07T16:30:00Z') }, at);
    expect(composeWorkdayDigest(at, london, [friday], [])?.text).toBe('1 request due today. Most urgent: Team lunch budget (first response due today)');
  });

  it('says nothing when nothing is due today, at risk or breached', () => {
    expect(composeWorkdayDigest(DIGEST_AT, london, [], [])).toBeNull();
    // C is on track and due Wednesday; E is breached but waiting on its requester
    expect(composeWorkdayDigest(DIGEST_AT, london, [C, E], [{ requestId: 'e', clock: 'resolution', kind: 'breached', at: d('2025-03-03T09:00:00.001Z') }])).toBeNull();
  });
});

describe('composeWorkdayDigest: held warnings', () => {
  it('delivers the held warnings still true and drops the stale ones', () => {
    const held: HeldWarning[] = [
      { requestId: 'a', clock: 'firstResponse', kind: 'atRisk', at: d('2025-03-03T12:00:00Z') }, // now breached: still true (and more)
      { requestId: 'b', clock: 'firstResponse', kind: 'atRisk', at: d('2025-03-03T17:00:00Z') }, // still at risk
      { requestId: 'c', clock: 'firstResponse', kind: 'atRisk', at: d('2025-03-03T16:15:00Z') }, // answered since: stale
      { requestId: 'd', clock: 'firstResponse', kind: 'breached', at: d('2025-03-03T16:45:00Z') }, // D is on track: stale
      { requestId: 'e', clock: 'resolution', kind: 'breached', at: d('2025-03-03T09:00:00.001Z') }, // paused now: stale
      { requestId: 'gone', clock: 'firstResponse', kind: 'atRisk', at: d('2025-03-03T15:00:00Z') }, // resolved, not in the queue
    ];
    const digest = composeWorkdayDigest(DIGEST_AT, london, [A, B, C, D, E, F], held);
    expect(digest?.warnings.map((w) => w.requestId)).toEqual(['a', 'b']);
  });

  it('a warning due at 22:00 in New York is held and appears in the 09:00 digest there', () => {
    // The team's desk calendar (clocks) runs 08:00–23:00 New York; the recipient works 09:00–17:00 New York (EST, UTC−5).
    const desk: WorkingCalendar = { timeZone: 'America/New_York', windows: [{ days: WEEKDAYS, start: '08:00', end: '23:00' }] };
    const recipient: WorkingCalendar = { timeZone: 'America/New_York', windows: [{ days: WEEKDAYS, start: '09:00', end: '17:00' }] };
    const standard = { firstResponseTargetMinutes: 480, resolutionTargetMinutes: 5000 };
    // Received Mon 3 Mar 16:00 EST = 21:00Z. At risk at 0.75 × 480 = 360 minutes: 16:00 + 6 h = 22:00 EST = Tue 03:00Z.
    const request: ClockedRequest = { receivedAt: d('2025-03-03T21:00:00Z'), firstResponseAt: null, resolvedAt: null, waitingPeriods: [] };
    const [first] = nextClockTransitions(request, standard, desk, request.receivedAt);
    expect(first).toEqual({ clock: 'firstResponse', kind: 'atRisk', at: d('2025-03-04T03:00:00Z') });
    // 22:00 is outside the recipient's 09:00–17:00: held for 09:00 EST Tue = 14:00Z.
    const delivery = warningDelivery(first!.at, recipient);
    expect(delivery).toEqual({ action: 'hold', digestAt: d('2025-03-04T14:00:00Z') });
    expect(nextDigestAt(first!.at, recipient)).toEqual(d('2025-03-04T14:00:00Z'));
    // At 09:00 EST Tue: used Mon 16–23 (420) + Tue 08–09 (60) = 480 = the target → still at risk (not over it), due 09:00.
    const digestAt = d('2025-03-04T14:00:00Z');
    const clocks = evaluateClocks(request, standard, desk, digestAt);
    expect(clocks.firstResponse).toMatchObject({ status: 'atRisk', usedMinutes: 480, dueAt: digestAt });
    const digest = composeWorkdayDigest(digestAt, recipient, [{ id: 'n', subject: 'VPN access', clocks }], [{ requestId: 'n', ...first! }]);
    expect(digest?.warnings).toEqual([{ requestId: 'n', clock: 'firstResponse', kind: 'atRisk', at: d('2025-03-04T03:00:00Z') }]);
    expect(digest?.text).toBe('1 request due today, 1 at risk. Most urgent: VPN access (first response at risk)');
  });
});
