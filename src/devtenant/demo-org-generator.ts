import { DemoOrganization, exchangeOutOfOfficeHeaders, smtpAddressesOf, workingHoursAt, type RequestMark, type DemoChat, type DemoUser, type MailAddress, type SentMail } from './demo-organization';
import { createChannelThreads } from './demo-channel-threads';
import { addWorkingMinutes, workingWindowOnLocalDay, type WorkingPattern } from './demo-working-time';
import type { UntidyCase } from './scripted-first-responses';
import { SeededRandom, mixSeed, seededGuid } from './seeded-random';

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

/**
 * Each demo team's categories — its standards' list, seeded as the team's settings — by department. Every request the
 * generator writes to someone carries a category from their team's list.
 */
export const DEMO_TEAM_CATEGORIES: Record<Department, readonly string[]> = {
  IT: ['Access', 'Hardware', 'Software', 'Outage', 'Other'],
  Payroll: ['Pay', 'Expenses', 'Bank details', 'Other'],
  HR: ['Leave', 'Contracts', 'Letters', 'Other'],
  Sales: ['Accounts', 'Pricing', 'Contacts', 'Other'],
  Engineering: ['Bug', 'Special order', 'Integration', 'Review', 'Other'],
  Marketing: ['Brand assets', 'Content', 'Other'],
};

/** A request's subject and its category in the assignee's team's list. */
interface Topic {
  subject: string;
  category: string;
}

/** Request topics by (requester department → assignee department); the situations internal service is about. */
const REQUEST_TOPICS: Record<string, Topic[]> = {
  'Sales>Engineering': [
    { subject: 'Special order for Fabrikam: can we ship the 40-unit custom build by the 15th?', category: 'Special order' },
    { subject: 'Customer asks for an API rate limit increase', category: 'Integration' },
    { subject: 'Special order: Contoso wants a white-label build', category: 'Special order' },
  ],
  'Marketing>Sales': [
    { subject: 'Contacts for the spring campaign', category: 'Contacts' },
    { subject: 'Could you send me the key contacts at Northwind?', category: 'Contacts' },
    { subject: 'Customer quote for the case study', category: 'Pricing' },
  ],
  'HR>IT': [
    { subject: 'Payroll server down: HR cannot open the payroll portal', category: 'Outage' },
    { subject: 'New starter laptop for Monday', category: 'Hardware' },
    { subject: 'Access to the HR share for a new advisor', category: 'Access' },
  ],
  '*>IT': [
    { subject: 'Laptop will not connect to VPN', category: 'Hardware' },
    { subject: 'Need access to the finance share', category: 'Access' },
    { subject: 'Teams keeps crashing on my machine', category: 'Software' },
    { subject: 'Password reset for the CRM', category: 'Access' },
  ],
  '*>HR': [
    { subject: 'Question about parental leave', category: 'Leave' },
    { subject: 'Can you confirm my contract end date?', category: 'Contracts' },
    { subject: 'Reference letter for my mortgage', category: 'Letters' },
  ],
  '*>Payroll': [
    { subject: 'My payslip shows the wrong overtime', category: 'Pay' },
    { subject: 'Expense claim not paid yet', category: 'Expenses' },
    { subject: 'Change of bank details for salary', category: 'Bank details' },
  ],
  '*>Sales': [
    { subject: 'Who owns the Litware account?', category: 'Accounts' },
    { subject: 'Price list for the partner deal', category: 'Pricing' },
  ],
  '*>Engineering': [
    { subject: 'Bug in the customer portal export', category: 'Bug' },
    { subject: 'Could you review the integration spec?', category: 'Review' },
  ],
  '*>Marketing': [
    { subject: 'Logo files for a customer presentation', category: 'Brand assets' },
    { subject: 'Can we get a slide on the new product?', category: 'Content' },
  ],
};
/** Anything else (time sheets chased from managers of every department): each team's "Other". */
const OTHER_CATEGORY = 'Other';

/**
 * How people write a request (`to` the assignee's given name, `what` the subject in lower case, `me` the requester's).
 * Most ask in so many words; some only state the problem, as people do — a suggestion rule cannot find those.
 */
