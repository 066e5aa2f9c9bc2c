import { generateDemoOrganization } from '../../../src/devtenant/demo-org-generator';
import { smtpAddressesOf, workingHoursAt, type DemoOrganization, type DemoUser, type GroundTruthRequest, type MailboxMessage } from '../../../src/devtenant/demo-organization';
import { mailboxSettingsJson } from '../../../src/devtenant/graph-serializers';
import { UNTIDY_CASES } from '../../../src/devtenant/scripted-first-responses';

const NOW = new Date('2025-03-20T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let org: DemoOrganization;
beforeAll(() => {
  org = generateDemoOrganization({ seed: 42, now: NOW });
});

const members = (o: DemoOrganization): DemoUser[] => o.users.filter((u) => u.userType === 'Member');
const copiesOf = (o: DemoOrganization, m: MailboxMessage): MailboxMessage[] => o.messages.filter((x) => x.mail === m.mail);

/**
 * DESIGN.md's first-response rule evaluated over every copy the assignee ever had (tombstones of moved and deleted copies
 * included: a delivered response stays), by the script's own knowledge of which messages are automatic. Used only to
 * check that the generator's script follows the rule; the ground truth itself is the script.
 */
function earliestByRule(o: DemoOrganization, t: GroundTruthRequest): number | null {
  const assignee = o.userById(t.assigneeId) as DemoUser;
  const requester = o.userById(t.requesterId) as DemoUser;
  const received = t.receivedAt.getTime();
  if (t.source === 'chat') {
    const chat = o.chatById(t.chatId ?? '');
    const first = chat?.messages.find((m) => m.fromUserIndex === assignee.index && m.messageType === 'message' && m.createdMs > received);
    return first?.createdMs ?? null;
  }
  if (t.source === 'channel') {
    const channel = o.channels.find((c) => c.id === t.channelId);
    const first = channel?.messages.find((m) => m.replyToId === t.threadId && m.fromUserIndex === assignee.index && m.messageType === 'message' && m.createdMs > received);
    return first?.createdMs ?? null;
  }
  const addresses = [...smtpAddressesOf(requester), requester.userPrincipalName.toLowerCase()];
  let best: number | null = null;
  for (const m of o.messages) {
    if (m.ownerIndex !== assignee.index || m.mail.fromUserIndex !== assignee.index || m.folder === 'drafts') continue;
    if (m.mail.conversationId !== t.conversationId || m.mail.kind === 'autoReply' || m.mail.sentMs <= received) continue;
    if (![...m.mail.to, ...m.mail.cc].some((a) => addresses.includes(a.address.toLowerCase()))) continue;
    if (best === null || m.mail.sentMs < best) best = m.mail.sentMs;
  }
  return best;
}

describe('demo organisation generator', () => {
  it('is deterministic for a seed and different for another seed', () => {
    const again = generateDemoOrganization({ seed: 42, now: NOW });
    expect(again.users).toEqual(org.users);
    expect(again.teams).toEqual(org.teams);
    expect(again.messages.length).toBe(org.messages.length);
    expect(again.groundTruth()).toEqual(org.groundTruth());
    const other = generateDemoOrganization({ seed: 43, now: NOW });
    expect(other.tenantId).not.toBe(org.tenantId);
  });

  it('sizes by parameters: about 40 people by default in six departments with a consistent management chain, and a few guests', () => {
    expect(members(org)).toHaveLength(40);
    expect(org.users.filter((u) => u.userType === 'Guest').length).toBeGreaterThan(0);
    expect(new Set(members(org).map((u) => u.department))).toEqual(new Set(['IT', 'Payroll', 'HR', 'Sales', 'Engineering', 'Marketing']));
    for (const u of org.users) if (u.managerId) expect(org.userById(u.managerId)).toBeDefined();
    expect(members(org).filter((u) => u.managerId === null)).toHaveLength(1);
    expect(members(generateDemoOrganization({ seed: 1, people: 120, days: 10, now: NOW }))).toHaveLength(120);
    const tenDays = generateDemoOrganization({ seed: 1, days: 10, now: NOW });
    expect(Math.min(...tenDays.messages.map((m) => m.mail.sentMs))).toBeGreaterThanOrEqual(NOW.getTime() - 11 * 24 * HOUR);
    expect(org.verifiedDomains.some((d) => d.isDefault && members(org).every((u) => u.mail.endsWith(`@${d.name}`)))).toBe(true);
  });

  it('has working hours in at least three zones, some with Windows names, and scheduled out-of-office periods', () => {
    expect(new Set(org.users.map((u) => u.ianaZone)).size).toBeGreaterThanOrEqual(3);
    expect(org.users.some((u) => / Standard Time$/.test(u.timeZoneName))).toBe(true);
    expect(org.users.some((u) => u.timeZoneName.includes('/'))).toBe(true);
    expect(org.users.some((u) => u.outOfOffice.some((o) => o.endMs < NOW.getTime()))).toBe(true);
    expect(org.users.some((u) => u.outOfOffice.some((o) => o.startMs > NOW.getTime()))).toBe(true);
  });

  it('has teams with owners', () => {
    expect(org.teams.length).toBeGreaterThanOrEqual(6);
    for (const t of org.teams) expect(t.members.some((m) => m.roles.includes('owner'))).toBe(true);
  });

  it('has every kind of mail and the internal-service situations', () => {
    const kinds = new Set(org.messages.map((m) => m.mail.kind));
    for (const k of ['request', 'reply', 'replyAll', 'forward', 'thanks', 'autoReply', 'newsletter', 'external', 'externalReply']) expect(kinds).toContain(k);
    const subjects = org.messages.filter((m) => m.mail.kind === 'request').map((m) => `${org.users[m.mail.fromUserIndex ?? 0]?.department}>${m.mail.subject}`);
    expect(subjects.some((s) => s.startsWith('Payroll>Time sheets'))).toBe(true);
    expect(subjects.some((s) => /^HR>.*server is down on payroll day/.test(s))).toBe(true);
    expect(subjects.some((s) => /^Sales>Special order/.test(s))).toBe(true);
    expect(subjects.some((s) => /^Marketing>.*contacts/i.test(s))).toBe(true);
    expect(org.chats.some((c) => c.messages.length > 1)).toBe(true);
  });

  it('has team group chats opened by a system event, and a federated chat with a member of the other tenant', () => {
    const groups = org.chats.filter((c) => c.chatType === 'group');
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.every((c) => c.messages[0]?.messageType === 'systemEventMessage' && c.messages[0].fromUserIndex === null)).toBe(true);
    const federated = org.chats.find((c) => (c.guestMembers?.length ?? 0) > 0);
    expect(federated?.guestMembers?.[0]?.tenantId).toBe(org.otherTenant?.tenantId);
    expect(federated?.messages.some((m) => m.fromGuest?.tenantId === org.otherTenant?.tenantId)).toBe(true);
  });

  it('delivers each message to the sender\'s Sent Items and each recipient\'s Inbox with different ids, same conversation', () => {
    const request = org.messages.find((m) => m.mail.kind === 'request' && m.folder === 'inbox');
    const copies = org.messages.filter((m) => m.mail === request?.mail);
    expect(copies.map((c) => c.folder).sort()).toEqual(['inbox', 'sentitems']);
    const ids = copies.map((c) => org.ids.messageId(c.number));
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^AAMkAG[A-Za-z0-9_-]+=*$/);
    expect(org.messageById(ids[0] ?? '')?.mail.conversationId).toBe(org.messageById(ids[1] ?? '')?.mail.conversationId);
  });

  it('ground truth: fast, slow and unanswered requests by email and chat; each answer reaches the requester, is never automatic, and its copy may have moved since', () => {
    const truth = org.groundTruth();
    expect(truth.filter((t) => t.source === 'email').length).toBeGreaterThan(100);
    expect(truth.filter((t) => t.source === 'chat').length).toBeGreaterThan(50);
    const answered = truth.filter((t) => t.firstResponseAt);
    const delays = answered.map((t) => (t.firstResponseAt?.getTime() ?? 0) - t.receivedAt.getTime());
    expect(delays.every((d) => d > 0)).toBe(true);
    expect(delays.some((d) => d < HOUR)).toBe(true);
    expect(delays.some((d) => d > 24 * HOUR)).toBe(true);
    expect(truth.some((t) => t.firstResponseAt === null)).toBe(true);
    for (const t of answered.filter((x) => x.source === 'email')) {
      const response = org.messageById(t.firstResponseMessageId ?? '');
      const requester = org.userById(t.requesterId) as DemoUser;
      expect(['sentitems', 'archive', 'deleteditems']).toContain(response?.folder);
      expect(response?.mail.kind === 'autoReply' || response?.mail.kind === 'forward').toBe(false);
      expect(response?.mail.sentMs).toBe(t.firstResponseAt?.getTime());
      const reached = [...(response?.mail.to ?? []), ...(response?.mail.cc ?? [])].map((a) => a.address.toLowerCase());
      expect(reached.some((a) => smtpAddressesOf(requester).includes(a))).toBe(true);
      expect(t.why).toMatch(/^the reply of \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    }
    for (const t of truth.filter((x) => x.firstResponseAt === null)) expect(t.why).toMatch(/^no response: (no answer yet|only .+)$/);
    // Requests made while the assignee was away got Exchange's automatic reply and still count the later real answer.
    const autoReplied = truth.filter((t) => t.cases.includes('exchangeOutOfOffice'));
    expect(autoReplied.length).toBeGreaterThan(0);
    expect(autoReplied.some((t) => t.firstResponseAt !== null)).toBe(true);
  });

  it('the script follows the first-response rule: no earlier qualifying message exists, in any folder, moved or not', () => {
    const truth = org.groundTruth();
    const wrong = truth.filter((t) => earliestByRule(org, t) !== (t.firstResponseAt?.getTime() ?? null));
    expect(wrong.map((t) => `${t.source} ${t.messageId} ${t.why} [${t.cases.join(',')}]`)).toEqual([]);
    // The rule check can fail: a scripted answer that an earlier message beats is caught.
    const answered = truth.find((t) => t.source === 'email' && t.firstResponseAt !== null) as GroundTruthRequest;
    expect(earliestByRule(org, { ...answered, firstResponseAt: null })).not.toBeNull();
  });

  it('covers every untidy case, and names why a request has no response', () => {
    const truth = org.groundTruth();
    for (const c of UNTIDY_CASES) expect([c, truth.filter((t) => t.cases.includes(c)).length > 0]).toEqual([c, true]);
    const reasons = new Set(truth.filter((t) => t.firstResponseAt === null).map((t) => t.why.replace(/ to .*$/, '').replace(/, then .*$/, '')));
    for (const r of ['no response: no answer yet', 'no response: only a forward', 'no response: only a reply that went', 'no response: only an automatic reply', 'no response: only a system message (a call)', 'no response: only a draft that was never sent']) {
      expect([r, reasons.has(r)]).toEqual([r, true]);
    }
  });

  it('a reply sent later through the simulator is recorded as the open request\'s first response; a forward is not', () => {
    const fresh = generateDemoOrganization({ seed: 42, now: NOW });
    const open = fresh.groundTruth().filter((t) => t.source === 'email' && t.firstResponseAt === null && t.why === 'no response: no answer yet');
    const [first, second] = open;
    const request = fresh.messageById(first?.messageId ?? '') as MailboxMessage;
    const reply = fresh.replyTo(request, 'Done', NOW.getTime() + HOUR);
    const after = fresh.groundTruth().find((t) => t.messageId === first?.messageId);
    expect(after?.firstResponseAt?.getTime()).toBe(NOW.getTime() + HOUR);
    expect(after?.firstResponseMessageId).toBe(fresh.ids.messageId(reply?.number ?? -1));
    const other = fresh.messageById(second?.messageId ?? '') as MailboxMessage;
    const stranger = members(fresh).find((u) => u.id !== second?.requesterId && u.id !== second?.assigneeId) as DemoUser;
    fresh.sendMail(other.ownerIndex, { subject: `FW: ${other.mail.subject}`, bodyText: 'FYI', to: [fresh.addressOf(stranger)], conversationId: other.mail.conversationId, kind: 'forward' }, NOW.getTime() + HOUR);
    const forwarded = fresh.groundTruth().find((t) => t.messageId === second?.messageId);
    expect(forwarded).toMatchObject({ firstResponseAt: null, why: `no response: only a forward to ${stranger.displayName}` });
    expect(forwarded?.cases).toContain('forwardToOthers');
  });

  it('a delivered answer stays the answer when its copy is moved (new id, old one a tombstone) or its chat message is deleted', () => {
    const fresh = generateDemoOrganization({ seed: 42, now: NOW });
    const email = fresh.groundTruth().find((t) => t.source === 'email' && t.firstResponseAt !== null && !t.cases.includes('responseArchived') && !t.cases.includes('responseDeleted')) as GroundTruthRequest;
    const copy = fresh.messageById(email.firstResponseMessageId ?? '') as MailboxMessage;
    const archived = fresh.moveMessage(copy, 'archive', NOW.getTime() + HOUR);
    expect(archived.number).not.toBe(copy.number);
    expect(fresh.messageById(email.firstResponseMessageId ?? '')).toBeUndefined();
    expect(fresh.folder(copy.ownerIndex, 'sentitems').find((m) => m.number === copy.number)?.deleted).toBe(true);
    expect(fresh.folder(copy.ownerIndex, 'archive')).toContain(archived);
    const deleted = fresh.moveMessage(archived, 'deleteditems', NOW.getTime() + 2 * HOUR);
    const after = fresh.groundTruth().find((t) => t.messageId === email.messageId);
    expect(after?.firstResponseAt).toEqual(email.firstResponseAt);
    expect(after?.firstResponseMessageId).toBe(fresh.ids.messageId(deleted.number));
    expect(after?.cases).toEqual(expect.arrayContaining(['responseArchived', 'responseDeleted']));

    const chat = fresh.groundTruth().find((t) => t.source === 'chat' && t.firstResponseAt !== null && !t.cases.includes('chatResponseDeleted')) as GroundTruthRequest;
    const room = fresh.chatById(chat.chatId ?? '');
    const message = room?.messages.find((m) => m.id === chat.firstResponseMessageId);
    if (!room || !message) throw new Error('no chat answer');
    fresh.softDeleteChatMessage(room, message, NOW.getTime() + HOUR);
    const chatAfter = fresh.groundTruth().find((t) => t.messageId === chat.messageId && t.chatId === chat.chatId);
    expect(chatAfter).toMatchObject({ firstResponseAt: chat.firstResponseAt, firstResponseMessageId: message.id });
    expect(chatAfter?.cases).toContain('chatResponseDeleted');
    expect(message.deletedMs).toBe(NOW.getTime() + HOUR);
  });

  it('marks some recent requests as already tracked, some resolved after their first response', () => {
    const tracked = org.initiallyTracked();
    const truth = new Map(org.groundTruth().map((t) => [t.messageId, t]));
    expect(tracked.length).toBeGreaterThan(20);
    expect(tracked.length).toBeLessThan(truth.size / 2);
    for (const t of tracked) {
      const gt = truth.get(t.messageId);
      expect(gt?.assigneeId).toBe(t.assigneeId);
      if (t.resolved) {
        expect(t.resolved.getTime()).toBeGreaterThan(gt?.receivedAt.getTime() ?? Infinity);
        expect(t.resolved.getTime()).toBeLessThanOrEqual(NOW.getTime());
      }
    }
    expect(tracked.some((t) => t.resolved)).toBe(true);
    expect(tracked.some((t) => !t.resolved)).toBe(true);
    expect(tracked.some((t) => t.source === 'chat' && t.chatId)).toBe(true);
  });

  it('each team names its categories, and every request marked as tracked has a category from its assignee\'s department team', () => {
    for (const t of org.teams) expect(t.categories.length).toBeGreaterThanOrEqual(3);
    const teamOf = (userIndex: number) => org.teams.find((t) => t.department === org.users[userIndex]?.department);
    const tracked = org.requestMarks.filter((m) => m.tracked);
    expect(tracked.length).toBeGreaterThan(20);
    const outside = tracked.filter((m) => !teamOf(m.assigneeIndex)?.categories.includes(m.tracked?.category ?? ''));
    expect(outside).toEqual([]);
    // Not one list everywhere: IT's and Payroll's requests are filed under different categories.
    const used = (department: string) => new Set(tracked.filter((m) => org.users[m.assigneeIndex]?.department === department).map((m) => m.tracked?.category));
    expect([...used('IT')].some((c) => used('Payroll').has(c) && c !== 'Other')).toBe(false);
  });

  it('words mail untidily: answers and thank-yous with request words, second asks in a thread (marked), FYIs to a team', () => {
    const previews = (kind: string) => org.messages.filter((m) => m.folder === 'inbox' && m.mail.kind === kind).map((m) => m.mail.bodyText);
    expect(previews('reply').some((b) => /let me know/i.test(b))).toBe(true);
    expect(previews('reply').some((b) => b.includes('?'))).toBe(true);
    expect(previews('thanks').some((b) => b.includes('?'))).toBe(true);
    expect(previews('sent').some((b) => /^FYI/.test(b))).toBe(true);
    // A second ask, "RE: …" in the requester's own thread, is recorded as a request when it is written.
    const marked = new Set(org.requestMarks.filter((m) => m.source === 'email').map((m) => m.messageNumber));
    const secondAsks = org.messages.filter((m) => m.folder === 'inbox' && m.mail.kind === 'request' && /^RE: /.test(m.mail.subject));
    expect(secondAsks.length).toBeGreaterThan(3);
    for (const m of secondAsks) expect(marked.has(m.number)).toBe(true);
    // Some requests state the problem without asking in so many words.
    expect(previews('request').some((b) => !/could|can|please|need|\?/i.test(b))).toBe(true);
  });
});

