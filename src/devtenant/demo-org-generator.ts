import { DemoOrganization, type RequestMark, type DemoChat, type DemoUser, type MailAddress, type SentMail } from './demo-organization';
import { addWorkingMinutes, workingWindowOnLocalDay, type WorkingPattern } from './demo-working-time';
import { SeededRandom, seededGuid } from './seeded-random';

/** Size and seed of a generated demo organisation. */
export interface DemoOrganizationOptions {
  seed?: number;
  /** Number of people (default 40). */
  people?: number;
  /** Days of mail and chat history before `now` (default 90). */
  days?: number;
  /** "Now" of the demo (UTC); history ends here. */
  now?: Date;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const DEPARTMENTS = ['IT', 'Payroll', 'HR', 'Sales', 'Engineering', 'Marketing'] as const;
type Department = (typeof DEPARTMENTS)[number];
const DEPARTMENT_WEIGHTS: Record<Department, number> = { IT: 5, Payroll: 4, HR: 5, Sales: 9, Engineering: 11, Marketing: 6 };
const TITLES: Record<Department, [string, string]> = {
  IT: ['Head of IT', 'IT Support Specialist'], Payroll: ['Payroll Manager', 'Payroll Clerk'], HR: ['HR Director', 'HR Advisor'],
  Sales: ['Sales Director', 'Account Manager'], Engineering: ['VP Engineering', 'Software Engineer'], Marketing: ['Marketing Director', 'Marketing Specialist'],
};
/** [mailbox time zone name (Windows or IANA), IANA zone, office]. */
const ZONES: [string, string, string][] = [
  ['W. Europe Standard Time', 'Europe/Berlin', 'Berlin'],
  ['Europe/London', 'Europe/London', 'London'],
  ['Eastern Standard Time', 'America/New_York', 'New York'],
  ['Pacific Standard Time', 'America/Los_Angeles', 'Seattle'],
  ['Asia/Kolkata', 'Asia/Kolkata', 'Bengaluru'],
];
const GIVEN = ['Adele', 'Alex', 'Diego', 'Grady', 'Henrietta', 'Isaiah', 'Johanna', 'Joni', 'Lee', 'Lidia', 'Lynne', 'Megan', 'Miriam', 'Nestor', 'Patti', 'Pradeep', 'Priya', 'Raul', 'Sanjay', 'Sofia', 'Tomas', 'Yuki', 'Amara', 'Bruno', 'Chen', 'Dara', 'Elif', 'Farah', 'Gustav', 'Hana', 'Ines', 'Jonas', 'Kofi', 'Leila', 'Mateo', 'Nadia', 'Omar', 'Paula', 'Rhys', 'Zoe'];
const FAMILY = ['Vance', 'Wilber', 'Siciliani', 'Archie', 'Cantrell', 'Henderson', 'Lindqvist', 'Sherman', 'Gu', 'Holloway', 'Robinson', 'Bowen', 'Hunter', 'Wilke', 'Fernandez', 'Gupta', 'Patel', 'Ortega', 'Rao', 'Marin', 'Novak', 'Tanaka', 'Okafor', 'Costa', 'Wei', 'Byrne', 'Demir', 'Haddad', 'Larsen', 'Kim', 'Moreau', 'Becker', 'Mensah', 'Nasser', 'Rossi', 'Ivanova', 'Said', 'Silva', 'Evans', 'Ng'];

/** Request subjects by (requester department → assignee department); the situations internal service is about. */
const REQUEST_TOPICS: Record<string, string[]> = {
  'Sales>Engineering': ['Special order for Fabrikam: can we ship the 40-unit custom build by the 15th?', 'Customer asks for an API rate limit increase', 'Special order: Contoso wants a white-label build'],
  'Marketing>Sales': ['Contacts for the spring campaign', 'Could you send me the key contacts at Northwind?', 'Customer quote for the case study'],
  'HR>IT': ['Payroll server down: HR cannot open the payroll portal', 'New starter laptop for Monday', 'Access to the HR share for a new advisor'],
  '*>IT': ['Laptop will not connect to VPN', 'Need access to the finance share', 'Teams keeps crashing on my machine', 'Password reset for the CRM'],
  '*>HR': ['Question about parental leave', 'Can you confirm my contract end date?', 'Reference letter for my mortgage'],
  '*>Payroll': ['My payslip shows the wrong overtime', 'Expense claim not paid yet', 'Change of bank details for salary'],
  '*>Sales': ['Who owns the Litware account?', 'Price list for the partner deal'],
  '*>Engineering': ['Bug in the customer portal export', 'Could you review the integration spec?'],
  '*>Marketing': ['Logo files for a customer presentation', 'Can we get a slide on the new product?'],
};
const REPLY_LINES = ['Thanks, on it.', 'Done — let me know if anything else is missing.', 'Sorry for the delay, here you go.', 'I have looked into it; details below.', 'Sure, attached.'];
const NEWSLETTER = { name: 'Industry Weekly', address: 'news@industry-weekly.example' };
const EXTERNAL_DOMAINS = ['fabrikam.example', 'northwind.example', 'litware.example', 'adatum.example'];

/**
 * Generates the demo organisation deterministically from the seed: people in six departments with managers, working
 * hours in several time zones (Windows and IANA names), out-of-office periods, teams with owners, and `days` of mail and
 * chat: colleague requests and replies with working-hours delays (fast, slow, breaching, unanswered), reply-alls,
 * forwards, thank-yous, auto-replies, external mail and newsletters, and a set of requests marked as already tracked.
 */
export function generateDemoOrganization(options: DemoOrganizationOptions = {}): DemoOrganization {
  const seed = (options.seed ?? 42) >>> 0;
  const people = Math.max(6, options.people ?? 40);
  const days = Math.max(1, options.days ?? 90);
  const nowMs = Math.floor((options.now ?? new Date()).getTime() / MINUTE_MS) * MINUTE_MS;
  const rng = new SeededRandom(seed);
  const tenantId = seededGuid(seed, 0);
  const primaryDomain = 'contoso.example';
  const org = new DemoOrganization(tenantId, 'Contoso (demo)', [
    { name: primaryDomain, isDefault: true, isInitial: false },
    { name: 'contosodemo.onmicrosoft.com', isDefault: false, isInitial: true },
  ], nowMs - (days + 400) * DAY_MS, seed);

  createPeople(org, rng, seed, people, primaryDomain, nowMs, days);
  createTeams(org, seed, nowMs, days);
  const patterns = org.users.map(patternOf);
  org.otherTenant = createOtherTenant(seed);
  const history = new HistoryWriter(org, rng, patterns, nowMs);
  const startMs = nowMs - days * DAY_MS;
  createGroupChats(org, seed, startMs);
  history.writeDays(startMs);
  return org;
}

function patternOf(u: DemoUser): WorkingPattern {
  return { ianaZone: u.ianaZone, daysOfWeek: u.workingDays, startMinute: u.workStartMinute, endMinute: u.workEndMinute };
}

function createPeople(org: DemoOrganization, rng: SeededRandom, seed: number, people: number, domain: string, nowMs: number, days: number): void {
  const totalWeight = DEPARTMENTS.reduce((s, d) => s + DEPARTMENT_WEIGHTS[d], 0);
  const counts = DEPARTMENTS.map((d) => Math.max(1, Math.round((people * DEPARTMENT_WEIGHTS[d]) / totalWeight)));
  let diff = people - counts.reduce((a, b) => a + b, 0);
  for (let i = counts.length - 1; diff !== 0; i = (i + counts.length - 1) % counts.length) {
    const c = counts[i] ?? 1;
    if (diff > 0) { counts[i] = c + 1; diff--; } else if (c > 1) { counts[i] = c - 1; diff++; }
  }
  const usedUpns = new Set<string>();
  let index = 0;
  DEPARTMENTS.forEach((department, d) => {
    const count = counts[d] ?? 1;
    const deptIds: string[] = [];
    for (let k = 0; k < count; k++, index++) {
      const given = GIVEN[(index * 7 + d) % GIVEN.length] ?? 'Alex';
      const family = FAMILY[(index * 13 + seed) % FAMILY.length] ?? 'Doe';
      let upnLocal = `${given}.${family}`.toLowerCase();
      for (let n = 2; usedUpns.has(upnLocal); n++) upnLocal = `${given}.${family}${n}`.toLowerCase();
      usedUpns.add(upnLocal);
      const zone = zoneFor(department, k, rng);
      const id = seededGuid(seed, 1000 + index);
      const managerId = k === 0 ? (d === 0 ? null : deptHeadOf(org, 0)) : (deptIds[Math.floor((k - 1) / 7)] ?? null);
      const partTime = k > 0 && rng.chance(0.1);
      const early = rng.chance(0.3);
      const user: DemoUser = {
        index, id, tenantId: org.tenantId, displayName: `${given} ${family}`, givenName: given, surname: family,
        userPrincipalName: `${upnLocal}@${domain}`, mail: `${upnLocal}@${domain}`, department,
        jobTitle: k === 0 ? TITLES[department][0] : TITLES[department][1], officeLocation: zone[2], managerId,
        timeZoneName: zone[0], ianaZone: zone[1],
        workingDays: partTime ? ['monday', 'tuesday', 'wednesday', 'thursday'] : ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
        workStartMinute: early ? 8 * 60 : 9 * 60, workEndMinute: early ? 16 * 60 + 30 : 17 * 60 + 30,
        outOfOffice: [],
      };
      if (rng.chance(0.12)) {
        // One holiday in the history and, for some, one scheduled ahead.
        const start = nowMs - rng.int(5, Math.max(6, days - 5)) * DAY_MS;
        user.outOfOffice.push({ startMs: start, endMs: start + rng.int(2, 6) * DAY_MS });
        if (rng.chance(0.5)) {
          const ahead = nowMs + rng.int(3, 20) * DAY_MS;
          user.outOfOffice.push({ startMs: ahead, endMs: ahead + rng.int(3, 10) * DAY_MS });
        }
      }
      org.addUser(user);
      deptIds.push(id);
    }
  });
}

function deptHeadOf(org: DemoOrganization, deptIndex: number): string | null {
  return org.users.find((u) => u.department === DEPARTMENTS[deptIndex])?.id ?? null;
}

function zoneFor(department: Department, k: number, rng: SeededRandom): [string, string, string] {
  const base = ZONES[0] as [string, string, string];
  if (k === 0) return base;
  if (department === 'Sales') return (rng.chance(0.5) ? ZONES[2] : ZONES[3]) ?? base;
  if (department === 'Engineering') return (rng.chance(0.4) ? ZONES[4] : ZONES[0]) ?? base;
  if (department === 'Marketing') return (rng.chance(0.6) ? ZONES[1] : ZONES[0]) ?? base;
  return base;
}

function createTeams(org: DemoOrganization, seed: number, nowMs: number, days: number): void {
  const names: Record<Department, string> = { IT: 'IT Service Desk', Payroll: 'Payroll', HR: 'People & HR', Sales: 'Sales', Engineering: 'Engineering', Marketing: 'Marketing' };
  DEPARTMENTS.forEach((department, d) => {
    const members = org.users.filter((u) => u.department === department);
    const owners = new Set(members.slice(0, Math.min(2, members.length)).map((u) => u.index));
    org.teams.push({
      id: seededGuid(seed, 500 + d), displayName: names[department], description: `${department} team — serves colleagues across Contoso.`,
      department, createdMs: nowMs - (days + 200) * DAY_MS,
      members: members.map((u) => ({ userIndex: u.index, roles: owners.has(u.index) ? ['owner'] : [] })),
    });
  });
}

/**
 * One group chat per team (at most 20 members) opened by a "members added" system event with a few messages, and a
 * federated 1:1 chat between the first Sales person and a user of the other tenant (a chat member who is not a colleague).
 */
function createGroupChats(org: DemoOrganization, seed: number, startMs: number): void {
  org.teams.forEach((team, t) => {
    const members = team.members.slice(0, 20).map((m) => m.userIndex);
    if (members.length < 3) return;
    const createdMs = startMs + (t + 1) * 3_600_000;
    const chat: DemoChat = { index: org.chats.length, id: `19:${seededGuid(seed, 700 + t).replace(/-/g, '')}@thread.v2`, chatType: 'group', topic: `${team.displayName} — coordination`, memberIndexes: members, createdMs, messages: [] };
    org.addChat(chat);
    org.postChatMessage(chat, null, '<systemEventMessage/>', createdMs, 'systemEventMessage');
    members.slice(0, 3).forEach((m, i) => org.postChatMessage(chat, m, `<p>${['Welcome to the team chat!', 'Weekly update is in the channel.', 'Thanks all.'][i] ?? ''}</p>`, createdMs + (i + 1) * 600_000));
  });
  const sales = org.users.find((u) => u.department === 'Sales');
  const guest = org.otherTenant?.users[0];
  if (sales && guest) {
    const createdMs = startMs + 2 * DAY_MS;
    const chat: DemoChat = { index: org.chats.length, id: `19:${sales.id}_${guest.id}@unq.gbl.spaces`, chatType: 'oneOnOne', topic: null, memberIndexes: [sales.index], guestMembers: [guest], createdMs, messages: [] };
    org.addChat(chat);
    org.postChatMessage(chat, null, '<p>Hi, could you send the partner price list?</p>', createdMs, 'message', guest);
    org.postChatMessage(chat, sales.index, '<p>Sure, sending it over today.</p>', createdMs + 3_600_000);
  }
}

function createOtherTenant(seed: number): DemoOrganization['otherTenant'] {
  const tenantId = seededGuid(seed ^ 0x5f5f, 0);
  const domain = 'fabrikam-other.example';
  const mk = (i: number, given: string, family: string): DemoUser => ({
    index: i, id: seededGuid(seed ^ 0x5f5f, 100 + i), tenantId, displayName: `${given} ${family}`, givenName: given, surname: family,
    userPrincipalName: `${given.toLowerCase()}@${domain}`, mail: `${given.toLowerCase()}@${domain}`, department: 'Operations', jobTitle: 'Operator',
    officeLocation: 'Dublin', managerId: null, timeZoneName: 'GMT Standard Time', ianaZone: 'Europe/Dublin',
    workingDays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], workStartMinute: 540, workEndMinute: 1050, outOfOffice: [],
  });
  return { tenantId, displayName: 'Fabrikam (other tenant)', verifiedDomains: [{ name: domain, isDefault: true, isInitial: true }], users: [mk(0, 'Olga', 'Other'), mk(1, 'Oscar', 'Outsider')] };
}

