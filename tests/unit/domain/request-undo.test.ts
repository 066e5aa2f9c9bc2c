import { DomainError } from '../../../src/domain/domain-error';
import { NOTE_MAX_CHARACTERS, assertNoteFits, noteFits } from '../../../src/domain/request-note';
import { applyLifecycleAction, type LifecycleState } from '../../../src/domain/request-lifecycle';
import { decideUndo, snapshotLifecycle, undoDeadline, UNDO_WINDOW_MINUTES, type UndoEvent } from '../../../src/domain/request-undo';

const at = (hhmm: string) => new Date(`2025-03-03T${hhmm}:00Z`);

/** Monday 3 March 2025: received 09:00, answered 10:00, resolved 17:30 — then a mis-click on Reopen at 18:00. */
const resolved: LifecycleState = {
  status: 'resolved', receivedAt: at('09:00'), firstResponseAt: at('10:00'), firstResponseSource: 'email', resolvedAt: at('17:30'),
  firstResolvedAt: at('17:30'), reopenCount: 0, waitingPeriods: [{ from: at('11:00'), to: at('12:00') }],
};

function change(id: string, type: string, when: Date, data: Record<string, unknown> | null = null, actorId = 'me'): UndoEvent {
  return { id, type, actorId, at: when, data };
}

describe('decideUndo', () => {
  const reopen = applyLifecycleAction(resolved, 'reopen', at('18:00'));
  const reopenEvent = change('e5', 'reopened', at('18:00'), { before: snapshotLifecycle(resolved) });
  const history = [change('e1', 'tracked', at('09:05')), change('e2', 'resolved', at('17:30')), reopenEvent];

  it('reopen pauses the resolution clock over the time spent resolved (17:30–18:00 does not count)', () => {
    expect(reopen.state).toMatchObject({ status: 'open', resolvedAt: null, waitingPeriods: [{ from: at('11:00'), to: at('12:00') }, { from: at('17:30'), to: at('18:00') }] });
  });

  it('puts back exactly the state a change replaced (a mis-clicked Reopen is resolved again, at 17:30)', () => {
    expect(reopen.state.status).toBe('open');
    const decision = decideUndo(reopenEvent, history, 'me', at('18:05'));
    expect(decision).toEqual({ kind: 'restoreLifecycle', undoes: 'reopened', state: {
      status: 'resolved', firstResponseAt: at('10:00'), firstResponseSource: 'email', resolvedAt: at('17:30'), firstResolvedAt: at('17:30'), reopenCount: 0,
      waitingPeriods: [{ from: at('11:00'), to: at('12:00') }],
    } });
  });

  it('undoing a first resolve forgets it (the first-response clock runs again); undoing a reopen takes back its count', () => {
    const open = { ...resolved, status: 'open' as const, firstResponseAt: null, firstResponseSource: null, resolvedAt: null, firstResolvedAt: null };
    const resolve = change('e2', 'resolved', at('17:30'), { before: snapshotLifecycle(open) });
    const undoResolve = decideUndo(resolve, [resolve], 'me', at('17:35'));
    expect(undoResolve.kind === 'restoreLifecycle' && undoResolve.state).toMatchObject({ status: 'open', resolvedAt: null, firstResolvedAt: null, reopenCount: 0 });
    const undoReopen = decideUndo(reopenEvent, history, 'me', at('18:05'));
    expect(reopen.state.reopenCount).toBe(1);
    expect(undoReopen.kind === 'restoreLifecycle' && undoReopen.state.reopenCount).toBe(0);
  });

  it('brings an untracked request back', () => {
    const untrack = change('e6', 'untracked', at('18:00'));
    expect(decideUndo(untrack, [...history, untrack], 'me', at('18:01'))).toEqual({ kind: 'restoreUntracked', undoes: 'untracked' });
  });

  it.each<[string, UndoEvent[], Date, string]>([
    // 18:00 + 10 min = 18:10 is the last instant; 18:10:01 is too late
    ['after the window', history, new Date(at('18:10').getTime() + 1_000), 'undo_expired'],
    // the sync found a reply after the change (written later, though the reply was sent at 17:45: order is by id)
    ['a later change by the sync', [...history, change('e7', 'responded', at('17:45'), null, 'system')], at('18:02'), 'undo_superseded'],
    ['an undo already done', [...history, change('e8', 'undone', at('18:01'), { eventId: 'e5' })], at('18:02'), 'undo_superseded'],
  ])('refuses %s', (_name, events, now, code) => {
    expect(() => decideUndo(reopenEvent, events, 'me', now)).toThrow(expect.objectContaining({ code }));
  });

  it('is not stopped by a breach written after the change (it changes no state)', () => {
    expect(decideUndo(reopenEvent, [...history, change('e9', 'breach', at('18:03'), { clock: 'resolution' }, 'system')], 'me', at('18:04')).kind).toBe('restoreLifecycle');
  });

  it.each<[string, UndoEvent]>([
    ['an update (category, priority, note)', change('e5', 'updated', at('18:00'), { fields: ['note'] })],
    ['someone else’s change', change('e5', 'reopened', at('18:00'), { before: snapshotLifecycle(resolved) }, 'colleague')],
    ['a change the sync made', change('e5', 'resumed', at('18:00'), { before: snapshotLifecycle(resolved) }, 'system')],
    ['a change without a snapshot', change('e5', 'resolved', at('18:00'), null)],
    ['a malformed snapshot', change('e5', 'resolved', at('18:00'), { before: { ...snapshotLifecycle(resolved), resolvedAt: 'yesterday' } })],
    ['a snapshot from before reopens were counted', change('e5', 'resolved', at('18:00'), { before: { ...snapshotLifecycle(resolved), firstResolvedAt: undefined, reopenCount: undefined } })],
  ])('cannot undo %s (undo_unavailable)', (_name, event) => {
    expect(() => decideUndo(event, [event], 'me', at('18:01'))).toThrow(expect.objectContaining({ code: 'undo_unavailable' }));
  });

  it(`gives ${UNDO_WINDOW_MINUTES} minutes`, () => {
    expect(undoDeadline(at('18:00'))).toEqual(at('18:10'));
  });
});

describe('note limit', () => {
  it.each([[0, true], [NOTE_MAX_CHARACTERS, true], [NOTE_MAX_CHARACTERS + 1, false], [5_000, false]])('%d characters fit: %s', (length, fits) => {
    expect(noteFits('x'.repeat(length))).toBe(fits);
  });

  it('refuses an over-long note with note_too_long and never shortens it', () => {
    const note = 'x'.repeat(5_000);
    expect(() => assertNoteFits(note)).toThrow(DomainError);
    expect(() => assertNoteFits(note)).toThrow(expect.objectContaining({ code: 'note_too_long' }));
    expect(note).toHaveLength(5_000);
  });
});
