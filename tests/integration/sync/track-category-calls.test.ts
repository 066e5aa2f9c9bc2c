import { INTERNAL_REQUEST_CATEGORY } from '../../../src/app/track-request';
import { startSyncHarness, trackAll, type SyncHarness } from './sync-harness';

/**
 * Tracking an email applies the "Internal request" category without re-reading the message it has just read, and a
 * mailbox's master category list is read once (then trusted for MASTER_CATEGORY_TTL_MS) — checked on the dev tenant's
 * Graph request counters and on the mailbox itself.
 */
describe('tracking an email: Graph calls for the category', () => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness();
  });
  afterAll(async () => h.close());

  it('reads the message once, the master list once per mailbox, and categorises every tracked message', async () => {
    const emails = h.tenant.org.groundTruth().filter((t) => t.source === 'email');
    const assignee = emails[0]?.assigneeId ?? '';
    const mine = emails.filter((t) => t.assigneeId === assignee).slice(0, 3);
    expect(mine.length).toBe(3);
    h.tenant.counters.reset();
    await trackAll(h, mine);
    const counts = h.tenant.counters.snapshot();
    expect(counts['POST /$batch'] ?? 0).toBe(0);
    expect(counts['GET /me/outlook/masterCategories']).toBe(1);
    expect(counts['GET /me/messages/{id}']).toBe(3);
    expect(counts['PATCH /me/messages/{id}']).toBe(3);
    const client = h.pool.clientFor(h.userOf(assignee));
    for (const t of mine) {
      const m = (await client.api(`/me/messages/${t.messageId}`).select('categories').get()) as { categories: string[] };
      expect(m.categories.filter((c) => c === INTERNAL_REQUEST_CATEGORY)).toHaveLength(1);
    }
    const master = (await client.api('/me/outlook/masterCategories').get()) as { value: { displayName: string }[] };
    expect(master.value.filter((c) => c.displayName === INTERNAL_REQUEST_CATEGORY)).toHaveLength(1);
  });

  it('without the current categories it still reads them (one batch) and adds the category only once', async () => {
    const t = h.tenant.org.groundTruth().filter((r) => r.source === 'email')[5];
    if (!t) throw new Error('no email in the ground truth');
    const user = h.userOf(t.assigneeId);
    h.tenant.counters.reset();
    await h.mail.addCategory(user, t.messageId, 'Follow-up');
    await h.mail.addCategory(user, t.messageId, 'Follow-up');
    expect(h.tenant.counters.get('POST /$batch')).toBe(2);
    expect(h.tenant.counters.get('PATCH /me/messages/{id}')).toBe(1);
    const m = await h.mail.getMessage(user, t.messageId);
    expect(m?.categories.filter((c) => c === 'Follow-up')).toHaveLength(1);
  });

  it('a message gone since it was read answers not_found', async () => {
    const t = h.tenant.org.groundTruth().filter((r) => r.source === 'email')[6];
    if (!t) throw new Error('no email in the ground truth');
    await expect(h.mail.addCategory(h.userOf(t.assigneeId), `${t.messageId}x`, INTERNAL_REQUEST_CATEGORY, [])).rejects.toMatchObject({ code: 'not_found' });
  });
});