/** A pending event in the history, written in time order so every folder is ordered by arrival. */
interface PendingEvent {
  atMs: number;
  order: number;
  run: () => void;
}

class HistoryWriter {
  private events: PendingEvent[] = [];
  private order = 0;
  private readonly chatByPair = new Map<string, DemoChat>();
  private readonly managers: number[];

  constructor(
    private readonly org: DemoOrganization,
    private readonly rng: SeededRandom,
    private readonly patterns: WorkingPattern[],
    private readonly nowMs: number,
  ) {
    const managerIds = new Set(org.users.map((u) => u.managerId).filter((x): x is string => x !== null));
    this.managers = org.users.filter((u) => managerIds.has(u.id)).map((u) => u.index);
  }

  writeDays(startMs: number): void {
    const { org, rng } = this;
    const byDept = new Map<string, number[]>();
    for (const u of org.users) byDept.set(u.department, [...(byDept.get(u.department) ?? []), u.index]);
    const firstDay = Math.floor(startMs / DAY_MS);
    const lastDay = Math.floor(this.nowMs / DAY_MS);
    for (let day = firstDay; day <= lastDay; day++) {
      // Everything scheduled from now on happens at or after this day's start, so earlier events can be written.
      this.flushBefore(day * DAY_MS);
      const weekday = new Date(day * DAY_MS).getUTCDay();
      if (weekday === 1) this.newsletter(day * DAY_MS + 6 * 3_600_000);
      const dom = new Date(day * DAY_MS).getUTCDate();
      for (const requester of org.users) {
        const window = workingWindowOnLocalDay(this.patterns[requester.index] as WorkingPattern, day);
        if (!window || this.isOut(requester, window.startMs)) continue;
        const count = (rng.chance(0.45) ? 1 : 0) + (rng.chance(0.12) ? 1 : 0);
        for (let i = 0; i < count; i++) {
          const assignee = this.pickAssignee(requester, byDept);
          if (!assignee) continue;
          const at = window.startMs + Math.floor(rng.next() * (window.endMs - window.startMs - 30 * MINUTE_MS));
          const topic = this.topic(requester.department, assignee.department);
          this.request(requester, assignee, at, topic, rng.chance(0.3) ? 'chat' : 'email');
        }
        // Payroll clerks chase managers' time sheets before payroll day (the 25th).
        if (requester.department === 'Payroll' && dom === 22) {
          const clerks = byDept.get('Payroll') ?? [];
          const me = clerks.indexOf(requester.index);
          this.managers.filter((m, i) => i % clerks.length === me && m !== requester.index).slice(0, 25).forEach((m, i) => {
            const assignee = org.users[m];
            if (assignee) this.request(requester, assignee, window.startMs + (30 + i * 7) * MINUTE_MS, `Time sheets for ${monthName(day)} needed before payroll day`, 'email');
          });
        }
        // HR's server goes down on payroll day.
        if (requester.department === 'HR' && dom === 25 && requester.index === (byDept.get('HR') ?? [])[1]) {
          const itPeople = byDept.get('IT') ?? [];
          const it = org.users[itPeople[1] ?? itPeople[0] ?? 0];
          if (it) this.request(requester, it, window.startMs + 20 * MINUTE_MS, 'URGENT: HR payroll server is down on payroll day', 'email', 'high');
        }
        // Sales people get customer mail.
        if (requester.department === 'Sales' && rng.chance(0.4)) this.externalMail(requester, window.startMs + rng.int(10, 200) * MINUTE_MS);
      }
    }
    this.flushBefore(this.nowMs + 1);
  }

