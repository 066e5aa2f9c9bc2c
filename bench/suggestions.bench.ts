/**
 * `npm run bench -- suggestions`: how well suggestions pick requests out of the demo organisation's mail, measured
 * against what the demo generator scripted as requests (its ground truth, `org.requestMarks`, recorded as it writes
 * each request — never by re-running the rule).
 *
 * Every person of the default demo organisation (40 people × 90 days, seeds 42 — the demo's —, 7 and 1234, pooled;
 * `--quick`: seed 42, 20 × 30) is synced once through the
 * real path — dev tenant over HTTPS, the Graph client, the sync use case, SQLite — and their stored suggestions are
 * compared with the scripted requests a suggestion should find: email requests To them received in the suggestion
 * window (14 days) that they had not answered by now (nothing is tracked here). Chat requests are not counted:
 * suggestions come from mail; chats have "Track a chat".
 * - precision = suggestions that are scripted requests ÷ suggestions, target ≥ 0.8;
 * - recall = scripted requests suggested ÷ scripted requests to find, target ≥ 0.6.
 * Beside them, for comparison, the same mail judged by request cues alone (the rule before replies, thank-yous,
 * acknowledgements, FYIs and answered messages were ruled out), and what the false positives and misses were.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncService } from '../src/app/sync/sync-service';
import { SUGGESTION_WINDOW_DAYS } from '../src/app/suggestions/mail-suggestions';
import { findRequestCues } from '../src/domain/request-cues';
import type { MailboxMessage } from '../src/devtenant/demo-organization';
import { startDevTenant } from '../src/devtenant/dev-tenant';
import { graphAccessTokensFor } from '../src/graph/graph-access-tokens';
import { GraphChatSource } from '../src/graph/graph-chat-source';
import { GraphClientPool } from '../src/graph/graph-client-pool';
import { GraphDirectorySource } from '../src/graph/graph-directory-source';
import { GraphMailSource } from '../src/graph/graph-mail-source';
import { demoCredentials } from '../src/server/server-services';
import { openStores } from '../src/store/open-stores';
import type { BenchOptions, BenchResult } from './run';

const DAY_MS = 86_400_000;

/** What kind of mail a message is, in the generator's words ("reply", "thanks", "sent" for FYIs…), for the notes. */
function kindOf(m: MailboxMessage): string {
  return m.mail.kind === 'sent' ? 'fyi/other' : m.mail.kind;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : Math.round((numerator / denominator) * 1000) / 1000;
}

function tally(items: string[]): string {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
}

/** What one demo organisation gave. */
interface SeedRun {
  seed: number;
  toFind: number;
  suggested: number;
  truePositives: number;
  cueOnly: number;
  cueOnlyHits: number;
  threadReads: number;
  syncSeconds: number;
  falsePositiveKinds: string[];
  missedWording: string[];
  scriptedButAnswered: number;
}

export async function run(options: BenchOptions): Promise<BenchResult> {
  const people = options.quick ? 20 : 40;
  const days = options.quick ? 30 : 90;
  const seeds = options.quick ? [42] : [42, 7, 1234];
  const runs: SeedRun[] = [];
  for (const seed of seeds) runs.push(await measure(seed, people, days));
  const sum = (f: (r: SeedRun) => number) => runs.reduce((s, r) => s + f(r), 0);
  const toFind = sum((r) => r.toFind);
  const suggested = sum((r) => r.suggested);
  const truePositives = sum((r) => r.truePositives);
  const precision = ratio(truePositives, suggested);
  const recall = ratio(truePositives, toFind);
  const scriptedButAnswered = sum((r) => r.scriptedButAnswered);
  return {
    title: `Suggestions: precision and recall against the demo generator's scripted requests (${people} people × ${days} days, seed${seeds.length > 1 ? 's' : ''} ${seeds.join(', ')}, ${SUGGESTION_WINDOW_DAYS}-day window)`,
    figures: [
      { name: 'scripted email requests to find (in the window, unanswered)', value: toFind, unit: 'requests' },
      { name: 'suggestions made', value: suggested, unit: 'suggestions' },
      { name: 'precision (suggestions that are scripted requests)', value: precision, unit: '', target: '≥ 0.8', met: precision >= 0.8 },
      { name: 'recall (scripted requests suggested)', value: recall, unit: '', target: '≥ 0.6', met: recall >= 0.6 },
      { name: 'for comparison: request cues alone, precision', value: ratio(sum((r) => r.cueOnlyHits), sum((r) => r.cueOnly)), unit: '' },
      { name: 'for comparison: request cues alone, recall', value: ratio(sum((r) => r.cueOnlyHits), toFind), unit: '' },
      { name: 'conversations read from Sent Items for the rule (first syncs, all seeds)', value: sum((r) => r.threadReads), unit: 'Graph requests' },
      { name: 'first sync of every person (wall time, all seeds)', value: Math.round(sum((r) => r.syncSeconds) * 10) / 10, unit: 's' },
    ],
    notes: [
      ...runs.map((r) => `seed ${r.seed}: ${r.truePositives} of ${r.suggested} suggestions are scripted requests, ${r.truePositives} of ${r.toFind} scripted requests suggested`),
      `false positives by kind of mail: ${tally(runs.flatMap((r) => r.falsePositiveKinds))}${scriptedButAnswered > 0 ? ` (${scriptedButAnswered} of them scripted requests the person had answered)` : ''}`,
      `missed scripted requests, how they were worded: ${tally(runs.flatMap((r) => r.missedWording))}`,
      'ground truth: org.requestMarks (the generator records each request as it writes it, including second asks in a thread); answered = a reply to the requester in the mailbox before now (org.groundTruth()); nothing tracked',
      'cues alone: every colleague message To the person in the window whose subject or preview has a request cue, judged without the rule',
    ],
  };
}

