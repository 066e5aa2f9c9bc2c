/**
 * Suggestions from the demo organisation's mail through the real sync (dev tenant over HTTPS, Graph client, SQLite):
 * no suggestion is a reply in a thread the person started — although their Inboxes hold such replies with request
 * words ("Done — let me know…", "can you confirm…?") — and on an incremental sync, where the person's own message in
 * the thread came in an earlier sync, the thread's Sent Items are read to tell.
 */
import { findRequestCues } from '../../../../src/domain/request-cues';
import type { MailboxMessage, SentMail } from '../../../../src/devtenant/demo-organization';
import { startSyncHarness, type SyncHarness } from '../sync/sync-harness';

const DAY_MS = 86_400_000;

describe('suggestions from the demo mail', () => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness();
  }, 60_000);
  afterAll(async () => h.close());

  /** The first message of each conversation (as sent), from the generator's data. */
  const starters = (): Map<string, SentMail> => {
    const out = new Map<string, SentMail>();
    for (const m of h.tenant.org.messages) {
      const known = out.get(m.mail.conversationId);
      if (!known || m.mail.sentMs < known.sentMs) out.set(m.mail.conversationId, m.mail);
    }
    return out;
  };

  it('suggests no reply in a thread the person started, though such replies with request words are in the window', async () => {
    const org = h.tenant.org;
    const sync = h.newSyncService();
    for (const u of org.users) await sync.syncPerson(h.userOf(u.id));
    const first = starters();
    const since = h.tenant.clock.nowMs() - 14 * DAY_MS;
    let suggested = 0;
    let repliesWithCues = 0;
    const inOwnThread: string[] = [];
    for (const u of org.users) {
      for (const s of await h.stores.suggestions.list(org.tenantId, u.id)) {
        suggested++;
        const m = org.messageById(s.sourceMessageId) as MailboxMessage;
        expect(m.ownerIndex).toBe(u.index);
        if (first.get(m.mail.conversationId)?.fromUserIndex === u.index) inOwnThread.push(`${u.displayName}: ${m.mail.subject} — ${m.mail.bodyText}`);
      }
      repliesWithCues += org.folder(u.index, 'inbox').filter((m) => m.mail.sentMs >= since && m.mail.kind === 'reply'
        && first.get(m.mail.conversationId)?.fromUserIndex === u.index && findRequestCues(m.mail.subject, m.mail.bodyText).length > 0).length;
    }
    expect(inOwnThread).toEqual([]);
    expect(suggested).toBeGreaterThan(5);
    expect(repliesWithCues).toBeGreaterThan(5);
  });

  it('on an incremental sync, reads the thread to leave out a reply to what the person asked in an earlier sync', async () => {
    const org = h.tenant.org;
    const [me, colleague, other] = org.users;
    if (!me || !colleague || !other) throw new Error('organisation too small');
    const sync = h.newSyncService();
    await sync.syncPerson(h.userOf(me.id));
    h.tenant.clock.advance(3_600_000);
    const asked = org.sendMail(me.index, { subject: 'Printer on floor 3 is jammed', bodyText: 'Hi, could you have a look at the printer?', to: [org.addressOf(colleague)] }, h.tenant.clock.nowMs());
    await sync.syncPerson(h.userOf(me.id)); // sees my question in Sent Items
    h.tenant.clock.advance(3_600_000);
    const theirCopy = org.folder(colleague.index, 'inbox').find((m) => m.mail === asked?.mail) as MailboxMessage;
    org.replyTo(theirCopy, 'Done — could you check it prints now? Let me know.', h.tenant.clock.nowMs());
    // And a new ask from someone else in the same sync: it is suggested.
    org.sendMail(other.index, { subject: 'Badge for the new starter', bodyText: 'Hi, could you order a badge for Monday?', to: [org.addressOf(me)] }, h.tenant.clock.nowMs());
    const inbox = org.folder(me.index, 'inbox');
    const reply = inbox.find((m) => m.mail.conversationId === asked?.mail.conversationId) as MailboxMessage;
    const ask = inbox.find((m) => m.mail.subject === 'Badge for the new starter') as MailboxMessage;
    h.tenant.counters.reset();
    await sync.syncPerson(h.userOf(me.id));
    const ids = (await h.stores.suggestions.list(org.tenantId, me.id)).map((s) => s.sourceMessageId);
    expect(ids).toContain(org.ids.messageId(ask.number));
    expect(ids).not.toContain(org.ids.messageId(reply.number));
    // The reply's thread was read once, across folders (this sync's delta held none of my messages in it).
    expect(h.tenant.counters.get('GET /users/{id}/messages')).toBe(1);
  });
});