const REQUEST_BODIES: ((to: string, what: string, me: string) => string)[] = [
  (to, what, me) => `Hi ${to}, ${what}. Could you take a look when you have a moment? Thanks, ${me}`,
  (to, what, me) => `Hi ${to}, ${what} — can you help? Best, ${me}`,
  (to, what, me) => `${to}, ${what}. I need this sorted by Friday if at all possible. ${me}`,
  (to, what, me) => `Hi ${to}, quick one: ${what}. Please let me know. Thanks, ${me}`,
  (to, what, me) => `Hi ${to}, ${what}. Thanks, ${me}`,
];
/** The assignee's answers; several read like requests ("let me know", "can you confirm…?") but answer one. */
const REPLY_LINES = [
  'Thanks, on it.', 'Done — let me know if anything else is missing.', 'Sorry for the delay, here you go.', 'I have looked into it; details below.', 'Sure, attached.',
  'Could you check whether it works for you now?', 'Sorted — can you confirm you can log in? Let me know.',
];
/** The requester's thank-yous and acknowledgements after an answer; some with a question or "let me know", none an ask. */
const THANKS_LINES = [
  'Thanks a lot!', 'Thanks — that was quick! How did you manage that?', 'Thank you! Let me know if I can ever return the favour.',
  'Many thanks, please pass my thanks to the team.', 'Got it, thanks. Will let you know if it happens again.', 'OK, noted — that is all I needed.',
  'Perfect, works now. Have a good weekend?',
];
/** A reminder in the thread of an unanswered request (the same request, not a new one). */
const CHASER_LINES = ['Any update on this?', 'Just checking — did you get a chance to look at this?', 'Gentle reminder: this is still open for me.'];
/** A second ask in the same thread after the answer: a request of its own. */
const FOLLOW_UP_LINES = [
  'One more thing — could you also add Priya to it?', 'Could you do the same for my colleague in Berlin?', 'Also, can you send me the confirmation by email?',
];
/** Information to a whole team, with request-like words ("let me know", "?") but nothing to track. */
const FYI_MAILS: [string, string][] = [
  ['FYI: office closed on Friday', 'FYI the office is closed on Friday for maintenance. Let me know if you need access over the weekend.'],
  ['Heads-up: new expense tool next week', 'Heads-up: the new expense tool goes live next week. Any questions? The guide is on the intranet.'],
  ['FYI — quarterly numbers are out', 'FYI the quarterly numbers are on the team site. Please have a look before Monday if you can.'],
];
const NEWSLETTER = { name: 'Industry Weekly', address: 'news@industry-weekly.example' };
const EXTERNAL_DOMAINS = ['fabrikam.example', 'northwind.example', 'litware.example', 'adatum.example'];

/** The tenant's initial domain (verified): Exchange Online gives every mailbox an alias there. */
const INITIAL_DOMAIN = 'contosodemo.onmicrosoft.com';
/** Guests invited from partner organisations (mail on their own domain; no mailbox here). */
const GUESTS: [string, string, string][] = [
  ['Greta', 'Lund', 'partner-lund.example'], ['Kwame', 'Asante', 'asante-consulting.example'], ['Iris', 'Vogel', 'vogel-design.example'],
  ['Tariq', 'Aziz', 'aziz-it.example'], ['Marta', 'Kowal', 'kowal-legal.example'], ['Ravi', 'Menon', 'menon-analytics.example'],
];
/** Second teams, chosen so that the person's own team still sorts first by name: source department → team. */
const SECOND_TEAMS: [Department, Department][] = [['Engineering', 'Sales'], ['IT', 'Payroll'], ['Marketing', 'Sales'], ['Payroll', 'HR']];
/** Asides to a colleague in the request's thread (the requester not addressed). */
const ASIDE_LINES = ['Can you check this one for me?', 'Do you know who owns this?', 'Could you pick this up? I am swamped today.'];

/**
 * Generates the demo organisation deterministically from the seed: people in six departments with managers, working
 * hours in several time zones (Windows and IANA names), out-of-office periods, teams with owners and their categories,
 * and `days` of mail and chat: colleague requests and replies with working-hours delays (fast, slow, breaching,
 * unanswered), reply-alls, forwards, thank-yous and acknowledgements, second asks in the same thread, FYIs to a team,
 * auto-replies, external mail and newsletters, and a set of requests marked as already tracked.
 *
 * As untidy as a real tenant (always on; deterministic from the seed, from a random stream of its own so who asks whom
 * and when stays as it was): mail addresses that are not the sign-in name, aliases (`proxyAddresses`) that mail is sent
 * from and to, guests (`#EXT#`) writing from outside, Exchange's out-of-office replies and an automatic acknowledgement
 * (`Auto-Submitted: auto-replied`), replies with an edited subject or the requester only in Cc, forwards and asides to
 * others, drafts never sent, answers later moved to Archive or Deleted Items, chat answers later deleted, calls instead
 * of chat answers, people in two teams, a person who leaves a team and an owner who becomes a member (after now, on the
 * simulated clock), an out-of-office that ends soon after now, working hours that change, and two people for whom the
 * Teams app is not installed.
 *
 * The IT and Payroll teams have channels ("IT help", "Payroll questions") with request threads: replies by the assignee,
 * by others, and by the assignee in another thread of the channel (demo-channel-threads.ts).
 *
 * Every request is recorded as it is written, with what a person would say happened to it (`org.requestMarks`,
 * `org.groundTruth()`): see scripted-first-responses.ts.
 */
export function generateDemoOrganization(options: DemoOrganizationOptions = {}): DemoOrganization {
  const seed = (options.seed ?? 42) >>> 0;
  const people = Math.max(6, options.people ?? 40);
  const days = Math.max(1, options.days ?? 90);
  const nowMs = Math.floor((options.now ?? new Date()).getTime() / MINUTE_MS) * MINUTE_MS;
  const rng = new SeededRandom(seed);
  const untidy = new SeededRandom(mixSeed(seed, 0x0dd5));
  const tenantId = seededGuid(seed, 0);
  const primaryDomain = 'contoso.example';
  const org = new DemoOrganization(tenantId, 'Contoso (demo)', [
    { name: primaryDomain, isDefault: true, isInitial: false },
    { name: INITIAL_DOMAIN, isDefault: false, isInitial: true },
  ], nowMs - (days + 400) * DAY_MS, seed);

  createPeople(org, rng, untidy, seed, people, primaryDomain, nowMs, days);
  createGuests(org, seed, people);
  leaveOutTeamsApp(org, seed, people);
  createTeams(org, seed, nowMs, days);
  org.otherTenant = createOtherTenant(seed);
  const history = new HistoryWriter(org, rng, untidy, nowMs, mixSeed(seed, 0x5eed));
  const startMs = nowMs - days * DAY_MS;
  createGroupChats(org, seed, startMs);
  history.writeDays(startMs);
  createChannelThreads(org, seed, nowMs);
  return org;
}

