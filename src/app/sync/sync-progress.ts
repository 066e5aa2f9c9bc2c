import type { SyncPhase, SyncStatus } from '../views/sync-views';

/** Live progress of one person's sync, shown by GET /api/sync/status. */
export class SyncProgress {
  phase: SyncPhase = 'idle';
  itemsSeen = 0;
  requestsUpdated = 0;
  /** Requests whose first response this run found (none before, one now): "2 replies found". */
  repliesFound = 0;
  running = false;
  startedAt: Date | null = null;
  finishedAt: Date | null = null;
  error: string | null = null;

  start(now: Date): void {
    Object.assign(this, { phase: 'directory', itemsSeen: 0, requestsUpdated: 0, repliesFound: 0, running: true, startedAt: now, finishedAt: null, error: null });
  }

  finish(now: Date, error: string | null): void {
    this.running = false;
    this.finishedAt = now;
    this.error = error;
    this.phase = error ? 'failed' : 'done';
  }

  /** Counts what a batch of writes did: every request updated, and those that got their first response. */
  recordWritten(before: readonly { id: string; firstResponseAt: Date | null }[], written: readonly { id: string; firstResponseAt: Date | null }[]): void {
    const unanswered = new Set(before.filter((r) => r.firstResponseAt === null).map((r) => r.id));
    this.requestsUpdated += written.length;
    this.repliesFound += written.filter((w) => w.firstResponseAt !== null && unanswered.has(w.id)).length;
  }

  toStatus(): SyncStatus {
    return {
      running: this.running, phase: this.phase, itemsSeen: this.itemsSeen, requestsUpdated: this.requestsUpdated, repliesFound: this.repliesFound,
      startedAt: this.startedAt?.toISOString() ?? null, finishedAt: this.finishedAt?.toISOString() ?? null, error: this.error,
    };
  }
}
