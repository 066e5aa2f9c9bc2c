import type { SyncPhase, SyncStatus } from '../../contracts/api';

/** Live progress of one person's sync, shown by GET /api/sync/status. */
export class SyncProgress {
  phase: SyncPhase = 'idle';
  itemsSeen = 0;
  requestsUpdated = 0;
  running = false;
  startedAt: Date | null = null;
  finishedAt: Date | null = null;
  error: string | null = null;

  start(now: Date): void {
    Object.assign(this, { phase: 'directory', itemsSeen: 0, requestsUpdated: 0, running: true, startedAt: now, finishedAt: null, error: null });
  }

  finish(now: Date, error: string | null): void {
    this.running = false;
    this.finishedAt = now;
    this.error = error;
    this.phase = error ? 'failed' : 'done';
  }

  toStatus(): SyncStatus {
    return {
      running: this.running, phase: this.phase, itemsSeen: this.itemsSeen, requestsUpdated: this.requestsUpdated,
      startedAt: this.startedAt?.toISOString() ?? null, finishedAt: this.finishedAt?.toISOString() ?? null, error: this.error,
    };
  }
}
