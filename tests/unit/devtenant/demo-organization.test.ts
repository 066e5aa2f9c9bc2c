import { generateDemoOrganization } from '../../../src/devtenant/demo-org-generator';
import type { DemoOrganization } from '../../../src/devtenant/demo-organization';

const NOW = new Date('2025-03-20T12:00:00Z');
const HOUR = 3_600_000;
let org: DemoOrganization;
beforeAll(() => {
  org = generateDemoOrganization({ seed: 42, now: NOW });
});

describe('demo organisation generator', () => {
  it('is deterministic for a seed and different for another seed', () => {
    const again = generateDemoOrganization({ seed: 42, now: NOW });
    expect(again.users.map((u) => u.id)).toEqual(org.users.map((u) => u.id));
    expect(again.messages.length).toBe(org.messages.length);
    expect(again.groundTruth()).toEqual(org.groundTruth());
    const other = generateDemoOrganization({ seed: 43, now: NOW });
    expect(other.tenantId).not.toBe(org.tenantId);
  });

  it('sizes by parameters: about 40 people by default in six departments with a consistent management chain', () => {
    expect(org.users).toHaveLength(40);
    expect(new Set(org.users.map((u) => u.department))).toEqual(new Set(['IT', 'Payroll', 'HR', 'Sales', 'Engineering', 'Marketing']));
    for (const u of org.users) if (u.managerId) expect(org.userById(u.managerId)).toBeDefined();
    expect(org.users.filter((u) => u.managerId === null)).toHaveLength(1);
    expect(generateDemoOrganization({ seed: 1, people: 120, days: 10, now: NOW }).users).toHaveLength(120);
    const tenDays = generateDemoOrganization({ seed: 1, days: 10, now: NOW });
    expect(Math.min(...tenDays.messages.map((m) => m.mail.sentMs))).toBeGreaterThanOrEqual(NOW.getTime() - 11 * 24 * HOUR);
    expect(org.verifiedDomains.some((d) => d.isDefault && org.users.every((u) => u.mail.endsWith(`@${d.name}`)))).toBe(true);
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

  it('ground truth: fast, slow and unanswered requests by email and chat; first responses reach the requester and are never auto-replies or forwards', () => {
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
      const requester = org.userById(t.requesterId);
      expect(response?.folder).toBe('sentitems');
      expect(response?.mail.kind === 'autoReply' || response?.mail.kind === 'forward').toBe(false);
      expect([...(response?.mail.to ?? []), ...(response?.mail.cc ?? [])].map((a) => a.address)).toContain(requester?.mail);
    }
    // Requests made while the assignee was away got an auto-reply and still count the later real answer.
    const autoReplied = truth.filter((t) => org.messages.some((m) => m.mail.kind === 'autoReply' && m.mail.conversationId === t.conversationId));
    expect(autoReplied.length).toBeGreaterThan(0);
  });

  it('ground truth follows the data, not the generator: a new reply to an open request becomes its first response', () => {
    const fresh = generateDemoOrganization({ seed: 42, now: NOW });
    const open = fresh.groundTruth().find((t) => t.source === 'email' && t.firstResponseAt === null);
    expect(open).toBeDefined();
    const request = fresh.messageById(open?.messageId ?? '');
    const reply = request ? fresh.replyTo(request, 'Done', NOW.getTime() + HOUR) : null;
    const after = fresh.groundTruth().find((t) => t.messageId === open?.messageId);
    expect(after?.firstResponseAt?.getTime()).toBe(NOW.getTime() + HOUR);
    expect(after?.firstResponseMessageId).toBe(fresh.ids.messageId(reply?.number ?? -1));
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

  it('each team names its categories, and every request marked as tracked has a category from its assignee\'s team', () => {
    for (const t of org.teams) expect(t.categories.length).toBeGreaterThanOrEqual(3);
    const teamOf = (userIndex: number) => org.teams.find((t) => t.members.some((m) => m.userIndex === userIndex));
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