  /** Runs, in time order, every pending event before `limitMs` (and never one after the demo's now). */
  private flushBefore(limitMs: number): void {
    if (this.events.length === 0) return;
    this.events.sort((a, b) => a.atMs - b.atMs || a.order - b.order);
    let i = 0;
    for (; i < this.events.length; i++) {
      const e = this.events[i] as PendingEvent;
      if (e.atMs >= limitMs) break;
      if (e.atMs <= this.nowMs) e.run();
    }
    this.events.splice(0, i);
  }

  private at(atMs: number, run: () => void): void {
    this.events.push({ atMs, order: this.order++, run });
  }

  private isOut(user: DemoUser, atMs: number): boolean {
    return user.outOfOffice.some((o) => atMs >= o.startMs && atMs < o.endMs);
  }

  private pickAssignee(requester: DemoUser, byDept: Map<string, number[]>): DemoUser | undefined {
    const rng = this.rng;
    const targets: Record<string, string[]> = {
      Sales: ['Engineering', 'Engineering', 'Marketing', 'IT', 'Payroll'], Marketing: ['Sales', 'Sales', 'IT', 'Engineering'],
      HR: ['IT', 'Payroll', 'Payroll'], Payroll: ['HR', 'IT'], Engineering: ['IT', 'HR', 'Sales'], IT: ['HR', 'Payroll', 'Engineering'],
    };
    const dept = rng.pick(targets[requester.department] ?? ['IT']);
    const pool = byDept.get(dept) ?? [];
    if (pool.length === 0) return undefined;
    // Requests go mostly to the first few people of a department (its service desk), like real internal service.
    const k = rng.chance(0.7) ? rng.int(0, Math.min(pool.length, 4) - 1) : rng.int(0, pool.length - 1);
    const candidate = this.org.users[pool[k] ?? 0];
    return candidate && candidate.index !== requester.index ? candidate : undefined;
  }

