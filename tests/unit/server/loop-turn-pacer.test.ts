import { LoopTurnPacer } from '../../../src/server/loop-turn-pacer';

/** Resolves in the check phase of the current turn, after immediates scheduled before it (Node runs them in order). */
const endOfTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('LoopTurnPacer', () => {
  it('starts at most perTurn waiters per event-loop turn, first come first served', async () => {
    const pacer = new LoopTurnPacer(3);
    const started: number[] = [];
    for (let i = 0; i < 8; i++) void pacer.admit().then(() => started.push(i));
    expect(pacer.queued).toBe(8);
    await endOfTurn();
    expect(started).toEqual([0, 1, 2]);
    await endOfTurn();
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(pacer.queued).toBe(2);
    await endOfTurn();
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(pacer.queued).toBe(0);
  });

  it('starts a lone request in the turn it arrived in, and again after the line has drained', async () => {
    const pacer = new LoopTurnPacer(1);
    let started = 0;
    void pacer.admit().then(() => (started += 1));
    await endOfTurn();
    expect(started).toBe(1);
    void pacer.admit().then(() => (started += 1));
    await endOfTurn();
    expect(started).toBe(2);
  });

  it('refuses a per-turn count that is not a positive integer', () => {
    expect(() => new LoopTurnPacer(0)).toThrow(RangeError);
    expect(() => new LoopTurnPacer(2.5)).toThrow(RangeError);
  });
});