describe('the untidy organisation', () => {
  it('identities: mail that is not the UPN, SMTP:/smtp: proxy addresses, and guests with #EXT# UPNs who have no mailbox here', () => {
    const people = members(org);
    expect(people.filter((u) => u.mail !== u.userPrincipalName).length).toBeGreaterThan(5);
    expect(people.some((u) => u.userPrincipalName.endsWith('@contosodemo.onmicrosoft.com'))).toBe(true);
    expect(people.some((u) => u.userPrincipalName.split('@')[1] === u.mail.split('@')[1] && u.userPrincipalName !== u.mail)).toBe(true);
    for (const u of people) {
      expect(u.proxyAddresses.filter((p) => p.startsWith('SMTP:'))).toEqual([`SMTP:${u.mail}`]);
      expect(u.proxyAddresses.length).toBeGreaterThanOrEqual(2);
      for (const a of smtpAddressesOf(u)) expect(org.userByAddress(a.toUpperCase())).toBe(u);
      expect(org.userByIdOrUpn(u.userPrincipalName)).toBe(u);
    }
    const renamed = people.find((u) => u.mail !== u.userPrincipalName) as DemoUser;
    expect(org.userByIdOrUpn(renamed.mail)).toBeUndefined();
    const addresses = people.flatMap(smtpAddressesOf);
    expect(new Set(addresses).size).toBe(addresses.length);
    const guest = org.users.find((u) => u.userType === 'Guest') as DemoUser;
    expect(guest.userPrincipalName).toMatch(/^[a-z.]+_[a-z.-]+#EXT#@contosodemo\.onmicrosoft\.com$/);
    expect(org.verifiedDomains.map((d) => d.name)).not.toContain(guest.mail.split('@')[1]);
    expect(org.teams.some((t) => t.members.some((m) => m.userIndex === guest.index))).toBe(false);
    expect(org.messages.some((m) => m.mail.from.address === guest.mail && m.mail.kind === 'external')).toBe(true);
    expect(org.messages.some((m) => m.ownerIndex === guest.index)).toBe(false);
  });

  it('mail from and to aliases arrives in the owner\'s mailbox', () => {
    const fromAlias = org.messages.find((m) => m.folder === 'inbox' && m.mail.kind === 'request' && m.mail.fromUserIndex !== null && m.mail.from.address !== org.users[m.mail.fromUserIndex]?.mail);
    expect(fromAlias).toBeDefined();
    const toAlias = org.messages.find((m) => m.folder === 'inbox' && m.mail.kind === 'request' && m.mail.to.every((a) => a.address !== org.users[m.ownerIndex]?.mail));
    expect(toAlias).toBeDefined();
    expect(smtpAddressesOf(org.users[toAlias?.ownerIndex ?? -1] as DemoUser)).toContain(toAlias?.mail.to[0]?.address);
  });

  it("automatic replies as Exchange writes them: the out-of-office form kept in no Sent Items; an add-in's acknowledgement with Auto-Submitted: auto-replied", () => {
    const oof = org.messages.filter((m) => m.mail.kind === 'autoReply' && m.mail.subject.startsWith('Automatic reply: '));
    expect(oof.length).toBeGreaterThan(0);
    for (const m of oof) {
      expect(m.folder).toBe('inbox');
      expect(copiesOf(org, m)).toHaveLength(1);
      expect(m.mail.headers).toEqual(expect.arrayContaining([{ name: 'Auto-Submitted', value: 'auto-generated' }, { name: 'X-MS-Exchange-Generated-Message-Source', value: 'Mailbox Rules Agent' }]));
    }
    const ack = org.messages.find((m) => m.mail.kind === 'autoReply' && m.folder === 'sentitems');
    expect(ack?.mail.headers).toEqual(expect.arrayContaining([{ name: 'Auto-Submitted', value: 'auto-replied' }]));
    // Human replies may carry X-Auto-Response-Suppress; it does not make them automatic.
    expect(org.messages.some((m) => m.mail.kind === 'reply' && m.mail.headers.some((h) => h.name === 'X-Auto-Response-Suppress'))).toBe(true);
  });

  it('edited subjects, the requester only in Cc, drafts never sent, and answers later moved to Archive or Deleted Items', () => {
    expect(org.messages.some((m) => m.folder === 'sentitems' && m.mail.kind === 'reply' && !/^RE: /.test(m.mail.subject))).toBe(true);
    expect(org.users.reduce((n, u) => n + org.folder(u.index, 'drafts').length, 0)).toBeGreaterThan(0);
    const archived = org.users.flatMap((u) => org.folder(u.index, 'archive')).filter((m) => !m.deleted);
    const binned = org.users.flatMap((u) => org.folder(u.index, 'deleteditems')).filter((m) => !m.deleted);
    expect(archived.length).toBeGreaterThan(0);
    expect(binned.length).toBeGreaterThan(0);
    for (const m of [...archived, ...binned]) {
      const tombstone = org.messages.find((x) => x.movedToNumber === m.number);
      expect(tombstone).toMatchObject({ deleted: true, folder: 'sentitems', mail: m.mail });
      expect(m.lastModifiedMs - m.mail.sentMs).toBeGreaterThanOrEqual(2 * DAY);
    }
  });

  it('people in two teams; after now, one leaves a team and an owner becomes a member, once the clock passes', () => {
    const fresh = generateDemoOrganization({ seed: 42, now: NOW });
    const teamsOf = (i: number) => fresh.teams.filter((t) => t.members.some((m) => m.userIndex === i));
    expect(members(fresh).filter((u) => teamsOf(u.index).length >= 2).length).toBeGreaterThanOrEqual(2);
    for (const t of fresh.teams) expect(fresh.users[t.members[0]?.userIndex ?? -1]?.department).toBe(t.department);
    const changes = fresh.teams.flatMap((t) => (t.scheduledChanges ?? []).map((c) => ({ t, c })));
    const leave = changes.find(({ c }) => c.roles === null);
    const demote = changes.find(({ c }) => c.roles !== null && c.roles.length === 0);
    if (!leave || !demote) throw new Error('no scheduled team changes');
    expect(leave.c.atMs).toBeGreaterThan(NOW.getTime());
    expect(demote.t.members.find((m) => m.userIndex === demote.c.userIndex)?.roles).toEqual(['owner']);
    fresh.advanceTo(leave.c.atMs - 1);
    expect(leave.t.members.some((m) => m.userIndex === leave.c.userIndex)).toBe(true);
    fresh.advanceTo(leave.c.atMs);
    expect(leave.t.members.some((m) => m.userIndex === leave.c.userIndex)).toBe(false);
    expect(demote.t.members.find((m) => m.userIndex === demote.c.userIndex)?.roles).toEqual(['owner']);
    fresh.advanceTo(demote.c.atMs + HOUR);
    expect(demote.t.members.find((m) => m.userIndex === demote.c.userIndex)?.roles).toEqual([]);
    expect(teamsOf(leave.c.userIndex).length).toBeGreaterThan(0);
  });

  it('an out-of-office that ends after now, and working hours that change: mailboxSettings say what is in force at the time', () => {
    const away = org.users.find((u) => u.outOfOffice.some((o) => o.startMs < NOW.getTime() && o.endMs > NOW.getTime())) as DemoUser;
    const period = away.outOfOffice.find((o) => o.startMs < NOW.getTime() && o.endMs > NOW.getTime());
    expect((mailboxSettingsJson(away, NOW.getTime()).automaticRepliesSetting as { status: string }).status).toBe('scheduled');
    expect((mailboxSettingsJson(away, (period?.endMs ?? 0) + HOUR).automaticRepliesSetting as { status: string }).status).toBe('disabled');

    const changed = org.users.filter((u) => (u.workingHoursChanges?.length ?? 0) > 0);
    expect(changed.some((u) => (u.workingHoursChanges?.[0]?.fromMs ?? 0) < NOW.getTime())).toBe(true);
    const later = changed.find((u) => (u.workingHoursChanges?.[0]?.fromMs ?? 0) > NOW.getTime()) as DemoUser;
    const change = later.workingHoursChanges?.[0];
    if (!change) throw new Error('no change after now');
    const hours = (atMs: number) => (mailboxSettingsJson(later, atMs).workingHours as { startTime: string }).startTime;
    expect(hours(change.fromMs - 1)).toBe(`${String(Math.floor(later.workStartMinute / 60)).padStart(2, '0')}:${String(later.workStartMinute % 60).padStart(2, '0')}:00.0000000`);
    expect(hours(change.fromMs)).toBe('10:00:00.0000000');
    expect(workingHoursAt(later, change.fromMs + DAY).workEndMinute).toBe(18 * 60 + 30);
  });
});
