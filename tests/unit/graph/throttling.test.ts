// eslint-disable-next-line no-restricted-imports -- drives the real Graph client with a scripted HTTP handler at the seam
import { Client, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { GraphBatcher, packBatches } from '../../../src/graph/graph-batcher';
import { ConcurrencyLimiter, MailboxConcurrency } from '../../../src/graph/mailbox-concurrency';
import { retryDelayMs, DEFAULT_BACKOFF } from '../../../src/graph/retry-after';
import { ThrottlingHandler } from '../../../src/graph/throttling-handler';

/** The HTTP seam: answers each request with the next scripted answer, tracking how many are in flight. */
class ScriptedHttp implements Middleware {
  inFlight = 0;
  maxInFlight = 0;
  readonly seen: { url: string; body: unknown }[] = [];
  constructor(private readonly answer: (url: string, body: unknown, n: number) => Response, private readonly delayMs = 5) {}
  async execute(context: Context): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const url = String(context.request);
    const body = typeof context.options?.body === 'string' ? JSON.parse(context.options.body) : null;
    this.seen.push({ url, body });
    await new Promise((r) => setTimeout(r, this.delayMs));
    context.response = this.answer(url, body, this.seen.length);
    this.inFlight--;
  }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

function clientWith(http: ScriptedHttp, limiter: ConcurrencyLimiter, sleeps: number[]): Client {
  const handler = new ThrottlingHandler({ limiter, sleep: async (ms) => { sleeps.push(ms); }, backoff: { maxRetries: 3 } });
  return Client.initWithMiddleware({ middleware: [handler, http], baseUrl: 'https://graph.test/', customHosts: new Set(['graph.test']) });
}

describe('retryDelayMs', () => {
  it.each<[string, string | null, number, number]>([
    ['seconds', '2', 1, 2000],
    ['http date, 3 s ahead', new Date(Date.UTC(2024, 0, 1, 0, 0, 3)).toUTCString(), 1, 3000],
    ['no header: exponential from 500 ms (attempt 3 → 2000 ms)', null, 3, 2000],
    ['capped at 60 s', '3600', 1, 60_000],
  ])('%s', (_name, header, attempt, expected) => {
    expect(retryDelayMs(header, attempt, DEFAULT_BACKOFF, Date.UTC(2024, 0, 1))).toBe(expected);
  });
});

describe('ThrottlingHandler', () => {
  it('retries 429/503/504 honouring Retry-After, then returns the success', async () => {
    const statuses = [429, 503, 504, 200];
    const http = new ScriptedHttp((_u, _b, n) => (statuses[n - 1] === 200 ? json(200, { ok: true }) : json(statuses[n - 1] ?? 500, { error: { code: 'x' } }, { 'Retry-After': '2' })));
    const sleeps: number[] = [];
    const result = await clientWith(http, new ConcurrencyLimiter(4), sleeps).api('/users/u-1').get();
    expect(result).toEqual({ ok: true });
    expect(http.seen).toHaveLength(4);
    expect(sleeps).toEqual([2000, 2000, 2000]);
  });

  it('gives up after the bounded number of retries with Graph’s error', async () => {
    const http = new ScriptedHttp(() => json(503, { error: { code: 'serviceNotAvailable', message: 'busy' } }));
    const sleeps: number[] = [];
    await expect(clientWith(http, new ConcurrencyLimiter(4), sleeps).api('/users/u-1').get()).rejects.toMatchObject({ statusCode: 503 });
    expect(http.seen).toHaveLength(4);
  });

  it('never lets more than 4 requests of one mailbox run at once', async () => {
    const http = new ScriptedHttp(() => json(200, {}), 10);
    const limiter = new MailboxConcurrency().for('t|u1');
    const client = clientWith(http, limiter, []);
    await Promise.all(Array.from({ length: 25 }, () => client.api('/users/u-1').get()));
    expect(http.seen).toHaveLength(25);
    expect(http.maxInFlight).toBe(4);
    expect(limiter.maxSeen).toBe(4);
  });
});

describe('GraphBatcher', () => {
  it('packs at most 20 requests per batch', () => {
    expect(packBatches(Array.from({ length: 45 }, (_, i) => i)).map((p) => p.length)).toEqual([20, 20, 5]);
    expect(() => packBatches([1], 21)).toThrow(RangeError);
  });

  it('re-submits only the items answered 429/503 inside the batch, after their Retry-After', async () => {
    let round = 0;
    const http = new ScriptedHttp((_url, body) => {
      round++;
      const requests = (body as { requests: { id: string }[] }).requests;
      return json(200, {
        responses: requests.map((r) => {
          const n = Number(r.id);
          if (round === 1 && n % 5 === 0) return { id: r.id, status: 429, headers: { 'Retry-After': '3' }, body: { error: { code: 'TooManyRequests' } } };
          if (round === 1 && n === 7) return { id: r.id, status: 503, headers: {}, body: { error: { code: 'ServiceUnavailable' } } };
          if (n === 13) return { id: r.id, status: 404, headers: {}, body: { error: { code: 'ErrorItemNotFound' } } };
          return { id: r.id, status: 200, headers: {}, body: { value: n } };
        }),
      });
    });
    const sleeps: number[] = [];
    const client = Client.initWithMiddleware({ middleware: [new ThrottlingHandler({ limiter: new ConcurrencyLimiter(4) }), http], baseUrl: 'https://graph.test/', customHosts: new Set(['graph.test']) });
    const batcher = new GraphBatcher(client, { sleep: async (ms) => { sleeps.push(ms); }, parallelPacks: 1 });
    const items = Array.from({ length: 20 }, (_, i) => ({ id: String(i + 1), url: `/users/u-1/messages/${i + 1}` }));
    const results = await batcher.run(items);
    expect(results.size).toBe(20);
    expect(http.seen).toHaveLength(2);
    const resent = (http.seen[1]?.body as { requests: { id: string }[] }).requests.map((r) => r.id);
    expect(resent).toEqual(['5', '7', '10', '15', '20']);
    expect(sleeps).toEqual([3000]);
    expect(results.get('5')).toMatchObject({ status: 200, body: { value: 5 } });
    expect(results.get('13')?.status).toBe(404);
  });
});
