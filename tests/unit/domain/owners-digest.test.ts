import type { ClockEvaluation, ClockStatus } from '../../../src/domain/clocks';
import { ageText, composeOwnersDigest, type OwnersDigestRequest } from '../../../src/domain/owners-digest';

const AT = new Date('2025-03-12T09:00:00Z');
const clock = (status: ClockStatus, over: Partial<ClockEvaluation> = {}): ClockEvaluation => ({
  status, targetMinutes: 240, usedMinutes: 0, remainingMinutes: 240, dueAt: new Date('2025-03-12T13:00:00Z'), stoppedAt: null, paused: false, ...over,
} as ClockEvaluation);
const req = (assigneeId: string, receivedAt: string, fr: ClockStatus, res: ClockStatus = 'onTrack', name: string | null = null): OwnersDigestRequest => ({
  receivedAt: new Date(receivedAt), assigneeId, assigneeName: name, clocks: { firstResponse: clock(fr), resolution: clock(res) },
});
const OPEN_TEAM = { minGroupSize: 2, individualView: false };

describe('composeOwnersDigest', () => {
  it('counts breached and at-risk requests once each and gives the oldest open request’s age', () => {
    const digest = composeOwnersDigest(AT, 'Support', [
      // breached on its first response (and at risk on resolution): counts as breached only
      req('ana', '2025-03-10T09:00:00Z', 'breached', 'atRisk'),
      req('ben', '2025-03-11T15:00:00Z', 'atRisk'),
      req('ben', '2025-03-12T08:00:00Z', 'onTrack'),
    ], OPEN_TEAM);
    // oldest: received Mon 10 Mar 09:00Z, 48 h before Wed 09:00Z = 2880 minutes = "2 days"
    expect(digest).toEqual({ open: 3, breached: 1, atRisk: 1, oldestAgeMinutes: 2880, text: 'Support: 1 breached, 1 at risk of 3 open; the oldest open request is 2 days old' });
  });

  it('names the oldest request’s assignee only with individual view on', () => {
    const requests = [req('ana', '2025-03-12T06:30:00Z', 'onTrack', 'onTrack', 'Ana Lima'), req('ben', '2025-03-12T08:00:00Z', 'onTrack', 'onTrack', 'Ben Ode')];
    // 06:30 → 09:00 = 150 minutes = "2 hours"
    expect(composeOwnersDigest(AT, 'Support', requests, { minGroupSize: 5, individualView: true })?.text).toBe('Support: 0 breached, 0 at risk of 2 open; the oldest open request is 2 hours old (Ana Lima)');
    expect(composeOwnersDigest(AT, 'Support', requests, { minGroupSize: 2, individualView: false })?.text).toBe('Support: 0 breached, 0 at risk of 2 open; the oldest open request is 2 hours old');
  });

  it('a paused or stopped clock is neither breached nor at risk', () => {
    const paused = { ...req('ana', '2025-03-11T09:00:00Z', 'onTrack', 'breached'), };
    paused.clocks.resolution = clock('breached', { paused: true });
    const stopped = req('ben', '2025-03-11T09:00:00Z', 'onTrack');
    stopped.clocks.firstResponse = clock('missed', { stoppedAt: new Date('2025-03-11T15:00:00Z') });
    expect(composeOwnersDigest(AT, 'T', [paused, stopped], OPEN_TEAM)).toMatchObject({ breached: 0, atRisk: 0, open: 2 });
  });

  it('sends nothing without open requests, or when fewer people than the group size hold them without individual view', () => {
    expect(composeOwnersDigest(AT, 'T', [], OPEN_TEAM)).toBeNull();
    const oneHolder = [req('ana', '2025-03-11T09:00:00Z', 'breached'), req('ana', '2025-03-11T10:00:00Z', 'atRisk')];
    expect(composeOwnersDigest(AT, 'T', oneHolder, { minGroupSize: 2, individualView: false })).toBeNull();
    expect(composeOwnersDigest(AT, 'T', oneHolder, { minGroupSize: 2, individualView: true })).toMatchObject({ breached: 1, atRisk: 1 });
  });

  it.each<[number, string]>([
    [0, '0 minutes'], [1, '1 minute'], [59, '59 minutes'], [60, '1 hour'], [1439, '23 hours'], [1440, '1 day'],
    // 47 hours = 2820 minutes: one whole day
    [2820, '1 day'], [4320, '3 days'],
  ])('ageText(%d) = %s', (minutes, text) => {
    expect(ageText(minutes)).toBe(text);
  });
});
