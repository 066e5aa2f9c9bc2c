import { generateDemoOrganization } from '../../../src/devtenant/demo-org-generator';
import type { DemoChannel, DemoOrganization, GroundTruthRequest } from '../../../src/devtenant/demo-organization';

const NOW = new Date('2025-03-20T12:00:00Z');
let org: DemoOrganization;
let channelTruth: GroundTruthRequest[];
beforeAll(() => {
  org = generateDemoOrganization({ seed: 42, now: NOW });
  channelTruth = org.groundTruth().filter((t) => t.source === 'channel');
});

const channelOf = (t: GroundTruthRequest): DemoChannel => org.channels.find((c) => c.id === t.channelId) as DemoChannel;

describe('demo organisation: channels with request threads', () => {
  it('gives the IT and Payroll teams a General and a help channel, the same for the same seed', () => {
    const names = org.teams.filter((t) => org.channelsOf(t.id).length > 0).map((t) => [t.department, org.channelsOf(t.id).map((c) => c.displayName)]);
    expect(names).toEqual([['IT', ['General', 'IT help']], ['Payroll', ['General', 'Payroll questions']]]);
    for (const c of org.channels) expect(c.id).toMatch(/^19:[0-9a-f]{32}@thread\.tacv2$/);
    const again = generateDemoOrganization({ seed: 42, now: NOW });
    expect(again.channels).toEqual(org.channels);
    expect(again.groundTruth()).toEqual(org.groundTruth());
    expect(generateDemoOrganization({ seed: 43, now: NOW }).channels.map((c) => c.id)).not.toEqual(org.channels.map((c) => c.id));
  });

  it('records each help thread\'s root as a request of the channel\'s team, asked by a colleague from elsewhere', () => {
    expect(channelTruth).toHaveLength(8);
    for (const t of channelTruth) {
      const channel = channelOf(t);
      const team = org.teams.find((x) => x.id === t.teamId);
      expect(channel.teamId).toBe(t.teamId);
      expect(t.threadId).toBe(t.messageId);
      expect(channel.messages.find((m) => m.id === t.threadId)?.replyToId).toBeNull();
      expect(team?.members.some((m) => org.users[m.userIndex]?.id === t.assigneeId)).toBe(true);
      expect(org.userById(t.requesterId)?.department).not.toBe(team?.department);
      expect(t.receivedAt.getTime()).toBeLessThan(NOW.getTime());
    }
  });

  it('first response = the assignee\'s first reply in the same thread: not a colleague\'s reply, not the assignee\'s reply in another thread', () => {
    const answered = channelTruth.filter((t) => t.firstResponseAt !== null);
    expect(answered).toHaveLength(4);
    for (const t of answered) {
      const reply = channelOf(t).messages.find((m) => m.id === t.firstResponseMessageId);
      expect(reply?.replyToId).toBe(t.threadId);
      expect(org.users[reply?.fromUserIndex ?? -1]?.id).toBe(t.assigneeId);
      expect(reply?.createdMs).toBe(t.firstResponseAt?.getTime());
      expect(t.why).toMatch(/^the thread reply of \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    }
    // The assignee replied in another thread of the channel before answering this one: that reply did not count.
    const elsewhere = channelTruth.filter((t) => t.cases.includes('replyInAnotherThread'));
    expect(elsewhere).toHaveLength(2);
    for (const t of elsewhere) {
      const assigneeIndex = org.userById(t.assigneeId)?.index;
      const earlier = channelOf(t).messages.find((m) => m.fromUserIndex === assigneeIndex && m.replyToId !== t.threadId && m.createdMs > t.receivedAt.getTime());
      expect(earlier).toBeDefined();
      expect(t.firstResponseAt?.getTime()).toBeGreaterThan(earlier?.createdMs ?? Infinity);
    }
    // A colleague replied in the thread before the assignee: the first response is still the assignee's.
    expect(answered.filter((t) => t.cases.includes('othersRepliedInThread'))).toHaveLength(2);
  });

  it('names why a thread has no response: only others replied, or nobody did', () => {
    const open = channelTruth.filter((t) => t.firstResponseAt === null);
    expect(open.map((t) => t.why).sort()).toEqual([
      'no response: no answer yet', 'no response: no answer yet',
      'no response: only replies by others in the thread', 'no response: only replies by others in the thread',
    ]);
    for (const t of open) expect(t.firstResponseMessageId).toBeNull();
  });

  it('a reply the assignee posts later in the thread becomes the first response; one in another thread does not', () => {
    const fresh = generateDemoOrganization({ seed: 42, now: NOW });
    const t = fresh.groundTruth().find((x) => x.source === 'channel' && x.why === 'no response: no answer yet') as GroundTruthRequest;
    const channel = fresh.channels.find((c) => c.id === t.channelId) as DemoChannel;
    const assignee = fresh.userById(t.assigneeId)?.index ?? -1;
    const otherThread = channel.messages.find((m) => m.replyToId === null && m.id !== t.threadId);
    fresh.postChannelMessage(channel, assignee, '<p>Looking at the other one</p>', NOW.getTime(), otherThread?.id ?? null);
    const find = (): GroundTruthRequest | undefined => fresh.groundTruth().find((x) => x.messageId === t.messageId && x.source === 'channel');
    expect(find()?.firstResponseAt).toBeNull();
    expect(find()?.cases).toContain('replyInAnotherThread');
    const reply = fresh.postChannelMessage(channel, assignee, '<p>Done</p>', NOW.getTime() + 60_000, t.threadId ?? null);
    expect(find()?.firstResponseMessageId).toBe(reply.id);
    expect(find()?.firstResponseAt?.getTime()).toBe(reply.createdMs);
  });
});