  private topic(from: string, to: string): string {
    return this.rng.pick(REQUEST_TOPICS[`${from}>${to}`] ?? REQUEST_TOPICS[`*>${to}`] ?? ['Quick question']);
  }

  /** Delay in the assignee's working minutes before the first answer, or null for none. */
  private replyDelayMinutes(): number | null {
    const r = this.rng.next();
    if (r < 0.45) return this.rng.int(3, 60);
    if (r < 0.75) return this.rng.int(60, 230);
    if (r < 0.9) return this.rng.int(250, 1200);
    return null;
  }

  private request(requester: DemoUser, assignee: DemoUser, atMs: number, subject: string, source: 'email' | 'chat', importance: 'normal' | 'high' = 'normal'): void {
    const { org, rng } = this;
    const pattern = this.patterns[assignee.index] as WorkingPattern;
    const out = assignee.outOfOffice.find((o) => atMs >= o.startMs && atMs < o.endMs);
    const delay = this.replyDelayMinutes();
    const replyAt = delay === null ? null : addWorkingMinutes(pattern, out ? out.endMs : atMs, delay);
    const tracked = atMs > this.nowMs - 30 * DAY_MS && rng.chance(0.5) ? { category: categoryFor(assignee.department), priority: importance === 'high' ? 'high' as const : rng.pick(['normal', 'normal', 'low', 'high'] as const) } : undefined;
    if (source === 'chat') {
      const chat = this.chatFor(requester, assignee, atMs);
      this.at(atMs, () => {
        const message = org.postChatMessage(chat, requester.index, `<p>${escapeHtml(subject)} — could you help?</p>`, atMs);
        const mark: RequestMark = { source: 'chat', requesterIndex: requester.index, assigneeIndex: assignee.index, chatIndex: chat.index, chatMessageId: message.id, ...(tracked ? { tracked: { ...tracked } } : {}) };
        org.requestMarks.push(mark);
        if (replyAt !== null && mark.tracked && replyAt < this.nowMs - 2 * DAY_MS && rng.chance(0.93)) mark.tracked = { ...mark.tracked, resolvedMs: replyAt + rng.int(10, 600) * MINUTE_MS };
      });
      if (replyAt !== null) this.at(replyAt, () => org.postChatMessage(chat, assignee.index, `<p>${escapeHtml(rng.pick(REPLY_LINES))}</p>`, replyAt));
      return;
    }
    const manager = requester.managerId ? org.userById(requester.managerId) : undefined;
    const cc: MailAddress[] = manager && manager.index !== assignee.index && rng.chance(0.3) ? [org.addressOf(manager)] : [];
    const conversationId = org.newConversationId();
    const mail = this.mail(requester, [org.addressOf(assignee)], cc, subject, `Hi ${assignee.givenName}, ${subject.toLowerCase()}. Thanks, ${requester.givenName}`, atMs, 'request', conversationId, importance);
    this.at(atMs, () => {
      const { inboxCopies } = org.deliver(mail);
      const copy = inboxCopies.find((c) => c.ownerIndex === assignee.index);
      if (!copy) return;
      const mark: RequestMark = { source: 'email', requesterIndex: requester.index, assigneeIndex: assignee.index, messageNumber: copy.number, ...(tracked ? { tracked: { ...tracked } } : {}) };
      org.requestMarks.push(mark);
      if (replyAt !== null && mark.tracked && replyAt < this.nowMs - 2 * DAY_MS && rng.chance(0.93)) mark.tracked = { ...mark.tracked, resolvedMs: replyAt + rng.int(10, 600) * MINUTE_MS };
    });
    if (out) {
      const autoAt = atMs + 60_000;
      this.at(autoAt, () => org.deliver(this.mail(assignee, [org.addressOf(requester)], [], `Automatic reply: ${subject}`, `I am out of the office until ${new Date(out.endMs).toDateString()}.`, autoAt, 'autoReply', conversationId, 'normal', [
        { name: 'Auto-Submitted', value: 'auto-replied' }, { name: 'X-Auto-Response-Suppress', value: 'All' },
      ])));
    }
    if (replyAt === null) return;
    if (rng.chance(0.12) && assignee.managerId) {
      const boss = org.userById(assignee.managerId);
      const fwdAt = Math.max(atMs + MINUTE_MS, replyAt - rng.int(2, 30) * MINUTE_MS);
      if (boss && boss.index !== requester.index) this.at(fwdAt, () => org.deliver(this.mail(assignee, [org.addressOf(boss)], [], `FW: ${subject}`, 'FYI — handling this.', fwdAt, 'forward', conversationId)));
    }
    const replyAll = cc.length > 0 && rng.chance(0.6);
    this.at(replyAt, () => org.deliver(this.mail(assignee, [org.addressOf(requester)], replyAll ? cc : [], `RE: ${subject}`, rng.pick(REPLY_LINES), replyAt, replyAll ? 'replyAll' : 'reply', conversationId)));
    if (rng.chance(0.3)) {
      const thanksAt = replyAt + rng.int(5, 120) * MINUTE_MS;
      this.at(thanksAt, () => org.deliver(this.mail(requester, [org.addressOf(assignee)], [], `RE: ${subject}`, 'Thanks a lot!', thanksAt, 'thanks', conversationId)));
    }
  }

