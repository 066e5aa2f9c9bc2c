import type { DemoUser } from '../../../../src/devtenant/demo-organization';
import { trackRequest } from '../../../../src/app/track-request';
import { addGuest, addUntidyColleague, sendFrom } from '../../devtenant/untidy-people';
import { startSyncHarness, type SyncHarness } from './sync-harness';

/**
 * One requester identity (DESIGN "A person's addresses"): a colleague is the same person whether they write from their
 * mail, their UPN or an alias, and whichever of them a reply goes to. Each test builds its own untidy colleague —
 * mail ≠ UPN, with an alias — into a generated organisation.
 */
const HOUR = 3_600_000;
let h: SyncHarness;
let assignee: DemoUser;
let ana: ReturnType<typeof addUntidyColleague>;

beforeEach(async () => {
  h = await startSyncHarness();
  assignee = h.tenant.org.users[1] as DemoUser;
  ana = addUntidyColleague(h.tenant.org, { id: '7a2e0c51-0000-4000-8000-0000000000a1', upnLocal: 'asilva', mailLocal: 'ana.silva', aliasLocal: 'ana' });
});
afterEach(() => h.close());

/** Ana writes to the assignee from `fromAddress`; returns the assignee's Inbox copy (id and conversation). */
function anaWrites(fromAddress: string, subject: string, conversationId?: string): { messageId: string; conversationId: string } {
  const copies = sendFrom(h.tenant.org, ana.user, fromAddress, [h.tenant.org.addressOf(assignee)], subject, h.tenant.clock.nowMs(), conversationId);
  const copy = copies.find((c) => c.ownerIndex === assignee.index);
  if (!copy) throw new Error('not delivered to the assignee');
  return { messageId: h.tenant.org.ids.messageId(copy.number), conversationId: copy.mail.conversationId };
}

/** Tracks as the assignee, signed in (tracking sets the Outlook category as the person). */
async function track(messageId: string, override = false) {
  return trackRequest({ stores: h.stores, mail: h.mail, chats: h.chats, directory: h.directory, domains: h.domains }, await h.asPerson(assignee.id),
    { source: 'email', messageId, ...(override ? { override: true } : {}) }, h.tenant.clock.now());
}

describe('tracking an email', () => {
  it('makes a colleague whose mail differs from their UPN an internal requester with their directory id', async () => {
    const m = anaWrites(ana.mail, 'Could you please reset my VPN token');
    const { request } = await track(m.messageId);
    expect(request.requesterId).toBe(ana.user.id);
    expect(request.colleagueOverride).toBe(false);
    const stored = await h.stores.directory.getPerson(h.tenant.org.tenantId, ana.user.id);
    expect(stored?.addresses).toEqual(expect.arrayContaining([ana.mail, ana.upn, ana.alias]));
  });

  it('makes the same person of mail sent from their alias', async () => {
    const { request } = await track(anaWrites(ana.alias, 'Can you please add me to the Finance share').messageId);
    expect(request.requesterId).toBe(ana.user.id);
    expect(request.colleagueOverride).toBe(false);
  });

  it('keeps a guest writing from their home address outside: not a colleague, an external requester on override', async () => {
    const guest = addGuest(h.tenant.org, '7a2e0c51-0000-4000-8000-0000000000a2', 'gil@untidy-guest.example');
    const copies = sendFrom(h.tenant.org, guest, guest.mail, [h.tenant.org.addressOf(assignee)], 'Could you please send the contract', h.tenant.clock.nowMs());
    const messageId = h.tenant.org.ids.messageId((copies[0] as { number: number }).number);
    await expect(track(messageId)).rejects.toMatchObject({ code: 'not_colleague' });
    const { request } = await track(messageId, true);
    expect(request.requesterId).toBe('external:gil@untidy-guest.example');
    expect(request.colleagueOverride).toBe(true);
  });
});

describe('sync', () => {
  it('counts a reply to the requester\'s alias (To) as the first response', async () => {
    const m = anaWrites(ana.mail, 'Could you please renew my licence');
    await track(m.messageId);
    h.tenant.clock.advance(2 * HOUR);
    const replyMs = h.tenant.clock.nowMs();
    h.tenant.org.sendMail(assignee.index, { subject: 'RE: Could you please renew my licence', bodyText: 'Done.', to: [{ name: 'Ana', address: ana.alias }], conversationId: m.conversationId, kind: 'reply' }, replyMs);
    h.tenant.clock.advance(HOUR);
    await h.newSyncService().syncPerson(h.userOf(assignee.id));
    const [stored] = await h.stores.requests.listForAssignee(h.tenant.org.tenantId, assignee.id, { includeResolved: true }).then((rs) => rs.filter((r) => r.sourceMessageId === m.messageId));
    expect(stored?.firstResponseAt?.getTime()).toBe(Math.floor(replyMs / 1000) * 1000);
    expect(stored?.firstResponseSource).toBe('email');
  });

  it('resumes a request waiting on the requester when they write again from an alias', async () => {
    const m = anaWrites(ana.mail, 'Could you please order a new laptop');
    const { request } = await track(m.messageId);
    h.tenant.clock.advance(HOUR);
    const waitFrom = h.tenant.clock.now();
    const waiting = await h.stores.requests.update(h.tenant.org.tenantId, request.id, { status: 'waiting', waitingPeriods: [{ from: waitFrom, to: null }] },
      [{ type: 'waiting', actorId: assignee.id, at: waitFrom, data: null }], request.updatedAt);
    expect(waiting.status).toBe('waiting');
    h.tenant.clock.advance(HOUR);
    anaWrites(ana.alias, 'RE: Could you please order a new laptop', m.conversationId);
    h.tenant.clock.advance(HOUR);
    await h.newSyncService().syncPerson(h.userOf(assignee.id));
    const after = await h.stores.requests.get(h.tenant.org.tenantId, request.id);
    expect(after?.status).toBe('open');
    expect(after?.waitingPeriods).toHaveLength(1);
    expect(after?.waitingPeriods[0]?.to).not.toBeNull();
  });
});
