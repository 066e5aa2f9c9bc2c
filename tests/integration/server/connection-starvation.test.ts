/**
 * Why the server paces API requests per event-loop turn (src/server/loop-turn-pacer.ts): Node accepts one new
 * connection per turn, and an unpaced turn runs every request already waiting on the open connections. Here 40
 * keep-alive clients keep a 4 ms handler busy; a newcomer then asks for /healthz on a fresh connection. We count how
 * many busy requests were answered while it waited — a count, not a time, so the machine's speed does not matter.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { LoopTurnPacer } from '../../../src/server/loop-turn-pacer';

const CLIENTS = 40;

async function serverWith(pacer: LoopTurnPacer | null): Promise<{ app: FastifyInstance; port: number; answered: () => number }> {
  const app = Fastify();
  let answered = 0;
  if (pacer !== null) {
    app.addHook('onRequest', async (request) => {
      if (request.url.startsWith('/api/')) await pacer.admit();
    });
  }
  app.get('/api/busy', async () => {
    const until = process.hrtime.bigint() + 4_000_000n;
    while (process.hrtime.bigint() < until);
    answered += 1;
    return { ok: true };
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, port: (app.server.address() as AddressInfo).port, answered: () => answered };
}

function get(port: number, path: string, agent: http.Agent | false): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

/** Busy requests answered between a newcomer's connect and its /healthz answer, with CLIENTS keeping the server busy. */
async function answeredWhileNewcomerWaits(pacer: LoopTurnPacer | null): Promise<number> {
  const server = await serverWith(pacer);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  let running = true;
  const clients = Array.from({ length: CLIENTS }, async () => {
    while (running) await get(server.port, '/api/busy', agent);
  });
  try {
    while (server.answered() < 3 * CLIENTS) await new Promise((resolve) => setTimeout(resolve, 5));
    const before = server.answered();
    expect(await get(server.port, '/healthz', false)).toBe(200);
    return server.answered() - before;
  } finally {
    running = false;
    await Promise.all(clients);
    agent.destroy();
    await server.app.close();
  }
}

describe('a newcomer under load', () => {
  it('is accepted and answered within a few paced requests, where an unpaced server first runs every waiting request', async () => {
    const paced = await answeredWhileNewcomerWaits(new LoopTurnPacer(1));
    const unpaced = await answeredWhileNewcomerWaits(null);
    // Paced: a turn runs one request; connecting, accepting and reading the newcomer take a handful of turns (the
    // clients share this process's loop) — far fewer than one request per waiting client.
    expect(paced).toBeLessThan(CLIENTS / 2);
    // Unpaced: each of those turns runs the request waiting on every busy connection.
    expect(unpaced).toBeGreaterThanOrEqual(CLIENTS);
  }, 60_000);
});