  private mail(from: DemoUser, to: MailAddress[], cc: MailAddress[], subject: string, bodyText: string, sentMs: number, kind: SentMail['kind'], conversationId: string, importance: 'low' | 'normal' | 'high' = 'normal', headers: SentMail['headers'] = []): SentMail {
    const fromAddress = this.org.addressOf(from);
    return {
      conversationId, internetMessageId: this.org.newInternetMessageId(sentMs, fromAddress), subject, bodyText, from: fromAddress,
      fromUserIndex: from.index, to, cc, sentMs, kind, importance, headers,
    };
  }

  private chatFor(a: DemoUser, b: DemoUser, atMs: number): DemoChat {
    const [x, y] = a.index < b.index ? [a, b] : [b, a];
    const key = `${x.index}|${y.index}`;
    let chat = this.chatByPair.get(key);
    if (!chat) {
      chat = { index: this.org.chats.length, id: `19:${x.id}_${y.id}@unq.gbl.spaces`, chatType: 'oneOnOne', topic: null, memberIndexes: [x.index, y.index], createdMs: atMs - DAY_MS, messages: [] };
      this.chatByPair.set(key, chat);
      this.org.addChat(chat);
    }
    return chat;
  }

  private newsletter(atMs: number): void {
    const recipients = this.org.users.map((u) => this.org.addressOf(u));
    this.at(atMs, () => {
      for (let i = 0; i < recipients.length; i += 500) {
        this.org.deliver({
          conversationId: this.org.newConversationId(), internetMessageId: this.org.newInternetMessageId(atMs, NEWSLETTER), subject: 'This week in the industry',
          bodyText: 'Top stories of the week.', from: NEWSLETTER, fromUserIndex: null, to: recipients.slice(i, i + 500), cc: [], sentMs: atMs, kind: 'newsletter', importance: 'normal',
          headers: [{ name: 'List-Unsubscribe', value: '<mailto:unsubscribe@industry-weekly.example>' }, { name: 'Precedence', value: 'bulk' }],
        });
      }
    });
  }

