/**
 * Reads several paged Graph collections at once through `$batch`: each round sends one item per collection that still
 * has a page to read (its first URL, then its `@odata.nextLink`), until none has. Used for a person's chats' messages
 * and for tracked channel threads' replies — many small collections, where one request each would cost a round trip
 * apiece. A collection whose page Graph refuses (a chat or thread gone, no access) is left as read so far.
 */
import type { GraphBatcher, BatchItem } from './graph-batcher';
import type { GraphClientPool } from './graph-client-pool';
import type { GraphJson } from './graph-message-mapping';
import { toGraphSourceError } from './graph-source-error';

/** One page of a Graph collection. */
export interface GraphPage {
  value?: GraphJson[];
  '@odata.nextLink'?: string;
}

/**
 * Every item of each collection, by its key, in Graph's order. `what` names the read in errors ("reading chat
 * messages"). @throws GraphSourceError when a batch itself fails.
 */
export async function readPagesInBatches<K>(
  batcher: GraphBatcher, pool: GraphClientPool, collections: readonly { key: K; url: string }[], what: string,
): Promise<Map<K, GraphJson[]>> {
  const result = new Map<K, GraphJson[]>();
  // Batch item ids are positions; each round carries every collection that still has a next page.
  let pending = [...collections];
  while (pending.length > 0) {
    const items: BatchItem[] = pending.map((p, i) => ({ id: String(i + 1), url: p.url }));
    let answers;
    try {
      answers = await batcher.run(items);
    } catch (err) {
      throw toGraphSourceError(err, what);
    }
    const next: { key: K; url: string }[] = [];
    pending.forEach((p, i) => {
      const answer = answers.get(String(i + 1));
      if (!answer || answer.status >= 300) return;
      const page = answer.body as GraphPage;
      result.set(p.key, [...(result.get(p.key) ?? []), ...(page.value ?? [])]);
      const link = page['@odata.nextLink'];
      if (link) next.push({ key: p.key, url: pool.relativeUrl(link) });
    });
    pending = next;
  }
  return result;
}
