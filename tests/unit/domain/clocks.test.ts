import { breachCheck, evaluateClocks, type ClockedRequest } from '../../../src/domain/clocks';
import { applyLifecycleAction, type LifecycleState } from '../../../src/domain/request-lifecycle';
import { DEFAULT_STANDARD } from '../../../src/domain/standards';
import type { WorkingCalendar } from '../../../src/domain/working-time';

const calendar: WorkingCalendar = { timeZone: 'UTC', windows: [{ days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], start: '09:00', end: '17:00' }] };
const d = (iso: string): Date => new Date(iso);
/** Received Monday 2024-01-15 09:00Z unless overridden; default standard 240 / 960 working minutes. */
const request = (over: Partial<ClockedRequest> = {}): ClockedRequest => ({
  receivedAt: d('2024-01-15T09:00:00Z'), firstResponseAt: null, resolvedAt: null, waitingPeriods: [], ...over,
});
const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

describe('evaluateClocks: first response', () => {
  it.each<[string, Partial<ClockedRequest>, string, string, number, string | null]>([
    ['on track', {}, '2024-01-15T11:00:00Z', 'onTrack', 120, '2024-01-15T13:00:00.000Z'], // 09–11 = 120 of 240; due 09:00 + 240
    ['at risk at 75 %', {}, '2024-01-15T12:00:00Z', 'atRisk', 180, '2024-01-15T13:00:00.000Z'], // 180 = 0.75 × 240
    ['still at risk exactly at due', {}, '2024-01-15T13:00:00Z', 'atRisk', 240, '2024-01-15T13:00:00.000Z'], // used = target is not over it
    ['breached one ms later', {}, '2024-01-15T13:00:00.001Z', 'breached', 240 + 1 / 60_000, '2024-01-15T13:00:00.000Z'], // 240 min + 1 ms
    ['met', { firstResponseAt: d('2024-01-15T12:30:00Z') }, '2024-01-16T12:00:00Z', 'met', 210, '2024-01-15T13:00:00.000Z'], // 09:00–12:30
    ['missed', { firstResponseAt: d('2024-01-15T14:00:00Z') }, '2024-01-16T12:00:00Z', 'missed', 300, '2024-01-15T13:00:00.000Z'], // 09:00–14:00
    ['received on Saturday starts Monday', { receivedAt: d('2024-01-13T10:00:00Z') }, '2024-01-15T10:00:00Z', 'onTrack', 60, '2024-01-15T13:00:00.000Z'], // Mon 09–10
    ['resolved without a response stops it', { resolvedAt: d('2024-01-15T15:00:00Z') }, '2024-01-16T09:00:00Z', 'missed', 360, '2024-01-15T13:00:00.000Z'], // 09–15
    ['a response after now has not happened', { firstResponseAt: d('2024-01-15T12:00:00Z') }, '2024-01-15T10:00:00Z', 'onTrack', 60, '2024-01-15T13:00:00.000Z'], // 09–10
    ['waiting never pauses it', { waitingPeriods: [{ from: d('2024-01-15T10:00:00Z'), to: null }] }, '2024-01-15T14:00:00Z', 'breached', 300, '2024-01-15T13:00:00.000Z'], // 09–14
  ])('%s', (_name, over, now, status, used, dueAt) => {
    const { firstResponse } = evaluateClocks(request(over), DEFAULT_STANDARD, calendar, d(now));
    expect(firstResponse.status).toBe(status);
    expect(firstResponse.usedMinutes).toBe(used);
    expect(firstResponse.remainingMinutes).toBe(240 - used);
    expect(iso(firstResponse.dueAt)).toBe(dueAt);
    expect(firstResponse.paused).toBe(false);
  });
});

