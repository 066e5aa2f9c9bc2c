/** Graph serialises message times to whole seconds; the generator keeps milliseconds. */
const seconds = (d: Date | null | undefined): number | null => (d ? Math.floor(d.getTime() / 1000) : null);

import { startSyncHarness, storedFirstResponses, trackAll, type SyncHarness } from './sync-harness';

describe('sync against the dev tenant: first responses match the generator’s ground truth', () => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('tracks, syncs and finds every email and chat first response with zero mismatches', async () => {
    const truth = h.tenant.org.groundTruth();
    // Every colleague request in the demo organisation, for every assignee.
    const assignees = [...new Set(truth.map((t) => t.assigneeId))];
    const mine = truth;
    // The harness's organisation (12 people, 30 days) has 155 such requests, 39 of them in chats.
    expect(mine.filter((t) => t.source === 'chat').length).toBeGreaterThan(20);
    expect(mine.some((t) => t.source === 'email')).toBe(true);
    expect(mine.some((t) => t.source === 'chat')).toBe(true);
    expect(mine.some((t) => t.firstResponseAt === null)).toBe(true);
    expect(mine.some((t) => t.firstResponseAt !== null)).toBe(true);
    await trackAll(h, mine);
    const sync = h.newSyncService();
    for (const a of assignees) await sync.syncPerson(h.userOf(a));
    const stored = await storedFirstResponses(h, assignees);
    const mismatches = mine.filter((t) => {
      const r = stored.get(`${t.assigneeId}|${t.messageId}`);
      return !r || seconds(r.firstResponseAt) !== seconds(t.firstResponseAt) || seconds(r.receivedAt) !== seconds(t.receivedAt);
    });
    expect(mismatches).toEqual([]);
    expect(h.concurrency.for(`${h.tenant.org.tenantId}|${assignees[0]}`).maxSeen).toBeLessThanOrEqual(4);
  });
});
