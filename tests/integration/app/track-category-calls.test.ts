import { trackRequest } from '../../../src/app/track-request';
import { outlookCategoryName } from '../../../src/domain/request-categories';
import { startSyncHarness, trackAll, type SyncHarness } from './sync/sync-harness';

/** A request tracked without a category gets the plain "Turnaround" Outlook category. */
const INTERNAL_REQUEST_CATEGORY = outlookCategoryName(null);

/**
 * Tracking an email applies the Outlook category derived from its category ("Turnaround: Access", or "Turnaround") without re-reading the message it has just read, and a
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
    expect(counts['GET /users/{id}/outlook/masterCategories']).toBe(1);
    expect(counts['GET /users/{id}/messages/{id}']).toBe(3);
    expect(counts['PATCH /users/{id}/messages/{id}']).toBe(3);
    const client = h.pool.clientFor(await h.asPerson(assignee));
    for (const t of mine) {
      const m = (await client.api(`/users/${assignee}/messages/${t.messageId}`).select('categories').get()) as { categories: string[] };
      expect(m.categories.filter((c) => c === INTERNAL_REQUEST_CATEGORY)).toHaveLength(1);
    }
    const master = (await client.api(`/users/${assignee}/outlook/masterCategories`).get()) as { value: { displayName: string }[] };
    expect(master.value.filter((c) => c.displayName === INTERNAL_REQUEST_CATEGORY)).toHaveLength(1);
  });

  it('without the current categories it still reads them (one batch) and adds the category only once', async () => {
    const t = h.tenant.org.groundTruth().filter((r) => r.source === 'email')[5];
    if (!t) throw new Error('no email in the ground truth');
    const user = await h.asPerson(t.assigneeId);
    h.tenant.counters.reset();
    await h.mail.addCategory(user, t.messageId, 'Follow-up');
    await h.mail.addCategory(user, t.messageId, 'Follow-up');
    expect(h.tenant.counters.get('POST /$batch')).toBe(2);
    expect(h.tenant.counters.get('PATCH /users/{id}/messages/{id}')).toBe(1);
    const m = await h.mail.getMessage(user, t.messageId);
    expect(m?.categories.filter((c) => c === 'Follow-up')).toHaveLength(1);
  });

  it('a message gone since it was read answers not_found', async () => {
    const t = h.tenant.org.groundTruth().filter((r) => r.source === 'email')[6];
    if (!t) throw new Error('no email in the ground truth');
    await expect(h.mail.addCategory(await h.asPerson(t.assigneeId), `${t.messageId}x`, INTERNAL_REQUEST_CATEGORY, [])).rejects.toMatchObject({ code: 'not_found' });
  });

  it('names the Outlook category after the team category ("Turnaround: Access"), in the team list\'s spelling', async () => {
    const t = h.tenant.org.groundTruth().filter((r) => r.source === 'email')[8];
    if (!t) throw new Error('no email in the ground truth');
    const user = await h.asPerson(t.assigneeId);
    // The harness stores no teams: the person's requests get the default list (Question, Access, Data, Approval, Other).
    const { request } = await trackRequest({ stores: h.stores, mail: h.mail, chats: h.chats, directory: h.directory, domains: h.domains }, user,
      { source: 'email', messageId: t.messageId, category: ' access ', override: true }, h.tenant.clock.now());
    expect(request.category).toBe('Access');
    const m = await h.mail.getMessage(user, t.messageId);
    expect(m?.categories).toContain('Turnaround: Access');
    expect(m?.categories).not.toContain(INTERNAL_REQUEST_CATEGORY);
  });

  it('refuses a category outside the team list with unknown_category, before Graph or the store is touched', async () => {
    const t = h.tenant.org.groundTruth().filter((r) => r.source === 'email')[9];
    if (!t) throw new Error('no email in the ground truth');
    const user = await h.asPerson(t.assigneeId);
    h.tenant.counters.reset();
    await expect(trackRequest({ stores: h.stores, mail: h.mail, chats: h.chats, directory: h.directory, domains: h.domains }, user,
      { source: 'email', messageId: t.messageId, category: 'IT support', override: true }, h.tenant.clock.now())).rejects.toMatchObject({ code: 'unknown_category' });
    expect(h.tenant.counters.get('PATCH /users/{id}/messages/{id}')).toBe(0);
    expect(await h.stores.requests.findBySourceMessage(user.tenantId, 'email', t.messageId, user.userId)).toBeNull();
    const m = await h.mail.getMessage(user, t.messageId);
    expect(m?.categories.filter((c) => c.startsWith('Turnaround'))).toEqual([]);
  });
});