/**
 * The people Turnaround's Teams app is not installed for (Graph refuses activity-feed notifications to them): two
 * members from the second half of the list, drawn from a stream of their own so nothing else generated changes. The
 * first people, whom tests and the workbench use most, keep the app.
 */
function leaveOutTeamsApp(org: DemoOrganization, seed: number, people: number): void {
  const pick = new SeededRandom(mixSeed(seed, 0x7ea5));
  const members = org.users.filter((u) => u.userType === 'Member' && u.index >= Math.ceil(people / 2));
  for (let n = 0; n < 2 && members.length > 0; n++) {
    const [user] = members.splice(pick.int(0, members.length - 1), 1);
    if (user) org.setTeamsAppInstalled(user.id, false);
  }
}

/** A member's identity, untidy as in Microsoft 365: the sign-in name (UPN) is not always the mail address. */
function identityOf(given: string, family: string, n: number, domain: string, untidy: SeededRandom, used: Set<string>): { upn: string; mail: string; aliases: string[] } {
  const suffix = n > 1 ? String(n) : '';
  const full = `${given}.${family}${suffix}`.toLowerCase();
  const short = `${given[0] ?? ''}${family}${suffix}`.toLowerCase();
  const dotted = `${given[0] ?? ''}.${family}${suffix}`.toLowerCase();
  const mail = `${full}@${domain}`;
  const r = untidy.next();
  // Mostly UPN = mail; then a cloud account never renamed (UPN on the initial domain), a short UPN, an old address.
  const candidate = r < 0.55 ? mail : r < 0.75 ? `${full}@${INITIAL_DOMAIN}` : r < 0.9 ? `${short}@${domain}` : `${dotted}@${domain}`;
  const upn = used.has(candidate) ? mail : candidate;
  const aliases = [`${full}@${INITIAL_DOMAIN}`];
  if (upn !== mail && !aliases.includes(upn)) aliases.push(upn);
  if (untidy.chance(0.35) && !used.has(`${short}@${domain}`) && !aliases.includes(`${short}@${domain}`)) aliases.push(`${short}@${domain}`);
  for (const a of [mail, upn, ...aliases]) used.add(a);
  return { upn, mail, aliases: aliases.filter((a) => !a.startsWith(`${full}@${domain}`)) };
}