async function measure(seed: number, people: number, days: number): Promise<SeedRun> {
  const now = new Date('2025-03-14T16:00:00Z');
  const tenant = await startDevTenant({ seed, people, days, now });
  const dir = mkdtempSync(join(tmpdir(), 'turnaround-bench-suggestions-'));
  const stores = await openStores(`sqlite:${join(dir, 'bench.db')}`);
  const tokens = graphAccessTokensFor(demoCredentials(tenant), 'application', () => tenant.clock.nowMs());
  const pool = new GraphClientPool({ baseUrl: tenant.graphBaseUrl, caPem: tenant.certificatePem, tokens });
  const mail = new GraphMailSource(pool);
  const sync = new SyncService({
    stores, mail, chats: new GraphChatSource(pool), directory: new GraphDirectorySource(pool), clock: { now: () => tenant.clock.now() }, owner: 'bench',
  });
  const org = tenant.org;
  try {
    // ---- the ground truth: scripted email requests each person should be offered ----
    const nowMs = tenant.clock.nowMs();
    const since = nowMs - SUGGESTION_WINDOW_DAYS * DAY_MS;
    const answered = new Set(org.groundTruth().filter((t) => t.source === 'email' && t.firstResponseAt !== null && t.firstResponseAt.getTime() <= nowMs).map((t) => t.messageId));
    const scripted = new Set<string>();
    const toFind = new Map<string, string>(); // message id → person id
    for (const mark of org.requestMarks) {
      if (mark.source !== 'email' || mark.messageNumber === undefined) continue;
      const id = org.ids.messageId(mark.messageNumber);
      scripted.add(id);
      const m = org.messages[mark.messageNumber];
      const person = org.users[mark.assigneeIndex];
      if (m && person && m.mail.sentMs >= since && m.mail.sentMs <= nowMs && !answered.has(id)) toFind.set(id, person.id);
    }

    // ---- the rule, through the real sync ----
    tenant.counters.reset();
    const started = process.hrtime.bigint();
    for (const u of org.users) await sync.syncPerson({ tenantId: org.tenantId, userId: u.id });
    const syncSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const threadReads = tenant.counters.get('GET /users/{id}/messages');
    const suggested: { id: string; personId: string }[] = [];
    for (const u of org.users) {
      for (const s of await stores.suggestions.list(org.tenantId, u.id, { limit: 10_000 })) if (s.source === 'email') suggested.push({ id: s.sourceMessageId, personId: u.id });
    }
    const truePositives = suggested.filter((s) => toFind.get(s.id) === s.personId);
    const falsePositives = suggested.filter((s) => toFind.get(s.id) !== s.personId);
    const suggestedIds = new Set(suggested.map((s) => s.id));
    const missed = [...toFind.keys()].filter((id) => !suggestedIds.has(id));

    // ---- for comparison: request cues alone over the same Inboxes (colleagues, To the person, in the window) ----
    let cueOnly = 0;
    let cueOnlyHits = 0;
    for (const u of org.users) {
      for (const m of org.folder(u.index, 'inbox')) {
        if (m.deleted || m.mail.sentMs < since || m.mail.sentMs > nowMs || m.mail.fromUserIndex === null || m.mail.fromUserIndex === u.index) continue;
        if (m.mail.kind === 'autoReply' || !m.mail.to.some((t) => t.address === u.mail)) continue;
        if (findRequestCues(m.mail.subject, m.mail.bodyText.slice(0, 255)).length === 0) continue;
        cueOnly++;
        if (toFind.get(org.ids.messageId(m.number)) === u.id) cueOnlyHits++;
      }
    }

    const messageOf = (id: string) => org.messageById(id) as MailboxMessage;
    return {
      seed, toFind: toFind.size, suggested: suggested.length, truePositives: truePositives.length, cueOnly, cueOnlyHits, threadReads, syncSeconds,
      falsePositiveKinds: falsePositives.map((s) => kindOf(messageOf(s.id))),
      missedWording: missed.map((id) => (findRequestCues(messageOf(id).mail.subject, messageOf(id).mail.bodyText).length === 0 ? 'no request cue' : 'has cues')),
      scriptedButAnswered: falsePositives.filter((s) => scripted.has(s.id)).length,
    };
  } finally {
    await pool.close();
    await stores.close();
    await tenant.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
