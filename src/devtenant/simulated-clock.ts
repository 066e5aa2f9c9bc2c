/**
 * The dev tenant's notion of "now". It runs with real time from a chosen starting instant, and tests can move it.
 * Everything the simulator stamps (sent mail, chat messages, token times) reads this clock.
 */
export class SimulatedClock {
  private offsetMs: number;

  /** @param startAt the instant the clock shows right now (UTC). */
  constructor(startAt: Date = new Date()) {
    this.offsetMs = startAt.getTime() - Date.now();
  }

  /** The simulated current instant. */
  now(): Date {
    return new Date(this.nowMs());
  }

  /** The simulated current instant in epoch milliseconds. */
  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves the clock so that it shows `now` at this moment; it keeps running from there. */
  set(now: Date): void {
    this.offsetMs = now.getTime() - Date.now();
  }

  /** Moves the clock forward (or back, if negative) by `ms` milliseconds. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