describe('evaluateClocks: resolution', () => {
  it.each<[string, Partial<ClockedRequest>, string, string, number, string | null, boolean]>([
    ['on track', {}, '2024-01-15T11:00:00Z', 'onTrack', 120, '2024-01-16T17:00:00.000Z', false], // 960 = Mon + Tue
    ['met', { resolvedAt: d('2024-01-16T10:00:00Z') }, '2024-01-17T10:00:00Z', 'met', 540, '2024-01-16T17:00:00.000Z', false], // 480 + 60
    ['missed', { resolvedAt: d('2024-01-17T10:00:00Z') }, '2024-01-18T10:00:00Z', 'missed', 1020, '2024-01-16T17:00:00.000Z', false], // 960 + 60
    ['paused by a finished wait, due moves by it', { waitingPeriods: [{ from: d('2024-01-15T10:00:00Z'), to: d('2024-01-16T10:00:00Z') }] }, '2024-01-16T12:00:00Z', 'onTrack', 180, '2024-01-17T17:00:00.000Z', false], // Mon 09–10 (60) + Tue 10–12 (120); 900 left from Tue 10:00 = 420 + 480 → Wed 17:00
    ['currently waiting: paused, no due, status kept', { waitingPeriods: [{ from: d('2024-01-15T11:00:00Z'), to: null }] }, '2024-01-17T10:00:00Z', 'onTrack', 120, null, true], // only Mon 09–11 counts
    ['currently waiting keeps at risk', { waitingPeriods: [{ from: d('2024-01-16T15:00:00Z'), to: null }] }, '2024-01-22T10:00:00Z', 'atRisk', 840, null, true], // Mon 480 + Tue 09–15 360 = 840 ≥ 720
    ['overlapping waits count once', { waitingPeriods: [{ from: d('2024-01-15T10:00:00Z'), to: d('2024-01-15T12:00:00Z') }, { from: d('2024-01-15T11:00:00Z'), to: d('2024-01-15T13:00:00Z') }] }, '2024-01-15T14:00:00Z', 'onTrack', 120, '2024-01-17T12:00:00.000Z', false], // 09–10 + 13–14; 960 + 180 paused → Wed 12:00
    ['wait still open at resolution ends there', { resolvedAt: d('2024-01-15T15:00:00Z'), waitingPeriods: [{ from: d('2024-01-15T11:00:00Z'), to: null }] }, '2024-01-16T09:00:00Z', 'met', 120, '2024-01-17T13:00:00.000Z', false], // 09–11; pause 11–15 (240) delays due from Tue 17:00 to Wed 13:00
  ])('%s', (_name, over, now, status, used, dueAt, paused) => {
    const { resolution } = evaluateClocks(request(over), DEFAULT_STANDARD, calendar, d(now));
    expect(resolution.status).toBe(status);
    expect(resolution.usedMinutes).toBe(used);
    expect(resolution.remainingMinutes).toBe(960 - used);
    expect(iso(resolution.dueAt)).toBe(dueAt);
    expect(resolution.paused).toBe(paused);
  });

  it('a zero target is due at the first working instant outside a pause', () => {
    const { resolution } = evaluateClocks(
      request({ receivedAt: d('2024-01-15T08:00:00Z'), waitingPeriods: [{ from: d('2024-01-15T08:30:00Z'), to: d('2024-01-15T10:00:00Z') }] }),
      { firstResponseTargetMinutes: 0, resolutionTargetMinutes: 0 }, calendar, d('2024-01-15T08:45:00Z'),
    );
    expect(resolution.dueAt?.toISOString()).toBe('2024-01-15T10:00:00.000Z'); // 09:00–10:00 is paused
    expect(resolution.status).toBe('atRisk'); // 0 used is not over 0, but it is 75 % of 0: due now
  });
});

describe('evaluateClocks after a reopen (DESIGN.md "Reopen")', () => {
  // Received Mon 09:00, resolved by phone Mon 10:00 without a reply, reopened Tue 09:00 (the lifecycle pauses the
  // resolution clock over Mon 10:00–Tue 09:00), evaluated Tue 15:00.
  const open: LifecycleState = {
    status: 'open', receivedAt: d('2024-01-15T09:00:00Z'), firstResponseAt: null, firstResponseSource: null, resolvedAt: null, firstResolvedAt: null,
    reopenCount: 0, waitingPeriods: [],
  };
  const resolved = applyLifecycleAction(open, 'resolve', d('2024-01-15T10:00:00Z')).state;
  const reopened = applyLifecycleAction(resolved, 'reopen', d('2024-01-16T09:00:00Z')).state;
  const now = d('2024-01-16T15:00:00Z');

  it('the first-response clock the resolve stopped stays stopped and met (not breached by the time since)', () => {
    const { firstResponse } = evaluateClocks(reopened, DEFAULT_STANDARD, calendar, now);
    expect(firstResponse.status).toBe('met');
    expect(iso(firstResponse.stoppedAt)).toBe('2024-01-15T10:00:00.000Z');
    expect(firstResponse.usedMinutes).toBe(60); // Mon 09–10
    expect(breachCheck(evaluateClocks(reopened, DEFAULT_STANDARD, calendar, now), { firstResponse: false, resolution: false }, calendar).breaches).toEqual([]);
  });

  it('a reply after the reopen does not move the stop: the earliest of response and first resolve wins', () => {
    const replied = { ...reopened, firstResponseAt: d('2024-01-16T11:00:00Z') };
    expect(iso(evaluateClocks(replied, DEFAULT_STANDARD, calendar, now).firstResponse.stoppedAt)).toBe('2024-01-15T10:00:00.000Z');
    const repliedFirst = { ...reopened, firstResponseAt: d('2024-01-15T09:30:00Z') };
    expect(iso(evaluateClocks(repliedFirst, DEFAULT_STANDARD, calendar, now).firstResponse.stoppedAt)).toBe('2024-01-15T09:30:00.000Z');
  });

  it('the resolution clock resumes and the time spent resolved does not count', () => {
    const { resolution } = evaluateClocks(reopened, DEFAULT_STANDARD, calendar, now);
    expect(resolution.stoppedAt).toBeNull();
    expect(resolution.usedMinutes).toBe(420); // Mon 09–10 (60) + Tue 09–15 (360); Mon 10–17 (420) was spent resolved
    expect(resolution.status).toBe('onTrack');
    expect(iso(resolution.dueAt)).toBe('2024-01-17T16:00:00.000Z'); // 960 − 60 = 900 from Tue 09:00: Tue 480 + Wed 420 → Wed 16:00
  });
});