function createPeople(org: DemoOrganization, rng: SeededRandom, untidy: SeededRandom, seed: number, people: number, domain: string, nowMs: number, days: number): void {
  const totalWeight = DEPARTMENTS.reduce((s, d) => s + DEPARTMENT_WEIGHTS[d], 0);
  const counts = DEPARTMENTS.map((d) => Math.max(1, Math.round((people * DEPARTMENT_WEIGHTS[d]) / totalWeight)));
  let diff = people - counts.reduce((a, b) => a + b, 0);
  for (let i = counts.length - 1; diff !== 0; i = (i + counts.length - 1) % counts.length) {
    const c = counts[i] ?? 1;
    if (diff > 0) { counts[i] = c + 1; diff--; } else if (c > 1) { counts[i] = c - 1; diff++; }
  }
  const usedUpns = new Set<string>();
  const usedAddresses = new Set<string>();
  let index = 0;
  DEPARTMENTS.forEach((department, d) => {
    const count = counts[d] ?? 1;
    const deptIds: string[] = [];
    for (let k = 0; k < count; k++, index++) {
      const given = GIVEN[(index * 7 + d) % GIVEN.length] ?? 'Alex';
      const family = FAMILY[(index * 13 + seed) % FAMILY.length] ?? 'Doe';
      let n = 1;
      let upnLocal = `${given}.${family}`.toLowerCase();
      for (n = 2; usedUpns.has(upnLocal); n++) upnLocal = `${given}.${family}${n}`.toLowerCase();
      usedUpns.add(upnLocal);
      const identity = identityOf(given, family, n - 1, domain, untidy, usedAddresses);
      const zone = zoneFor(department, k, rng);
      const id = seededGuid(seed, 1000 + index);
      const managerId = k === 0 ? (d === 0 ? null : deptHeadOf(org, 0)) : (deptIds[Math.floor((k - 1) / 7)] ?? null);
      const partTime = k > 0 && rng.chance(0.1);
      const early = rng.chance(0.3);
      const user: DemoUser = {
        index, id, tenantId: org.tenantId, displayName: `${given} ${family}`, givenName: given, surname: family,
        userPrincipalName: identity.upn, mail: identity.mail, proxyAddresses: [`SMTP:${identity.mail}`, ...identity.aliases.map((a) => `smtp:${a}`)],
        userType: 'Member', department,
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
      // Working hours that change during the history (a new rota: same days, other times).
      if (k > 0 && days > 20 && untidy.chance(0.15)) {
        const shift = untidy.pick([-60, 60, 90]);
        user.workingHoursChanges = [{
          fromMs: Math.floor((nowMs - untidy.int(10, days - 10) * DAY_MS) / DAY_MS) * DAY_MS, workingDays: [...user.workingDays],
          workStartMinute: user.workStartMinute + shift, workEndMinute: user.workEndMinute + shift,
        }];
      }
      org.addUser(user);
      deptIds.push(id);
    }
  });
  const members = org.users;
  // Someone away right now, back a day after now (the out-of-office ends on the simulated clock).
  const away = members.find((u) => u.department === 'HR' && u.managerId !== null && u.outOfOffice.length === 0) ?? members[members.length - 1];
  if (away) away.outOfOffice.push({ startMs: nowMs - 2 * DAY_MS, endMs: nowMs + DAY_MS + 6 * 3_600_000 });
  // Someone whose working hours change after now (a new rota from next week).
  const later = members.filter((u) => u.department === 'Engineering')[2];
  if (later && !later.workingHoursChanges) {
    later.workingHoursChanges = [{ fromMs: Math.floor(nowMs / DAY_MS) * DAY_MS + 3 * DAY_MS, workingDays: [...later.workingDays], workStartMinute: 10 * 60, workEndMinute: 18 * 60 + 30 }];
  }
}

/** Guests invited from partner organisations: `#EXT#` UPNs on the initial domain, mail on their own domain. */
function createGuests(org: DemoOrganization, seed: number, people: number): void {
  const count = Math.max(1, Math.min(GUESTS.length, Math.round(people / 20)));
  for (let g = 0; g < count; g++) {
    const [given, family, domain] = GUESTS[g] as [string, string, string];
    const mail = `${given}.${family}@${domain}`.toLowerCase();
    const index = org.users.length;
    org.addUser({
      index, id: seededGuid(seed, 1000 + index), tenantId: org.tenantId, displayName: `${given} ${family} (Guest)`, givenName: given, surname: family,
      userPrincipalName: `${mail.replace('@', '_')}#EXT#@${INITIAL_DOMAIN}`, mail, proxyAddresses: [`SMTP:${mail}`], userType: 'Guest',
      department: '', jobTitle: 'Partner consultant', officeLocation: '', managerId: null, timeZoneName: 'W. Europe Standard Time', ianaZone: 'Europe/Berlin',
      workingDays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], workStartMinute: 9 * 60, workEndMinute: 17 * 60, outOfOffice: [],
    });
  }
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

/**
 * One team per department (the first two members own it); a few people also belong to a second team (appended, never
 * its first member); after now, one of them leaves that second team and an owner of another team becomes a member.
 */
function createTeams(org: DemoOrganization, seed: number, nowMs: number, days: number): void {
  const names: Record<Department, string> = { IT: 'IT Service Desk', Payroll: 'Payroll', HR: 'People & HR', Sales: 'Sales', Engineering: 'Engineering', Marketing: 'Marketing' };
  DEPARTMENTS.forEach((department, d) => {
    const members = org.users.filter((u) => u.department === department && u.userType === 'Member');
    const owners = new Set(members.slice(0, Math.min(2, members.length)).map((u) => u.index));
    org.teams.push({
      id: seededGuid(seed, 500 + d), displayName: names[department], description: `${department} team — serves colleagues across Contoso.`,
      department, createdMs: nowMs - (days + 200) * DAY_MS, categories: [...DEMO_TEAM_CATEGORIES[department]],
      members: members.map((u) => ({ userIndex: u.index, roles: owners.has(u.index) ? ['owner'] : [] })),
    });
  });
  const teamOf = (department: Department) => org.teams.find((t) => t.department === department);
  const inTwo: { userIndex: number; second: NonNullable<ReturnType<typeof teamOf>> }[] = [];
  for (const [from, to] of SECOND_TEAMS) {
    const own = teamOf(from);
    const second = teamOf(to);
    const ownPeople = own?.members.filter((m) => org.users[m.userIndex]?.department === from) ?? [];
    const person = ownPeople.length >= 3 ? ownPeople[ownPeople.length - 1] : undefined;
    if (!second || !person || second.members.some((m) => m.userIndex === person.userIndex)) continue;
    second.members.push({ userIndex: person.userIndex, roles: [] });
    inTwo.push({ userIndex: person.userIndex, second });
  }
  const leaver = inTwo[0];
  if (leaver) org.scheduleTeamChange(leaver.second, leaver.userIndex, null, nowMs + DAY_MS);
  const demoted = org.teams.find((t) => t.members.filter((m) => m.roles.includes('owner')).length >= 2);
  const owner = demoted?.members.filter((m) => m.roles.includes('owner'))[1];
  if (demoted && owner) org.scheduleTeamChange(demoted, owner.userIndex, [], nowMs + 2 * DAY_MS);
}

/**
 * One group chat per team (at most 20 members) opened by a "members added" system event with a few messages, and a
 * federated 1:1 chat between the first Sales person and a user of the other tenant (a chat member who is not a colleague).
 */
function createGroupChats(org: DemoOrganization, seed: number, startMs: number): void {
  org.teams.forEach((team, t) => {
    const members = team.members.filter((m) => org.users[m.userIndex]?.department === team.department).slice(0, 20).map((m) => m.userIndex);
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
    userPrincipalName: `${given.toLowerCase()}@${domain}`, mail: `${given.toLowerCase()}@${domain}`, proxyAddresses: [`SMTP:${given.toLowerCase()}@${domain}`], userType: 'Member', department: 'Operations', jobTitle: 'Operator',
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

/** How one email request's answer is written (decided when the request is, from the untidy stream). */
interface AnswerForm {
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  cases: UntidyCase[];
  /** Days after the answer when its Sent Items copy is moved, and where; null = never moved. */
  move: { afterMs: number; folder: 'archive' | 'deleteditems' } | null;
}

class HistoryWriter {
  private events: PendingEvent[] = [];
  private order = 0;
  /**
   * The wording of mail (request bodies, thank-yous, second asks, FYIs) comes from its own stream, so the rest of the
   * organisation — who asks whom, when, and when they answer — is the same as before mail was worded variously.
   */
  private readonly words: SeededRandom;
  private readonly chatByPair = new Map<string, DemoChat>();
  private readonly managers: number[];
  /** The IT person whose mailbox acknowledges every request automatically (an add-in; Auto-Submitted: auto-replied). */
  private readonly autoAcknowledger: number | null;

  constructor(
    private readonly org: DemoOrganization,
    private readonly rng: SeededRandom,
    /** Every untidy decision draws from this stream, never from `rng` or `words`. */
    private readonly untidy: SeededRandom,
    private readonly nowMs: number,
    wordsSeed: number,
  ) {
    this.words = new SeededRandom(wordsSeed);
    const managerIds = new Set(org.users.map((u) => u.managerId).filter((x): x is string => x !== null));
    this.managers = org.users.filter((u) => managerIds.has(u.id)).map((u) => u.index);
    this.autoAcknowledger = org.users.filter((u) => u.department === 'IT')[1]?.index ?? null;
  }

  /** The working pattern of a person in force at an instant (working hours change). */
  private patternAt(user: DemoUser, atMs: number): WorkingPattern {
    const hours = workingHoursAt(user, atMs);
    return { ianaZone: user.ianaZone, daysOfWeek: hours.workingDays, startMinute: hours.workStartMinute, endMinute: hours.workEndMinute };
  }

  writeDays(startMs: number): void {
    const { org, rng } = this;
    const members = org.users.filter((u) => u.userType === 'Member');
    const guests = org.users.filter((u) => u.userType === 'Guest');
    const byDept = new Map<string, number[]>();
    for (const u of members) byDept.set(u.department, [...(byDept.get(u.department) ?? []), u.index]);
    const firstDay = Math.floor(startMs / DAY_MS);
    const lastDay = Math.floor(this.nowMs / DAY_MS);
    for (let day = firstDay; day <= lastDay; day++) {
      // Everything scheduled from now on happens at or after this day's start, so earlier events can be written.
      this.flushBefore(day * DAY_MS);
      const weekday = new Date(day * DAY_MS).getUTCDay();
      if (weekday === 1) this.newsletter(day * DAY_MS + 6 * 3_600_000);
      if (weekday === 3) {
        for (const list of byDept.values()) {
          const head = org.users[list[0] ?? 0];
          const window = head ? workingWindowOnLocalDay(this.patternAt(head, day * DAY_MS), day) : null;
          if (head && window && this.words.chance(0.5)) this.fyi(head, list.map((i) => org.users[i]).filter((u): u is DemoUser => u !== undefined), window.startMs + 45 * MINUTE_MS);
        }
      }
      if (weekday === 2) for (const g of guests) this.guestMail(g, byDept, day * DAY_MS + 10 * 3_600_000);
      const dom = new Date(day * DAY_MS).getUTCDate();
      for (const requester of members) {
        const window = workingWindowOnLocalDay(this.patternAt(requester, day * DAY_MS), day);
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
            if (assignee) this.request(requester, assignee, window.startMs + (30 + i * 7) * MINUTE_MS, { subject: `Time sheets for ${monthName(day)} needed before payroll day`, category: OTHER_CATEGORY }, 'email');
          });
        }
        // HR's server goes down on payroll day.
        if (requester.department === 'HR' && dom === 25 && requester.index === (byDept.get('HR') ?? [])[1]) {
          const itPeople = byDept.get('IT') ?? [];
          const it = org.users[itPeople[1] ?? itPeople[0] ?? 0];
          if (it) this.request(requester, it, window.startMs + 20 * MINUTE_MS, { subject: 'URGENT: HR payroll server is down on payroll day', category: 'Outage' }, 'email', 'high');
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

  private topic(from: string, to: string): Topic {
    return this.rng.pick(REQUEST_TOPICS[`${from}>${to}`] ?? REQUEST_TOPICS[`*>${to}`] ?? [{ subject: 'Quick question', category: OTHER_CATEGORY }]);
  }

  /** Delay in the assignee's working minutes before the first answer, or null for none. */
  private replyDelayMinutes(): number | null {
    const r = this.rng.next();
    if (r < 0.45) return this.rng.int(3, 60);
    if (r < 0.75) return this.rng.int(60, 230);
    if (r < 0.9) return this.rng.int(250, 1200);
    return null;
  }

  /** One of a person's aliases (not the primary address), if they have one. */
  private aliasOf(user: DemoUser): MailAddress | null {
    const aliases = smtpAddressesOf(user).slice(1).filter((a) => !a.endsWith(`@${INITIAL_DOMAIN}`));
    const all = aliases.length > 0 ? aliases : smtpAddressesOf(user).slice(1);
    const address = all.length > 0 ? this.untidy.pick(all) : null;
    return address ? { name: user.displayName, address } : null;
  }

  /** A colleague of the assignee to write an aside to: their manager, or someone else in their department. */
  private asideTo(assignee: DemoUser, requester: DemoUser): DemoUser | undefined {
    const boss = assignee.managerId ? this.org.userById(assignee.managerId) : undefined;
    if (boss && boss.index !== requester.index) return boss;
    return this.org.users.find((u) => u.userType === 'Member' && u.department === assignee.department && u.index !== assignee.index && u.index !== requester.index);
  }

  private request(requester: DemoUser, assignee: DemoUser, atMs: number, topic: Topic, source: 'email' | 'chat', importance: 'normal' | 'high' = 'normal'): void {
    const { org, rng, words, untidy } = this;
    const subject = topic.subject;
    const pattern = this.patternAt(assignee, atMs);
    const out = assignee.outOfOffice.find((o) => atMs >= o.startMs && atMs < o.endMs);
    const delay = this.replyDelayMinutes();
    const replyAt = delay === null ? null : addWorkingMinutes(pattern, out ? out.endMs : atMs, delay);
    const tracked = atMs > this.nowMs - 30 * DAY_MS && rng.chance(0.5) ? { category: topic.category, priority: importance === 'high' ? 'high' as const : rng.pick(['normal', 'normal', 'low', 'high'] as const) } : undefined;
    if (source === 'chat') {
      this.chatRequest(requester, assignee, atMs, subject, replyAt, tracked);
      return;
    }
    const manager = requester.managerId ? org.userById(requester.managerId) : undefined;
    const cc: MailAddress[] = manager && manager.index !== assignee.index && rng.chance(0.3) ? [org.addressOf(manager)] : [];
    const conversationId = org.newConversationId();
    const body = words.pick(REQUEST_BODIES)(assignee.givenName, subject.toLowerCase().replace(/[?.!]+$/, ''), requester.givenName);
    // Untidy addressing: the request sent from one of the requester's aliases, or to one of the assignee's.
    const requesterFrom = (untidy.chance(0.25) ? this.aliasOf(requester) : null) ?? org.addressOf(requester);
    const assigneeTo = (untidy.chance(0.2) ? this.aliasOf(assignee) : null) ?? org.addressOf(assignee);
    const mail = this.mail(requester, [assigneeTo], cc, subject, body, atMs, 'request', conversationId, importance, [], { from: requesterFrom });
    this.at(atMs, () => {
      const { inboxCopies } = org.deliver(mail);
      const copy = inboxCopies.find((c) => c.ownerIndex === assignee.index);
      if (!copy) return;
      const mark = org.markRequest({ source: 'email', requesterIndex: requester.index, assigneeIndex: assignee.index, messageNumber: copy.number, ...(tracked ? { tracked: { ...tracked } } : {}) });
      if (replyAt !== null && mark.tracked && replyAt < this.nowMs - 2 * DAY_MS && rng.chance(0.93)) mark.tracked = { ...mark.tracked, resolvedMs: replyAt + rng.int(10, 600) * MINUTE_MS };
    });
    if (out) {
      // Exchange answers for the away assignee (its out-of-office form; no copy in their Sent Items).
      const autoAt = atMs + 60_000;
      this.at(autoAt, () => org.deliver(this.mail(assignee, [requesterFrom], [], `Automatic reply: ${subject}`, `I am out of the office until ${new Date(out.endMs).toDateString()}.`, autoAt, 'autoReply', conversationId, 'normal',
        exchangeOutOfOfficeHeaders(assignee.mail), { keepSentCopy: false, cases: ['exchangeOutOfOffice'] })));
    } else if (assignee.index === this.autoAcknowledger) {
      // An add-in acknowledges every request from this mailbox (RFC 3834's Auto-Submitted; kept in Sent Items).
      const ackAt = atMs + 2 * 60_000;
      this.at(ackAt, () => org.deliver(this.mail(assignee, [requesterFrom], [], `[Request received] ${subject}`, 'Thanks — your request has been received and will be handled in turn.', ackAt, 'autoReply', conversationId, 'normal',
        [{ name: 'Auto-Submitted', value: 'auto-replied' }, { name: 'X-Auto-Response-Suppress', value: 'All' }], { cases: ['autoSubmittedReply'] })));
    }
    // A chaser in the same thread when no answer came within a working day: part of the same request, not a new one.
    const chaseAt = addWorkingMinutes(pattern, atMs, words.int(480, 960));
    if ((replyAt === null || replyAt > chaseAt) && words.chance(0.4)) {
      this.at(chaseAt, () => org.deliver(this.mail(requester, [assigneeTo], [], `RE: ${subject}`, words.pick(CHASER_LINES), chaseAt, 'chaser', conversationId, 'normal', [], { from: requesterFrom })));
    }
    if (!out) this.beforeAnswer(requester, assignee, atMs, replyAt, subject, conversationId, requesterFrom);
    if (replyAt === null) return;
    if (rng.chance(0.12) && assignee.managerId) {
      const boss = org.userById(assignee.managerId);
      const fwdAt = Math.max(atMs + MINUTE_MS, replyAt - rng.int(2, 30) * MINUTE_MS);
      if (boss && boss.index !== requester.index) this.at(fwdAt, () => org.deliver(this.mail(assignee, [org.addressOf(boss)], [], `FW: ${subject}`, 'FYI — handling this.', fwdAt, 'forward', conversationId)));
    }
    const replyAll = cc.length > 0 && rng.chance(0.6);
    const form = this.answerForm(requester, requesterFrom, replyAll ? cc : [], subject);
    // Outlook and many clients put X-Auto-Response-Suppress on human mail ("don't auto-reply to me"): a third of the
    // replies carry it, chosen by time so the random streams (who asks whom, when) stay as they were.
    const suppress: SentMail['headers'] = Math.floor(replyAt / 60_000) % 3 === 0 ? [{ name: 'X-Auto-Response-Suppress', value: 'All' }] : [];
    this.at(replyAt, () => {
      const { sentCopy } = org.deliver(this.mail(assignee, form.to, form.cc, form.subject, rng.pick(REPLY_LINES), replyAt, replyAll ? 'replyAll' : 'reply', conversationId, 'normal', suppress, { cases: form.cases }));
      const move = form.move;
      if (sentCopy && move) this.at(replyAt + move.afterMs, () => org.moveMessage(sentCopy, move.folder, replyAt + move.afterMs));
    });
    if (rng.chance(0.3)) {
      const thanksAt = replyAt + rng.int(5, 120) * MINUTE_MS;
      this.at(thanksAt, () => org.deliver(this.mail(requester, [assigneeTo], [], `RE: ${subject}`, words.pick(THANKS_LINES), thanksAt, 'thanks', conversationId, 'normal', [], { from: requesterFrom })));
    } else if (words.chance(0.15)) {
      this.followUp(requester, assignee, subject, conversationId, replyAt + words.int(10, 240) * MINUTE_MS, requesterFrom, assigneeTo);
    }
  }

  /**
   * What may happen in the thread before the answer (or instead of one): an aside to a colleague that leaves the
   * requester out, a draft never sent, and — for requests never answered — a forward to someone else.
   */
  private beforeAnswer(requester: DemoUser, assignee: DemoUser, atMs: number, replyAt: number | null, subject: string, conversationId: string, requesterFrom: MailAddress): void {
    const { org, untidy } = this;
    const window = replyAt === null ? 8 * 60 : Math.floor((replyAt - atMs) / MINUTE_MS) - 1;
    const before = (): number => atMs + untidy.int(1, Math.max(1, window)) * MINUTE_MS;
    if (window < 2) return;
    if (untidy.chance(replyAt === null ? 0.25 : 0.06)) {
      const colleague = this.asideTo(assignee, requester);
      const t = before();
      if (colleague) this.at(t, () => org.deliver(this.mail(assignee, [org.addressOf(colleague)], [], `RE: ${subject}`, untidy.pick(ASIDE_LINES), t, 'reply', conversationId)));
    }
    if (untidy.chance(replyAt === null ? 0.1 : 0.05)) {
      const t = before();
      this.at(t, () => org.saveDraft(this.mail(assignee, [requesterFrom], [], `RE: ${subject}`, 'Hi, I will look into', t, 'reply', conversationId)));
    }
    if (replyAt === null && untidy.chance(0.25)) {
      const payroll = org.users.find((u) => u.userType === 'Member' && u.department === 'Payroll' && u.index !== assignee.index && u.index !== requester.index);
      const boss = assignee.managerId ? org.userById(assignee.managerId) : undefined;
      const to = boss && boss.index !== requester.index && untidy.chance(0.5) ? boss : payroll;
      const t = before();
      if (to) this.at(t, () => org.deliver(this.mail(assignee, [org.addressOf(to)], [], `FW: ${subject}`, 'Could you take this one?', t, 'forward', conversationId)));
    }
  }

  /** How the answer is addressed and worded: to the address the request came from (or an alias), with cases. */
  private answerForm(requester: DemoUser, requesterFrom: MailAddress, cc: MailAddress[], subject: string): AnswerForm {
    const { untidy } = this;
    const cases: UntidyCase[] = [];
    let to: MailAddress[] = [requesterFrom];
    let copies = cc;
    if (requesterFrom.address === requester.mail && untidy.chance(0.1)) {
      // Picked from autocomplete: one of the requester's aliases.
      to = [this.aliasOf(requester) ?? requesterFrom];
    }
    if (cc.length > 0 && untidy.chance(0.35)) {
      // Answered to the manager, the requester in Cc.
      to = cc;
      copies = [requesterFrom];
    }
    let answerSubject = `RE: ${subject}`;
    if (untidy.chance(0.1)) {
      answerSubject = `${untidy.pick(['Done', 'Update', 'Sorted'])}: ${subject}`;
      cases.push('editedSubject');
    }
    const move = untidy.chance(0.15) ? { afterMs: untidy.int(2, 12) * DAY_MS + untidy.int(0, 600) * MINUTE_MS, folder: untidy.chance(0.6) ? 'archive' as const : 'deleteditems' as const } : null;
    return { to, cc: copies, subject: answerSubject, cases, move };
  }

  /**
   * A request in the 1:1 chat of the two: answered by the assignee's message (sometimes deleted days later), by a call
   * only (a system event, not an answer), or after a call; or not at all.
   */
  private chatRequest(requester: DemoUser, assignee: DemoUser, atMs: number, subject: string, replyAt: number | null, tracked: RequestMark['tracked']): void {
    const { org, rng, untidy } = this;
    const chat = this.chatFor(requester, assignee, atMs);
    this.at(atMs, () => {
      const message = org.postChatMessage(chat, requester.index, `<p>${escapeHtml(subject)} — could you help?</p>`, atMs);
      const mark = org.markRequest({ source: 'chat', requesterIndex: requester.index, assigneeIndex: assignee.index, chatIndex: chat.index, chatMessageId: message.id, ...(tracked ? { tracked: { ...tracked } } : {}) });
      if (replyAt !== null && mark.tracked && replyAt < this.nowMs - 2 * DAY_MS && rng.chance(0.93)) mark.tracked = { ...mark.tracked, resolvedMs: replyAt + rng.int(10, 600) * MINUTE_MS };
    });
    if (replyAt === null) return;
    const r = untidy.next();
    const callOnly = r < 0.06;
    const callFirst = !callOnly && r < 0.11 && replyAt - atMs > 4 * MINUTE_MS;
    const deleteAfterMs = untidy.chance(0.08) ? untidy.int(1, 5) * DAY_MS + untidy.int(0, 300) * MINUTE_MS : null;
    if (callFirst) {
      const callAt = atMs + Math.floor((replyAt - atMs) / 2);
      this.at(callAt, () => org.postChatMessage(chat, null, '<systemEventMessage/>', callAt, 'systemEventMessage'));
    }
    this.at(replyAt, () => {
      const line = rng.pick(REPLY_LINES);
      if (callOnly) {
        org.postChatMessage(chat, null, '<systemEventMessage/>', replyAt, 'systemEventMessage');
        return;
      }
      const reply = org.postChatMessage(chat, assignee.index, `<p>${escapeHtml(line)}</p>`, replyAt);
      if (deleteAfterMs !== null) this.at(replyAt + deleteAfterMs, () => org.softDeleteChatMessage(chat, reply, replyAt + deleteAfterMs));
    });
  }

  /** A second ask in the request's thread, after the answer: a request of its own (marked), answered or not. */
  private followUp(requester: DemoUser, assignee: DemoUser, subject: string, conversationId: string, atMs: number, requesterFrom: MailAddress, assigneeTo: MailAddress): void {
    const { org, words } = this;
    const line = words.pick(FOLLOW_UP_LINES);
    const delay = words.chance(0.5) ? words.int(20, 600) : null;
    this.at(atMs, () => {
      const { inboxCopies } = org.deliver(this.mail(requester, [assigneeTo], [], `RE: ${subject}`, line, atMs, 'request', conversationId, 'normal', [], { from: requesterFrom }));
      const copy = inboxCopies.find((c) => c.ownerIndex === assignee.index);
      if (copy) org.markRequest({ source: 'email', requesterIndex: requester.index, assigneeIndex: assignee.index, messageNumber: copy.number }, ['secondAskInThread']);
    });
    if (delay === null) return;
    const replyAt = addWorkingMinutes(this.patternAt(assignee, atMs), atMs, delay);
    this.at(replyAt, () => org.deliver(this.mail(assignee, [requesterFrom], [], `RE: ${subject}`, words.pick(REPLY_LINES), replyAt, 'reply', conversationId)));
  }

  /** A department head's FYI to their department (information with request-like words; never a request). */
  private fyi(head: DemoUser, members: DemoUser[], atMs: number): void {
    const [subject, body] = this.words.pick(FYI_MAILS);
    const to = members.filter((m) => m.index !== head.index).map((m) => this.org.addressOf(m));
    if (to.length === 0) return;
    this.at(atMs, () => this.org.deliver(this.mail(head, to, [], subject, body, atMs, 'sent', this.org.newConversationId())));
  }

  /** A guest writes from their own organisation to a member (mail from outside; not a colleague), who answers. */
  private guestMail(guest: DemoUser, byDept: Map<string, number[]>, atMs: number): void {
    const { org, untidy } = this;
    if (!untidy.chance(0.6)) return;
    const pool = byDept.get(untidy.pick(['Engineering', 'Sales', 'IT'])) ?? [];
    const member = org.users[untidy.pick(pool.length > 0 ? pool : [0])];
    if (!member) return;
    const conversationId = org.newConversationId();
    const from = org.addressOf(guest);
    this.at(atMs, () => org.deliver({
      conversationId, internetMessageId: org.newInternetMessageId(atMs, from), subject: 'Could you send me the latest spec?', bodyText: 'Hi, could you send me the latest spec before our call?',
      from, fromUserIndex: null, to: [org.addressOf(member)], cc: [], sentMs: atMs, kind: 'external', importance: 'normal', headers: [],
    }));
    const replyAt = atMs + untidy.int(20, 300) * MINUTE_MS;
    this.at(replyAt, () => org.deliver(this.mail(member, [from], [], 'RE: Could you send me the latest spec?', 'Attached.', replyAt, 'externalReply', conversationId)));
  }

  private mail(from: DemoUser, to: MailAddress[], cc: MailAddress[], subject: string, bodyText: string, sentMs: number, kind: SentMail['kind'], conversationId: string, importance: 'low' | 'normal' | 'high' = 'normal', headers: SentMail['headers'] = [], options: { from?: MailAddress; keepSentCopy?: boolean; cases?: UntidyCase[] } = {}): SentMail {
    const fromAddress = options.from ?? this.org.addressOf(from);
    return {
      conversationId, internetMessageId: this.org.newInternetMessageId(sentMs, fromAddress), subject, bodyText, from: fromAddress,
      fromUserIndex: from.index, to, cc, sentMs, kind, importance, headers,
      ...(options.keepSentCopy === false ? { keepSentCopy: false } : {}),
      ...(options.cases && options.cases.length > 0 ? { scriptCases: options.cases } : {}),
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
    const recipients = this.org.users.filter((u) => u.userType === 'Member').map((u) => this.org.addressOf(u));
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
    const replyAt = addWorkingMinutes(this.patternAt(salesPerson, atMs), atMs, this.rng.int(20, 300));
    this.at(replyAt, () => this.org.deliver(this.mail(salesPerson, [customer], [], 'RE: Quote request', 'Quote attached.', replyAt, 'externalReply', conversationId)));
  }
}

function monthName(day: number): string {
  return new Date(day * DAY_MS).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
