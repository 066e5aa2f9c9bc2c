/**
 * Dev tenant benchmarks: demo organisation generation (default size, target < 3 s; 5,000 people × 90 days, time and
 * memory), dev tenant start-up, and Graph simulator throughput over HTTPS with the request counters.
 * `npm run bench -- devtenant` (add `--quick` for 1,000 people instead of 5,000).
 */
import https from 'node:https';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { BenchOptions, BenchResult } from './run';
import { generateDemoOrganization } from '../src/devtenant/demo-org-generator';
import { startDevTenant } from '../src/devtenant/dev-tenant';

const NOW = new Date('2025-03-20T12:00:00Z');

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}

function get(agent: https.Agent, url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

export async function run(options: BenchOptions): Promise<BenchResult> {
  const figures: BenchResult['figures'] = [];
  const notes: string[] = [];

  // Default organisation: median of 5 generations.
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    generateDemoOrganization({ seed: 42 + i, now: NOW });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const median = times[2] ?? 0;
  figures.push({ name: 'generate default organisation (40 people × 90 days), median of 5', value: Math.round(median), unit: 'ms', target: '< 3000 ms', met: median < 3000 });

  const t0 = performance.now();
  const tenant = await startDevTenant({ seed: 42, now: NOW });
  figures.push({ name: 'startDevTenant default (organisation + RSA keys + certificate + HTTPS listen)', value: Math.round(performance.now() - t0), unit: 'ms' });

  // Throughput: 8 users × 250 list requests, 8 in flight (one per mailbox, under the 4-per-mailbox limit).
  const users = tenant.org.users.slice(0, 8);
  const tokens = await Promise.all(users.map((u) => tenant.idp.issueToken({ username: u.userPrincipalName, audience: 'https://graph.microsoft.com' })));
  const agent = new https.Agent({ keepAlive: true, ca: tenant.certificatePem, maxSockets: 16 });
  const perUser = options.quick ? 60 : 250;
  tenant.counters.reset();
  const t1 = performance.now();
  const statuses = await Promise.all(tokens.map(async (token, u) => {
    const out: number[] = [];
    const mailbox = `${tenant.graphBaseUrl}users/${users[u]?.id ?? ''}`;
    for (let i = 0; i < perUser; i++) out.push(await get(agent, `${mailbox}/mailFolders/inbox/messages?$top=50&$select=subject,receivedDateTime,conversationId,from`, token));
    return out;
  }));
  const seconds = (performance.now() - t1) / 1000;
  const total = statuses.flat().length;
  figures.push({ name: 'simulator throughput: GET inbox page of 50 over HTTPS (8 mailboxes in parallel)', value: Math.round(total / seconds), unit: 'req/s' });
  figures.push({ name: 'requests counted by the simulator', value: tenant.counters.get('GET /users/{id}/mailFolders/{id}/messages'), unit: 'requests', target: `${total}`, met: tenant.counters.get('GET /users/{id}/mailFolders/{id}/messages') === total });
  notes.push(`statuses: ${[...new Set(statuses.flat())].join(', ')}`);
  agent.destroy();
  await tenant.stop();

  // Large organisation.
  const people = options.quick ? 1000 : 5000;
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const t2 = performance.now();
  const big = generateDemoOrganization({ seed: 7, people, days: 90, now: NOW });
  const genMs = performance.now() - t2;
  collectGarbage();
  const mem = process.memoryUsage();
  figures.push({ name: `generate ${people.toLocaleString('en-US')} people × 90 days`, value: Math.round(genMs), unit: 'ms' });
  figures.push({ name: `heap held by the ${people.toLocaleString('en-US')}-person organisation (after GC)`, value: Math.round((mem.heapUsed - heapBefore) / 2 ** 20), unit: 'MiB' });
  figures.push({ name: 'process RSS after generation', value: Math.round(mem.rss / 2 ** 20), unit: 'MiB' });
  figures.push({ name: 'mailbox messages (copies) generated', value: big.messages.length, unit: 'messages' });
  figures.push({ name: 'chats generated', value: big.chats.length, unit: 'chats' });
  const t3 = performance.now();
  const truth = big.groundTruth();
  figures.push({ name: `groundTruth() over ${truth.length.toLocaleString('en-US')} requests`, value: Math.round(performance.now() - t3), unit: 'ms' });
  return { title: 'Dev tenant: demo organisation and Graph simulator', figures, notes };
}
