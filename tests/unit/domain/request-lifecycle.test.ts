import { applyLifecycleAction, type LifecycleState } from '../../../src/domain/request-lifecycle';
import { isDomainError } from '../../../src/domain/domain-error';

const received = new Date('2026-03-02T09:00:00Z');
const open: LifecycleState = {
  status: 'open', receivedAt: received, firstResponseAt: null, firstResponseSource: null, resolvedAt: null, firstResolvedAt: null, reopenCount: 0, waitingPeriods: [],
};
const at = (iso: string) => new Date(iso);

describe('request lifecycle', () => {
  it('wait → resume closes the waiting period; resolve while waiting closes it too', () => {
    const waiting = applyLifecycleAction(open, 'wait', at('2026-03-02T10:00:00Z'));
    expect(waiting.eventType).toBe('waiting');
    expect(waiting.state.waitingPeriods).toEqual([{ from: at('2026-03-02T10:00:00Z'), to: null }]);
    const resumed = applyLifecycleAction(waiting.state, 'resume', at('2026-03-02T11:00:00Z'));
    expect(resumed.state).toMatchObject({ status: 'open', waitingPeriods: [{ from: at('2026-03-02T10:00:00Z'), to: at('2026-03-02T11:00:00Z') }] });
    const waitingAgain = applyLifecycleAction(resumed.state, 'wait', at('2026-03-02T12:00:00Z'));
    const resolved = applyLifecycleAction(waitingAgain.state, 'resolve', at('2026-03-02T13:00:00Z'));
    expect(resolved.state.status).toBe('resolved');
    expect(resolved.state.waitingPeriods[1]).toEqual({ from: at('2026-03-02T12:00:00Z'), to: at('2026-03-02T13:00:00Z') });
  });

  it('reopen clears resolvedAt; respond records a manual first response once', () => {
    const resolved = applyLifecycleAction(open, 'resolve', at('2026-03-02T10:00:00Z')).state;
    expect(applyLifecycleAction(resolved, 'reopen', at('2026-03-02T11:00:00Z')).state).toMatchObject({ status: 'open', resolvedAt: null });
    const responded = applyLifecycleAction(open, 'respond', at('2026-03-02T09:30:00Z'));
    expect(responded.state).toMatchObject({ firstResponseAt: at('2026-03-02T09:30:00Z'), firstResponseSource: 'manual' });
    expect(() => applyLifecycleAction(responded.state, 'respond', at('2026-03-02T09:40:00Z'))).toThrow(/already recorded/);
  });

  it('the first resolve is kept through reopens; each reopen is counted and pauses over the time spent resolved', () => {
    const first = applyLifecycleAction(open, 'resolve', at('2026-03-02T10:00:00Z')).state;
    expect(first).toMatchObject({ resolvedAt: at('2026-03-02T10:00:00Z'), firstResolvedAt: at('2026-03-02T10:00:00Z'), reopenCount: 0 });
    const reopened = applyLifecycleAction(first, 'reopen', at('2026-03-02T11:00:00Z'));
    expect(reopened.eventType).toBe('reopened');
    expect(reopened.state).toMatchObject({
      status: 'open', resolvedAt: null, firstResolvedAt: at('2026-03-02T10:00:00Z'), reopenCount: 1,
      waitingPeriods: [{ from: at('2026-03-02T10:00:00Z'), to: at('2026-03-02T11:00:00Z') }],
    });
    const second = applyLifecycleAction(reopened.state, 'resolve', at('2026-03-02T12:00:00Z')).state;
    expect(second).toMatchObject({ resolvedAt: at('2026-03-02T12:00:00Z'), firstResolvedAt: at('2026-03-02T10:00:00Z') });
    expect(applyLifecycleAction(second, 'reopen', at('2026-03-02T13:00:00Z')).state.reopenCount).toBe(2);
  });

  it.each([
    ['resolve', 'resolved'],
    ['reopen', 'open'],
    ['resume', 'open'],
    ['wait', 'waiting'],
  ] as const)('%s on a %s request is invalid_transition', (action, status) => {
    const state: LifecycleState = { ...open, status, resolvedAt: status === 'resolved' ? received : null, waitingPeriods: status === 'waiting' ? [{ from: received, to: null }] : [] };
    let caught: unknown;
    try {
      applyLifecycleAction(state, action, at('2026-03-02T10:00:00Z'));
    } catch (error) {
      caught = error;
    }
    expect(isDomainError(caught, 'invalid_transition')).toBe(true);
  });

  it('never stamps a time before the request was received', () => {
    expect(applyLifecycleAction(open, 'resolve', at('2026-03-01T00:00:00Z')).state.resolvedAt).toEqual(received);
  });
});