describe('breachCheck', () => {
  const clocksAt = (over: Partial<ClockedRequest>, now: string) => evaluateClocks(request(over), DEFAULT_STANDARD, calendar, d(now));
  const none = { firstResponse: false, resolution: false };

  it.each<[string, Partial<ClockedRequest>, string, { firstResponse: boolean; resolution: boolean }, [string, string][], string | null]>([
    // both running within target: look again once the first response is past its due (Mon 13:00, a working instant)
    ['on track', {}, '2024-01-15T10:00:00Z', none, [], '2024-01-15T13:00:00.001Z'],
    // first response breached at 13:00: record it; the resolution is used up Tue 17:00, so passed Wed 09:00:00.001
    ['first response breached', {}, '2024-01-15T14:00:00Z', none, [['firstResponse', '2024-01-15T13:00:00.000Z']], '2024-01-17T09:00:00.001Z'],
    // already recorded: nothing to write, look again when the resolution is past its target
    ['first response recorded already', {}, '2024-01-15T14:00:00Z', { firstResponse: true, resolution: false }, [], '2024-01-17T09:00:00.001Z'],
    // Tue 17:30: the resolution target is used up exactly, not passed (no working time since 17:00): not yet a breach
    ['resolution used up overnight', {}, '2024-01-16T17:30:00Z', { firstResponse: true, resolution: false }, [], '2024-01-17T09:00:00.001Z'],
    // answered late (missed) before anyone looked: the breach is still written, at the instant it happened
    ['missed', { firstResponseAt: d('2024-01-15T14:00:00Z') }, '2024-01-15T15:00:00Z', none, [['firstResponse', '2024-01-15T13:00:00.000Z']], '2024-01-17T09:00:00.001Z'],
    // met and resolved within target: nothing now, nothing ever
    ['met and resolved', { firstResponseAt: d('2024-01-15T10:00:00Z'), resolvedAt: d('2024-01-15T11:00:00Z') }, '2024-01-15T12:00:00Z', none, [], null],
    // waiting on the requester within target: resolution paused; the first response still runs
    ['waiting', { firstResponseAt: d('2024-01-15T10:00:00Z'), waitingPeriods: [{ from: d('2024-01-15T11:00:00Z'), to: null }] }, '2024-01-15T12:00:00Z', none, [], null],
    // resolution breached Tue 17:00 (960 = Mon + Tue), then waiting from Wed 10:00: paused, its breach still known
    ['breached, then waiting', { firstResponseAt: d('2024-01-15T10:00:00Z'), waitingPeriods: [{ from: d('2024-01-17T10:00:00Z'), to: null }] }, '2024-01-18T10:00:00Z', none, [['resolution', '2024-01-16T17:00:00.000Z']], null],
  ])('%s', (_name, over, now, recorded, breaches, next) => {
    const result = breachCheck(clocksAt(over, now), recorded, calendar);
    expect(result.breaches.map((b) => [b.clock, b.at.toISOString()])).toEqual(breaches);
    expect(iso(result.nextCheckAt)).toBe(next);
  });
});
