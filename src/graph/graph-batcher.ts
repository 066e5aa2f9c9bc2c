import type { Client } from '@microsoft/microsoft-graph-client';
import { DEFAULT_BACKOFF, RETRYABLE_STATUSES, retryDelayMs, sleepMs, type BackoffPolicy } from './retry-after';

/** Graph's limit of requests in one JSON batch. */
export const MAX_BATCH_SIZE = 20;

/** One request to put in a `$batch`: a GET (or other method) on a path relative to the version root. */
export interface BatchItem {
  id: string;
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative URL such as `/users/{id}/messages/{id}?$select=subject`. */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface BatchItemResult {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Splits items into packs of at most `size` (Graph: 20). */
export function packBatches<T>(items: readonly T[], size: number = MAX_BATCH_SIZE): T[][] {
  if (!Number.isInteger(size) || size < 1 || size > MAX_BATCH_SIZE) throw new RangeError(`batch size must be 1..${MAX_BATCH_SIZE}`);
  const packs: T[][] = [];
  for (let i = 0; i < items.length; i += size) packs.push(items.slice(i, i + size));
  return packs;
}

interface BatchResponseBody {
  responses?: { id: string; status: number; headers?: Record<string, string>; body?: unknown }[];
}

export interface GraphBatcherOptions {
  backoff?: Partial<BackoffPolicy>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Packs sent at once (each pack is one HTTP request; the mailbox limiter bounds the rest). Default 2. */
  parallelPacks?: number;
  /** Items per pack (≤ 20). */
  packSize?: number;
}

/**
 * Runs many Graph requests as `$batch` packs of ≤ 20 and returns one result per item. Items answered 429/503/504
 * inside a batch (which the Graph client's middleware cannot see) are re-submitted — only those — after the longest
 * Retry-After among them, with bounded attempts; their last answer is returned if they never succeed.
 */
export class GraphBatcher {
  private readonly backoff: BackoffPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly client: Client, private readonly options: GraphBatcherOptions = {}) {
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.sleep = options.sleep ?? sleepMs;
    this.now = options.now ?? (() => Date.now());
  }

  async run(items: readonly BatchItem[]): Promise<Map<string, BatchItemResult>> {
    const results = new Map<string, BatchItemResult>();
    const packs = packBatches(items, this.options.packSize ?? MAX_BATCH_SIZE);
    const parallel = Math.max(1, this.options.parallelPacks ?? 2);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < packs.length) {
        const pack = packs[next++];
        if (pack) for (const r of await this.runPack(pack)) results.set(r.id, r);
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, packs.length) }, worker));
    return results;
  }

  private async runPack(pack: BatchItem[]): Promise<BatchItemResult[]> {
    const done: BatchItemResult[] = [];
    let pending = pack;
    for (let attempt = 0; pending.length > 0; attempt++) {
      const body = (await this.client.api('/$batch').post({
        requests: pending.map((i) => ({
          id: i.id, method: i.method ?? 'GET', url: i.url,
          ...(i.body !== undefined ? { body: i.body, headers: { 'Content-Type': 'application/json', ...i.headers } } : i.headers ? { headers: i.headers } : {}),
        })),
      })) as BatchResponseBody;
      const byId = new Map((body.responses ?? []).map((r) => [r.id, r]));
      const retry: BatchItem[] = [];
      let waitMs = 0;
      for (const item of pending) {
        const r = byId.get(item.id);
        const result: BatchItemResult = r
          ? { id: item.id, status: r.status, headers: lowerKeys(r.headers ?? {}), body: r.body ?? null }
          : { id: item.id, status: 500, headers: {}, body: null };
        if (RETRYABLE_STATUSES.has(result.status) && attempt < this.backoff.maxRetries) {
          retry.push(item);
          waitMs = Math.max(waitMs, retryDelayMs(result.headers['retry-after'], attempt + 1, this.backoff, this.now()));
        } else {
          done.push(result);
        }
      }
      pending = retry;
      if (pending.length > 0) await this.sleep(waitMs);
    }
    return done;
  }
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
