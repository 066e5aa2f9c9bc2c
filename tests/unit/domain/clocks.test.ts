import { evaluateClocks, type ClockedRequest } from '../../../src/domain/clocks';
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
