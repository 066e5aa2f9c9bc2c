/**
 * POST /api/requests for a message in a Teams channel thread (issue 21; what the track dialog posts for one): the
 * channel's id as `chatId`, its team's Graph id and the thread. The message is read back from the dev tenant's Graph
 * (real server, real token validation, real SQLite); a body that mixes the fields up is a problem+json 400 with a
 * stable code, and a team or thread that is not the message's tracks nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { RequestView } from '../../../src/contracts/api';
import type { GroundTruthRequest } from '../../../src/devtenant/demo-organization';
import { buildServer } from '../../../src/server/build-server';
import { loadConfig } from '../../../src/server/config';
import { startDevTenant, type LocalDevTenant } from '../../../src/devtenant/dev-tenant';

let app: FastifyInstance;
let devTenant: LocalDevTenant;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'turnaround-channel-api-'));
  devTenant = await startDevTenant({ seed: 7, people: 30, days: 30 });
  const config = loadConfig({ LOG_LEVEL: 'silent', SCHEDULER: 'off', DATABASE_URL: `sqlite:${join(dir, 'test.db')}`, DEMO_SEED_REQUESTS: 'off' });
  app = await buildServer(config, { devTenant });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await devTenant?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function track(t: GroundTruthRequest, body: Record<string, unknown>): Promise<{ status: number; body: RequestView & { code?: string }; type: string }> {
  const token = await devTenant.idp.issueToken({ username: devTenant.org.userById(t.assigneeId)?.userPrincipalName ?? '' });
  const r = await app.inject({ method: 'POST', url: '/api/requests', headers: { authorization: `Bearer ${token}` }, payload: body });
  return { status: r.statusCode, body: r.json(), type: String(r.headers['content-type']) };
}

const channelTruth = (pick: (g: GroundTruthRequest) => boolean): GroundTruthRequest => devTenant.org.groundTruth().find((g) => g.source === 'channel' && pick(g)) as GroundTruthRequest;

describe('POST /api/requests for a channel message', () => {
  it('tracks it for the channel\'s team, with the first response the assignee\'s reply in the thread', async () => {
    const t = channelTruth((g) => g.firstResponseAt !== null && g.cases.includes('replyInAnotherThread'));
    const res = await track(t, { source: 'chat', chatId: t.channelId, teamId: t.teamId, threadId: t.threadId, messageId: t.messageId });
    expect(res.status).toBe(201);
    expect(Date.parse(res.body.firstResponseAt ?? '')).toBe(Math.floor((t.firstResponseAt?.getTime() ?? 0) / 1000) * 1000);
    const stored = await app.services.stores.requests.findBySourceMessage(devTenant.org.tenantId, 'chat', t.messageId, t.assigneeId);
    expect(stored).toEqual(expect.objectContaining({ chatId: t.channelId, threadId: t.threadId, teamId: t.teamId, firstResponseMessageId: t.firstResponseMessageId }));
  });

  it('answers a mixed-up body with problem+json 400 and a stable code, and a wrong team with message_not_found; nothing tracked', async () => {
    const t = channelTruth((g) => g.firstResponseAt === null);
    const bad = [
      { source: 'email', teamId: t.teamId, messageId: t.messageId },
      { source: 'chat', chatId: t.channelId, threadId: t.threadId, messageId: t.messageId },
      { source: 'chat', chatId: t.channelId, teamId: 'not a graph id!', messageId: t.messageId },
    ];
    for (const body of bad) {
      const res = await track(t, body);
      expect(res.status).toBe(400);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.code).toBe('validation_failed');
    }
    const otherTeam = devTenant.org.teams.find((x) => x.id !== t.teamId && x.members.some((m) => devTenant.org.users[m.userIndex]?.id === t.assigneeId))
      ?? devTenant.org.teams.find((x) => x.id !== t.teamId);
    const wrong = await track(t, { source: 'chat', chatId: t.channelId, teamId: otherTeam?.id, messageId: t.messageId });
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    expect(wrong.status).toBeLessThan(500);
    expect(wrong.type).toContain('application/problem+json');
    expect(['message_not_found', 'graph_forbidden']).toContain(wrong.body.code);
    expect(await app.services.stores.requests.findBySourceMessage(devTenant.org.tenantId, 'chat', t.messageId, t.assigneeId)).toBeNull();
  });
});
