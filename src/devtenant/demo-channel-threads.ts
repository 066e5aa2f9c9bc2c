import type { DemoChannel, DemoOrganization, DemoTeam, DemoUser } from './demo-organization';
import { SeededRandom, mixSeed, seededGuid } from './seeded-random';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** The help channel of a department's team, where colleagues from elsewhere ask; each team also has its General. */
const HELP_CHANNELS: Record<string, { name: string; description: string; asks: string[] }> = {
  IT: {
    name: 'IT help', description: 'Ask the IT Service Desk: access, hardware, software.',
    asks: ['My laptop will not connect to the VPN since this morning', 'Could someone give me access to the finance share?', 'Outlook keeps asking for my password', 'The meeting room screen in Berlin does not pick up my laptop'],
  },
  Payroll: {
    name: 'Payroll questions', description: 'Questions about pay, expenses and bank details.',
    asks: ['My payslip shows the wrong overtime for March', 'When will my expense claim from the trade fair be paid?', 'I changed banks: how do I update my details?', 'Is the travel allowance taxed this year?'],
  },
};
const OTHERS_REPLIES = ['Same here since yesterday.', 'Have you tried signing out and in again?', 'I had that last month, it sorted itself out.'];
const ANSWERS = ['On it — I will get back to you within the hour.', 'Done, please check again.', 'Sorted — you should see it now.'];
const THANKS = ['Thanks, works now!', 'Great, thank you.'];

/**
 * Channels with request threads for the IT and Payroll teams ("IT help", "Payroll questions", and each team's General),
 * written after the rest of the history from a random stream of their own, so nothing generated before changes.
 *
 * Each help channel has four threads, a colleague from another department asking in the root message of each:
 * - answered: a colleague's reply first (it does not count), then the assignee's reply, then the requester's thanks;
 * - answered after the assignee replied in ANOTHER thread of the channel first (that reply does not count);
 * - only others replied (no response);
 * - not answered at all.
 * Every root is marked as a request of the channel's assignee (a member of the team's department), so
 * `org.groundTruth()` has them with source 'channel', their thread and the scripted first response.
 *
 * The people who ask are colleagues from other departments; posting in a standard channel takes team membership in
 * Teams, which the demo does not add (it would change the teams' member lists the rest of the demo is built on).
 */
export function createChannelThreads(org: DemoOrganization, seed: number, nowMs: number): void {
  const rng = new SeededRandom(mixSeed(seed, 0xc4a7));
  let n = 0;
  for (const team of org.teams) {
    const help = HELP_CHANNELS[team.department];
    if (!help) continue;
    const staff = team.members.map((m) => org.users[m.userIndex]).filter((u): u is DemoUser => u?.department === team.department && u.userType === 'Member');
    const askers = org.users.filter((u) => u.userType === 'Member' && u.department !== team.department);
    const assignee = staff[1] ?? staff[0];
    const colleague = staff.find((u) => u !== assignee) ?? askers[askers.length - 1];
    if (!assignee || !colleague || askers.length === 0) continue;
    const general = newChannel(org, team, seed, n++, 'General', `${team.displayName}: announcements and everyday talk.`);
    const head = staff[0] ?? assignee;
    const announcedAt = nowMs - 6 * DAY_MS - rng.int(0, 120) * MINUTE_MS;
    const announcement = org.postChannelMessage(general, head.index, '<p>Welcome to the team channel. Weekly updates go here.</p>', announcedAt, null, 'Welcome');
    org.postChannelMessage(general, colleague.index, '<p>Thanks!</p>', announcedAt + 20 * MINUTE_MS, announcement.id);
    writeHelpThreads(org, newChannel(org, team, seed, n++, help.name, help.description), help.asks, { assignee, colleague, askers, rng, nowMs });
  }
}

interface ThreadCast {
  assignee: DemoUser;
  colleague: DemoUser;
  askers: DemoUser[];
  rng: SeededRandom;
  nowMs: number;
}

function writeHelpThreads(org: DemoOrganization, channel: DemoChannel, asks: string[], { assignee, colleague, askers, rng, nowMs }: ThreadCast): void {
  const pick = (): DemoUser => rng.pick(askers);
  const ask = (requester: DemoUser, subject: string, atMs: number): string => {
    const root = org.postChannelMessage(channel, requester.index, `<p>${subject} — could someone help?</p>`, atMs, null, subject);
    org.markRequest({ source: 'channel', requesterIndex: requester.index, assigneeIndex: assignee.index, channelId: channel.id, threadId: root.id });
    return root.id;
  };
  const reply = (from: DemoUser, threadId: string, text: string, atMs: number): void => {
    org.postChannelMessage(channel, from.index, `<p>${text}</p>`, atMs, threadId);
  };
  // Thread 1, four days ago: a colleague's reply, then the assignee's (the first response), then the requester's thanks.
  const first = pick();
  const t1 = nowMs - 4 * DAY_MS - rng.int(0, 180) * MINUTE_MS;
  const thread1 = ask(first, asks[0] ?? 'Question', t1);
  reply(colleague, thread1, rng.pick(OTHERS_REPLIES), t1 + rng.int(5, 20) * MINUTE_MS);
  reply(assignee, thread1, rng.pick(ANSWERS), t1 + rng.int(40, 90) * MINUTE_MS);
  reply(first, thread1, rng.pick(THANKS), t1 + rng.int(100, 150) * MINUTE_MS);
  // Thread 2, three days ago: the assignee answers in thread 1 first (does not count), then in this thread.
  const t2 = nowMs - 3 * DAY_MS - rng.int(0, 180) * MINUTE_MS;
  const thread2 = ask(pick(), asks[1] ?? 'Question', t2);
  reply(assignee, thread1, 'One more note on this: it is fixed for everyone now.', t2 + rng.int(5, 15) * MINUTE_MS);
  reply(assignee, thread2, rng.pick(ANSWERS), t2 + rng.int(120, 360) * MINUTE_MS);
  // Thread 3, two days ago: only others reply.
  const t3 = nowMs - 2 * DAY_MS - rng.int(0, 180) * MINUTE_MS;
  const thread3 = ask(pick(), asks[2] ?? 'Question', t3);
  reply(colleague, thread3, rng.pick(OTHERS_REPLIES), t3 + rng.int(10, 60) * MINUTE_MS);
  // Thread 4, yesterday: nobody has answered yet.
  ask(pick(), asks[3] ?? 'Question', nowMs - DAY_MS - rng.int(0, 180) * MINUTE_MS);
}

function newChannel(org: DemoOrganization, team: DemoTeam, seed: number, n: number, displayName: string, description: string): DemoChannel {
  const channel: DemoChannel = {
    id: `19:${seededGuid(seed, 900 + n).replace(/-/g, '')}@thread.tacv2`, teamId: team.id, displayName, description,
    createdMs: team.createdMs + (n + 1) * DAY_MS, messages: [],
  };
  org.addChannel(channel);
  return channel;
}
