import { availableActions, badgeStatus, filterQueue, sortByDue, withChange } from '../../../src/ui/tab/queue-model';
import { clock, request } from './fake-tab-services';

describe('queue model', () => {
  const breached = request('b', { clocks: { firstResponse: clock({ status: 'breached', remainingMinutes: -180 }), resolution: clock({ remainingMinutes: 500 }) } });
  const soon = request('s', { clocks: { firstResponse: clock({ status: 'atRisk', remainingMinutes: 30 }), resolution: clock({ remainingMinutes: 700 }) } });
  const later = request('l', { clocks: { firstResponse: clock({ remainingMinutes: 200 }), resolution: clock({ remainingMinutes: 900 }) } });
  const waiting = request('w', { status: 'waiting', firstResponseAt: '2025-03-10T09:00:00Z', clocks: { firstResponse: clock({ status: 'met', stoppedAt: '2025-03-10T09:00:00Z' }), resolution: clock({ dueAt: null, remainingMinutes: 10 }) } });
  const answered = request('a', { firstResponseAt: '2025-03-10T09:00:00Z', clocks: { firstResponse: clock({ status: 'met', stoppedAt: 'x', remainingMinutes: 100 }), resolution: clock({ remainingMinutes: 100 }) } });

  it('orders by the running clock\'s remaining working time, breached first, paused last', () => {
    // answered: its first-response clock stopped, so the resolution clock (100 m left) decides.
    expect(sortByDue([waiting, later, answered, soon, breached]).map((r) => r.id)).toEqual(['b', 's', 'a', 'l', 'w']);
  });

  it('gives the worse running clock as the badge; waiting and resolved win', () => {
    expect([breached, soon, later, waiting].map(badgeStatus)).toEqual(['breached', 'atRisk', 'onTrack', 'waiting']);
    expect(badgeStatus(request('r', { status: 'resolved' }))).toBe('resolved');
  });

  it('filters by status and category', () => {
    const other = request('o', { category: 'Payroll' });
    expect(filterQueue([breached, soon, other], 'all', 'Payroll').map((r) => r.id)).toEqual(['o']);
    expect(filterQueue([breached, soon, other], 'breached', null).map((r) => r.id)).toEqual(['b']);
  });

  it('offers the actions that fit the state', () => {
    expect(availableActions(later)).toEqual(['resolve', 'wait', 'respond', 'open', 'untrack']);
    expect(availableActions(waiting)).toEqual(['resolve', 'resume', 'open', 'untrack']);
    expect(availableActions(request('r', { status: 'resolved', webLink: null }))).toEqual(['reopen', 'untrack']);
  });

  it.each([
    ['resolved, resolved hidden: leaves', 'open', false, ['a', 'c']],
    ['resolved, resolved shown: stays, replaced', 'open', true, ['a', 'b', 'c']],
  ] as const)('withChange: %s', (_name, _from, includeResolved, ids) => {
    const list = [request('a'), request('b'), request('c')];
    const after = withChange(list, 'b', request('b', { status: 'resolved' }), includeResolved);
    expect(after.map((r) => r.id)).toEqual(ids);
    if (includeResolved) expect(after[1]?.status).toBe('resolved');
  });

  it('withChange: an untracked request leaves; one brought back by undo is added', () => {
    const list = [request('a'), request('b')];
    expect(withChange(list, 'b', null, true).map((r) => r.id)).toEqual(['a']);
    expect(withChange([request('a')], 'b', request('b'), false).map((r) => r.id)).toEqual(['a', 'b']);
  });
});
