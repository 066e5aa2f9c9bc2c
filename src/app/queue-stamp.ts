/**
 * A queue's stamp: a short digest of which requests are open in it and the last change of each. Every change of a
 * request moves its `updatedAt` forward and ids are never reused, so the stamp changes exactly when a request enters,
 * leaves or changes in the open queue — whichever instance wrote it. The tab compares the stamp of the queue it shows
 * with GET /api/me/queue/stamp every few seconds and reads the queue again only when they differ (a reply noticed
 * through a change notification then shows without the person doing anything). Time passing changes the clocks but
 * not the stamp: the tab re-evaluates nothing by itself, and a changed clock status is not a change of the queue.
 */
import { createHash } from 'node:crypto';

/** The stamp of the open requests given (in any order). */
export function queueStampOf(open: readonly { id: string; updatedAt: Date }[]): string {
  const hash = createHash('sha256');
  for (const r of [...open].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) hash.update(`${r.id}\u0000${r.updatedAt.getTime()}\u0000`);
  return hash.digest('base64url').slice(0, 22);
}