  private externalMail(salesPerson: DemoUser, atMs: number): void {
    const domain = this.rng.pick(EXTERNAL_DOMAINS);
    const customer = { name: `Buyer at ${domain.split('.')[0] ?? 'customer'}`, address: `buyer@${domain}` };
    const conversationId = this.org.newConversationId();
    this.at(atMs, () => this.org.deliver({
      conversationId, internetMessageId: this.org.newInternetMessageId(atMs, customer), subject: 'Quote request', bodyText: 'Could you send a quote?',
      from: customer, fromUserIndex: null, to: [this.org.addressOf(salesPerson)], cc: [], sentMs: atMs, kind: 'external', importance: 'normal', headers: [],
    }));
    const replyAt = addWorkingMinutes(this.patterns[salesPerson.index] as WorkingPattern, atMs, this.rng.int(20, 300));
    this.at(replyAt, () => this.org.deliver(this.mail(salesPerson, [customer], [], 'RE: Quote request', 'Quote attached.', replyAt, 'externalReply', conversationId)));
  }
}

function categoryFor(department: string): string {
  return ({ IT: 'IT support', Payroll: 'Payroll', HR: 'HR', Sales: 'Sales support', Engineering: 'Engineering', Marketing: 'Marketing' } as Record<string, string>)[department] ?? 'General';
}

function monthName(day: number): string {
  return new Date(day * DAY_MS).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

