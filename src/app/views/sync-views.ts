/**
 * The progress of a person's sync run.
 * The API sends these as JSON (src/contracts/api.ts re-exports them): instants are ISO-8601 UTC strings.
 */

export type SyncPhase = 'idle' | 'directory' | 'mail' | 'chats' | 'suggestions' | 'done' | 'failed';

/** POST /api/sync (202), GET /api/sync/status */
export interface SyncStatus {
  running: boolean;
  phase: SyncPhase;
  itemsSeen: number;
  requestsUpdated: number;
  /** Requests of mine whose first response (a reply of mine, mail or chat) this run found. */
  repliesFound: number;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}
