import fc from 'fast-check';
import { evaluateClocks, type ClockedRequest, type ClockStatus } from '../../../src/domain/clocks';
import { nextClockTransitions, nextTransition, type ClockTransition, type DeliveredTransitions } from '../../../src/domain/clock-transitions';
import { DEFAULT_STANDARD } from '../../../src/domain/standards';
import type { DayOfWeek, WorkingCalendar } from '../../../src/domain/working-time';

const WEEKDAYS: DayOfWeek[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const nineToFive = (timeZone: string, extra: Partial<WorkingCalendar> = {}): WorkingCalendar => ({ timeZone, windows: [{ days: WEEKDAYS, start: '09:00', end: '17:00' }], ...extra });
// 3 March 2025 is a Monday. London is GMT (UTC+0) until BST starts Sun 30 March 01:00Z and again after Sun 26 Oct 01:00Z.
// New York is EST (UTC−5) until EDT (UTC−4) starts Sun 9 March 2025 07:00Z.
const london = nineToFive('Europe/London');
const d = (iso: string): Date => new Date(iso);
const request = (receivedAt: string, over: Partial<ClockedRequest> = {}): ClockedRequest => ({
  receivedAt: d(receivedAt), firstResponseAt: null, resolvedAt: null, waitingPeriods: [], ...over,
});
const shown = (ts: ClockTransition[]): string[] => ts.map((t) => `${t.clock} ${t.kind} ${t.at.toISOString()}`);
const RANK: Record<ClockStatus, number> = { onTrack: 0, atRisk: 1, breached: 2, met: -1, missed: -1 };

describe('nextClockTransitions: instants in working time (default standard: 240 first response, 960 resolution)', () => {
  it.each<[string, ClockedRequest, WorkingCalendar, string, string[]]>([
    // FR: 180 = Mon 09–12 → 12:00; 240 used at 13:00, exceeded 1 ms later. Resolution: 720 = Mon 480 + Tue 240 → Tue
    // 13:00; 960 used up at Tue 17:00 (end of the window), exceeded at the next working millisecond, Wed 09:00:00.001.
    ['same day', request('2025-03-03T09:00:00Z'), london, '2025-03-03T09:30:00Z', [
      'firstResponse atRisk 2025-03-03T12:00:00.000Z', 'firstResponse breached 2025-03-03T13:00:00.001Z',
      'resolution atRisk 2025-03-04T13:00:00.000Z', 'resolution breached 2025-03-05T09:00:00.001Z']],
    // Across a night: Mon 15–17 = 120; FR 180 − 120 = 60 → Tue 10:00; 240 − 120 = 120 → Tue 11:00, +1 ms.
    // Resolution: 120 + Tue 480 = 600; 720 − 600 = 120 → Wed 11:00; 960 − 600 = 360 → Wed 15:00, +1 ms.
    ['across a night', request('2025-03-03T15:00:00Z'), london, '2025-03-03T15:00:00Z', [
      'firstResponse atRisk 2025-03-04T10:00:00.000Z', 'firstResponse breached 2025-03-04T11:00:00.001Z',
      'resolution atRisk 2025-03-05T11:00:00.000Z', 'resolution breached 2025-03-05T15:00:00.001Z']],
    // Used up exactly at 17:00: FR Mon 13–17 = 240, so breached at Tue 09:00:00.001, not Mon 17:00; at risk at 16:00.
    // Resolution: 240 + Tue 480 = 720 reached at Tue 17:00 itself (at risk then); 960 − 720 = 240 → Wed 13:00, +1 ms.
    ['used up at the end of the day', request('2025-03-03T13:00:00Z'), london, '2025-03-03T13:00:00Z', [
      'firstResponse atRisk 2025-03-03T16:00:00.000Z', 'firstResponse breached 2025-03-04T09:00:00.001Z',
      'resolution atRisk 2025-03-04T17:00:00.000Z', 'resolution breached 2025-03-05T13:00:00.001Z']],
    // Across a weekend: Fri 7 Mar 16–17 = 60; FR Mon 10 Mar 09:00 + 120 → 11:00, + 180 → 12:00 (+1 ms).
    // Resolution: 60 + Mon 480 = 540; 720 − 540 = 180 → Tue 12:00; 960 − 540 = 420 → Tue 16:00, +1 ms.
    ['across a weekend', request('2025-03-07T16:00:00Z'), london, '2025-03-07T16:00:00Z', [
      'firstResponse atRisk 2025-03-10T11:00:00.000Z', 'firstResponse breached 2025-03-10T12:00:00.001Z',
      'resolution atRisk 2025-03-11T12:00:00.000Z', 'resolution breached 2025-03-11T16:00:00.001Z']],
    // Monday 10 March a holiday: the same arithmetic one working day later (Tuesday, then Wednesday).
    ['across a weekend and a holiday', request('2025-03-07T16:00:00Z'), nineToFive('Europe/London', { holidays: ['2025-03-10'] }), '2025-03-07T16:00:00Z', [
      'firstResponse atRisk 2025-03-11T11:00:00.000Z', 'firstResponse breached 2025-03-11T12:00:00.001Z',
      'resolution atRisk 2025-03-12T12:00:00.000Z', 'resolution breached 2025-03-12T16:00:00.001Z']],
    // London spring forward: Fri 28 Mar 15–17 GMT = 120; Mon 31 Mar 09:00 BST = 08:00Z: FR + 60 → 09:00Z, + 120 → 10:00Z.
    // Resolution: 120 + Mon 480 = 600; Tue 09:00 BST + 120 → 11:00 BST = 10:00Z; + 360 → 15:00 BST = 14:00Z, +1 ms.
    ['London, clocks go forward over the weekend', request('2025-03-28T15:00:00Z'), london, '2025-03-28T15:00:00Z', [
      'firstResponse atRisk 2025-03-31T09:00:00.000Z', 'firstResponse breached 2025-03-31T10:00:00.001Z',
      'resolution atRisk 2025-04-01T10:00:00.000Z', 'resolution breached 2025-04-01T14:00:00.001Z']],
    // London fall back: Fri 24 Oct 15:00Z = 16:00 BST, 16–17 BST = 60; Mon 27 Oct 09:00 GMT = 09:00Z: FR + 120 → 11:00Z.
    // Resolution: 60 + Mon 480 = 540; + 180 → Tue 12:00Z; + 420 → Tue 16:00Z, +1 ms.
    ['London, clocks go back over the weekend', request('2025-10-24T15:00:00Z'), london, '2025-10-24T15:00:00Z', [
      'firstResponse atRisk 2025-10-27T11:00:00.000Z', 'firstResponse breached 2025-10-27T12:00:00.001Z',
      'resolution atRisk 2025-10-28T12:00:00.000Z', 'resolution breached 2025-10-28T16:00:00.001Z']],
    // New York spring forward: Fri 7 Mar 15:00 EST = 20:00Z, 15–17 = 120; Mon 10 Mar 09:00 EDT = 13:00Z: FR + 60 → 14:00Z.
    // Resolution: 120 + Mon 480 = 600; + 120 → Tue 11:00 EDT = 15:00Z; + 360 → Tue 15:00 EDT = 19:00Z, +1 ms.
    ['New York, clocks go forward over the weekend', request('2025-03-07T20:00:00Z'), nineToFive('America/New_York'), '2025-03-07T20:00:00Z', [
      'firstResponse atRisk 2025-03-10T14:00:00.000Z', 'firstResponse breached 2025-03-10T15:00:00.001Z',
      'resolution atRisk 2025-03-11T15:00:00.000Z', 'resolution breached 2025-03-11T19:00:00.001Z']],
    // Out of office Tue 4 Mar 00:00Z → Wed 5 Mar 12:00Z: Mon 15–17 = 120; FR Wed 12:00 + 60 → 13:00, + 120 → 14:00 (+1 ms).
    // Resolution: 120 + Wed 12–17 (300) = 420; + 300 → Thu 14:00; 960 − 420 = 540 = Thu 480 + Fri 60 → Fri 10:00, +1 ms.
    ['across an out-of-office period', request('2025-03-03T15:00:00Z'), nineToFive('Europe/London', { closed: [{ from: d('2025-03-04T00:00:00Z'), to: d('2025-03-05T12:00:00Z') }] }), '2025-03-03T15:00:00Z', [
      'firstResponse atRisk 2025-03-05T13:00:00.000Z', 'firstResponse breached 2025-03-05T14:00:00.001Z',
      'resolution atRisk 2025-03-06T14:00:00.000Z', 'resolution breached 2025-03-07T10:00:00.001Z']],
  ])('%s', (_name, r, calendar, now, expected) => {
    expect(shown(nextClockTransitions(r, DEFAULT_STANDARD, calendar, d(now)))).toEqual(expected);
  });
});

describe('nextClockTransitions: stopped and paused clocks', () => {
  const received = '2025-03-03T09:00:00Z'; // Monday, London 09–17

  it('a first response stops that clock: only the resolution clock has transitions', () => {
    const r = request(received, { firstResponseAt: d('2025-03-03T10:00:00Z') });
    expect(shown(nextClockTransitions(r, DEFAULT_STANDARD, london, d('2025-03-03T11:00:00Z')))).toEqual([
      'resolution atRisk 2025-03-04T13:00:00.000Z', 'resolution breached 2025-03-05T09:00:00.001Z', // as in 'same day'
    ]);
  });

  it('a resolved request has none', () => {
    const r = request(received, { resolvedAt: d('2025-03-03T10:00:00Z') });
    expect(nextClockTransitions(r, DEFAULT_STANDARD, london, d('2025-03-03T11:00:00Z'))).toEqual([]);
  });

  it('an open waiting period pauses the resolution clock: no resolution transition until it resumes', () => {
    const r = request(received, { firstResponseAt: d('2025-03-03T10:00:00Z'), waitingPeriods: [{ from: d('2025-03-03T11:00:00Z'), to: null }] });
    expect(nextClockTransitions(r, DEFAULT_STANDARD, london, d('2025-03-05T11:00:00Z'))).toEqual([]);
    expect(nextTransition(r, DEFAULT_STANDARD, london, d('2025-03-05T11:00:00Z'))).toBeNull();
  });

  it('once the wait ends the paused time moves both instants later', () => {
    // Waiting Mon 11:00 → Tue 11:00 covers Mon 11–17 + Tue 09–11 = 480 working minutes. Used: Mon 09–11 = 120, then
    // from Tue 11:00: Tue 11–17 = 360 (480 in all); 720 − 480 = 240 → Wed 13:00; 960 − 480 = 480 → Wed 17:00, so
    // breached at Thu 09:00:00.001.
    const r = request(received, { firstResponseAt: d('2025-03-03T10:00:00Z'), waitingPeriods: [{ from: d('2025-03-03T11:00:00Z'), to: d('2025-03-04T11:00:00Z') }] });
    expect(shown(nextClockTransitions(r, DEFAULT_STANDARD, london, d('2025-03-04T12:00:00Z')))).toEqual([
      'resolution atRisk 2025-03-05T13:00:00.000Z', 'resolution breached 2025-03-06T09:00:00.001Z',
    ]);
  });

  it('transitions that already happened stay in the list, ordered by instant', () => {
    // Seen on Wed 12:00, after all four instants of 'same day': the list is the same (both clocks still run).
    expect(shown(nextClockTransitions(request(received), DEFAULT_STANDARD, london, d('2025-03-05T12:00:00Z')))).toEqual([
      'firstResponse atRisk 2025-03-03T12:00:00.000Z', 'firstResponse breached 2025-03-03T13:00:00.001Z',
      'resolution atRisk 2025-03-04T13:00:00.000Z', 'resolution breached 2025-03-05T09:00:00.001Z',
    ]);
  });

  it('a zero target is at risk from the moment it is received, and breached at the first working millisecond', () => {
    // Received Sat 1 Mar: at risk at once (0 used ≥ 0); first working time Mon 3 Mar 09:00, exceeded at 09:00:00.001.
    const r = request('2025-03-01T10:00:00Z');
    const zero = { firstResponseTargetMinutes: 0, resolutionTargetMinutes: 960 };
    expect(shown(nextClockTransitions(r, zero, london, d('2025-03-01T10:00:00Z'))).slice(0, 2)).toEqual([
      'firstResponse atRisk 2025-03-01T10:00:00.000Z', 'firstResponse breached 2025-03-03T09:00:00.001Z',
    ]);
  });
});

describe('the boundary agrees with evaluateClocks (1 ms before, at, 1 ms after)', () => {
  // Rows: a request, its calendar and the transitions from the table above.
  it.each<[string, ClockedRequest, WorkingCalendar, string, 'firstResponse' | 'resolution', 'atRisk' | 'breached', ClockStatus]>([
    ['FR at risk at 12:00', request('2025-03-03T09:00:00Z'), london, '2025-03-03T12:00:00.000Z', 'firstResponse', 'atRisk', 'onTrack'],
    ['FR breached at 13:00:00.001 (used = target at 13:00 is not over it)', request('2025-03-03T09:00:00Z'), london, '2025-03-03T13:00:00.001Z', 'firstResponse', 'breached', 'atRisk'],
    ['FR breached the next morning when used up at 17:00', request('2025-03-03T13:00:00Z'), london, '2025-03-04T09:00:00.001Z', 'firstResponse', 'breached', 'atRisk'],
    ['resolution at risk at 17:00 exactly', request('2025-03-03T13:00:00Z'), london, '2025-03-04T17:00:00.000Z', 'resolution', 'atRisk', 'onTrack'],
    ['New York breach after spring forward', request('2025-03-07T20:00:00Z'), nineToFive('America/New_York'), '2025-03-10T15:00:00.001Z', 'firstResponse', 'breached', 'atRisk'],
  ])('%s', (_name, r, calendar, at, clock, kind, before) => {
    const atMs = d(at).getTime();
    const listed = nextClockTransitions(r, DEFAULT_STANDARD, calendar, r.receivedAt).find((t) => t.clock === clock && t.kind === kind);
    expect(listed?.at.toISOString()).toBe(at);
    expect(evaluateClocks(r, DEFAULT_STANDARD, calendar, new Date(atMs - 1))[clock].status).toBe(before);
    expect(evaluateClocks(r, DEFAULT_STANDARD, calendar, new Date(atMs))[clock].status).toBe(kind);
    expect(evaluateClocks(r, DEFAULT_STANDARD, calendar, new Date(atMs + 1))[clock].status).toBe(kind);
  });
});

describe('nextTransition: one instant per request for a scheduler', () => {
  const r = request('2025-03-03T09:00:00Z'); // the 'same day' request

  it('walks the four transitions in order, each once, as a scheduler that delivers and asks again would', () => {
    const delivered: DeliveredTransitions = {};
    const seen: string[] = [];
    let now = d('2025-03-03T09:30:00Z');
    for (let step = 0; step < 10; step++) {
      const next = nextTransition(r, DEFAULT_STANDARD, london, now, delivered);
      if (next === null) break;
      expect(next.at.getTime()).toBeGreaterThan(now.getTime()); // woken exactly on time: never overdue here
      now = next.at; // the scheduler sleeps until the stored instant, then delivers
      seen.push(`${next.clock} ${next.kind} ${next.at.toISOString()}`);
      delivered[next.clock] = next.kind;
    }
    expect(seen).toEqual([
      'firstResponse atRisk 2025-03-03T12:00:00.000Z', 'firstResponse breached 2025-03-03T13:00:00.001Z',
      'resolution atRisk 2025-03-04T13:00:00.000Z', 'resolution breached 2025-03-05T09:00:00.001Z',
    ]);
  });

  it('after downtime gives the overdue breach and skips the at-risk warning it makes stale', () => {
    // Down from Mon 09:30 to Mon 14:00: the first-response clock was at risk at 12:00 and breached at 13:00:00.001.
    const next = nextTransition(r, DEFAULT_STANDARD, london, d('2025-03-03T14:00:00Z'));
    expect(next).toEqual({ clock: 'firstResponse', kind: 'breached', at: d('2025-03-03T13:00:00.001Z') });
  });

  it('an overdue at-risk warning whose breach has not happened yet is still given', () => {
    // Down from 09:30 to 12:30: at risk since 12:00, breach not until 13:00:00.001.
    const next = nextTransition(r, DEFAULT_STANDARD, london, d('2025-03-03T12:30:00Z'));
    expect(next).toEqual({ clock: 'firstResponse', kind: 'atRisk', at: d('2025-03-03T12:00:00Z') });
  });

  it('a delivered breach covers the at-risk warning; null when everything is delivered', () => {
    const now = d('2025-03-06T10:00:00Z');
    expect(nextTransition(r, DEFAULT_STANDARD, london, now, { firstResponse: 'breached' })).toEqual({ clock: 'resolution', kind: 'breached', at: d('2025-03-05T09:00:00.001Z') });
    expect(nextTransition(r, DEFAULT_STANDARD, london, now, { firstResponse: 'breached', resolution: 'breached' })).toBeNull();
  });

  it('a response stops the first-response clock: the next instant is the resolution clock\'s', () => {
    const answered = request('2025-03-03T09:00:00Z', { firstResponseAt: d('2025-03-03T11:00:00Z') });
    expect(nextTransition(answered, DEFAULT_STANDARD, london, d('2025-03-03T11:00:00Z'))).toEqual({ clock: 'resolution', kind: 'atRisk', at: d('2025-03-04T13:00:00Z') });
  });
});

describe('property: at each returned instant evaluateClocks reads the new status, 1 ms before it does not', () => {
  const DAYS: DayOfWeek[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
  const MS_2024 = Date.UTC(2024, 0, 1);
  const DAY_MS = 86_400_000;
  const hhmm = (minute: number): string => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  const calendarArb: fc.Arbitrary<WorkingCalendar> = fc.record({
    timeZone: fc.constantFrom('UTC', 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'),
    windows: fc.array(fc.record({ days: fc.subarray(DAYS, { minLength: 1 }), start: fc.integer({ min: 0, max: 1439 }), length: fc.integer({ min: 30, max: 720 }) })
      .map(({ days, start, length }) => ({ days, start: hhmm(start), end: (start + length) % 1440 === 0 ? '24:00' : hhmm((start + length) % 1440) })), { minLength: 1, maxLength: 2 }),
    holidays: fc.array(fc.integer({ min: 0, max: 400 }).map((n) => new Date(MS_2024 + n * DAY_MS).toISOString().slice(0, 10)), { maxLength: 10 }),
    closed: fc.array(fc.record({ from: fc.integer({ min: MS_2024, max: MS_2024 + 400 * DAY_MS }), length: fc.integer({ min: 1, max: 10 * DAY_MS }) })
      .map(({ from, length }) => ({ from: new Date(from), to: new Date(from + length) })), { maxLength: 3 }),
  });
  const caseArb = fc.record({
    calendar: calendarArb,
    receivedMs: fc.integer({ min: MS_2024, max: MS_2024 + 300 * DAY_MS }),
    // Whole minutes mostly, sometimes a fraction of a minute in whole milliseconds.
    firstResponseMs: fc.oneof(fc.integer({ min: 1, max: 2000 }).map((m) => m * 60_000), fc.integer({ min: 1, max: 120_000_000 })),
    resolutionMs: fc.oneof(fc.integer({ min: 1, max: 5000 }).map((m) => m * 60_000), fc.integer({ min: 1, max: 300_000_000 })),
    nowAfterMs: fc.integer({ min: 0, max: 30 * DAY_MS }),
    waits: fc.array(fc.record({ fromAfterMs: fc.integer({ min: 0, max: 30 * DAY_MS }), lengthMs: fc.integer({ min: 1, max: 5 * DAY_MS }) }), { maxLength: 2 }),
  });

  it('holds for random calendars, targets and finished waits', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const r: ClockedRequest = {
        receivedAt: new Date(c.receivedMs), firstResponseAt: null, resolvedAt: null,
        waitingPeriods: c.waits.map((w) => ({ from: new Date(c.receivedMs + w.fromAfterMs), to: new Date(c.receivedMs + w.fromAfterMs + w.lengthMs) })),
      };
      const standard = { firstResponseTargetMinutes: c.firstResponseMs / 60_000, resolutionTargetMinutes: c.resolutionMs / 60_000 };
      const now = new Date(c.receivedMs + c.nowAfterMs);
      const transitions = nextClockTransitions(r, standard, c.calendar, now);
      const current = evaluateClocks(r, standard, c.calendar, now);
      for (const clock of ['firstResponse', 'resolution'] as const) {
        // Both transitions exactly for each running, unpaused clock.
        expect(transitions.filter((t) => t.clock === clock).map((t) => t.kind)).toEqual(current[clock].paused ? [] : ['atRisk', 'breached']);
      }
      for (const t of transitions) {
        const atMs = t.at.getTime();
        expect(evaluateClocks(r, standard, c.calendar, t.at)[t.clock].status).toBe(t.kind);
        expect(RANK[evaluateClocks(r, standard, c.calendar, new Date(atMs - 1))[t.clock].status]).toBe(RANK[t.kind] - 1);
      }
      for (let i = 1; i < transitions.length; i++) expect((transitions[i] as ClockTransition).at.getTime()).toBeGreaterThanOrEqual((transitions[i - 1] as ClockTransition).at.getTime());
    }), { numRuns: 300 });
  });
});
