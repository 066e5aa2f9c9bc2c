import type { ChannelThreadRef, ChannelThreadSource, ChatMessageInfo, UserContext } from '../app/m365-ports';
import { GraphBatcher, type BatchItem } from './graph-batcher';
import type { GraphClientPool } from './graph-client-pool';
import { toChatMessage, type GraphJson } from './graph-message-mapping';
import { isNotFound, toGraphSourceError } from './graph-source-error';

/** Graph's maximum `$top` for a thread's replies. */
export const REPLIES_PAGE_SIZE = 50;

interface GraphPage {
  value?: GraphJson[];
  '@odata.nextLink'?: string;
}

const messagesPath = (t: ChannelThreadRef): string => `/teams/${encodeURIComponent(t.teamId)}/channels/${encodeURIComponent(t.channelId)}/messages`;

/**
 * ChannelThreadSource over Microsoft Graph: a channel message (root or reply) and the replies of the tracked threads,
 * `GET /teams/{id}/channels/{id}/messages/{id}/replies?$top=50` packed in `$batch` requests of ≤ 20 and paged to the
 * end. Only the threads of tracked requests are read — never a whole channel — which keeps the load inside Graph's
 * rules for Teams messages (background reads with ChannelMessage.Read.All, a protected API; no polling of channels).
 * Channel paths name no person: a delegated token reads them as a team member, an application token tenant-wide.
 */
export class GraphChannelSource implements ChannelThreadSource {
  constructor(private readonly pool: GraphClientPool) {}

  async channelIds(user: UserContext, teamId: string): Promise<string[] | null> {
    try {
      // A team has at most a few hundred channels, listed in one answer (Graph does not page /channels).
      const page = (await this.pool.clientFor(user).api(`/teams/${encodeURIComponent(teamId)}/channels`).select('id').get()) as GraphPage;
      return (page.value ?? []).flatMap((c) => (typeof c.id === 'string' ? [c.id] : []));
    } catch (err) {
      if (isNotFound(err)) return null;
      throw toGraphSourceError(err, 'listing channels');
    }
  }

  async getMessage(user: UserContext, thread: ChannelThreadRef, messageId: string): Promise<ChatMessageInfo | null> {
    const path = messageId === thread.threadId
      ? `${messagesPath(thread)}/${encodeURIComponent(messageId)}`
      : `${messagesPath(thread)}/${encodeURIComponent(thread.threadId)}/replies/${encodeURIComponent(messageId)}`;
    try {
      return toChatMessage((await this.pool.clientFor(user).api(path).get()) as GraphJson, thread.channelId);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw toGraphSourceError(err, 'reading a channel message');
    }
  }

  async threadReplies(user: UserContext, threads: readonly ChannelThreadRef[]): Promise<Map<string, ChatMessageInfo[]>> {
    const batcher = new GraphBatcher(this.pool.clientFor(user));
    const result = new Map<string, ChatMessageInfo[]>();
    let pending = threads.map((t) => ({ thread: t, url: `${messagesPath(t)}/${encodeURIComponent(t.threadId)}/replies?$top=${REPLIES_PAGE_SIZE}` }));
    while (pending.length > 0) {
      const items: BatchItem[] = pending.map((p, i) => ({ id: String(i + 1), url: p.url }));
      let answers;
      try {
        answers = await batcher.run(items);
      } catch (err) {
        throw toGraphSourceError(err, 'reading channel replies');
      }
      const next: typeof pending = [];
      pending.forEach((p, i) => {
        const answer = answers.get(String(i + 1));
        if (!answer || answer.status >= 300) return;
        const page = answer.body as GraphPage;
        const list = result.get(p.thread.threadId) ?? [];
        for (const m of page.value ?? []) list.push(toChatMessage(m, p.thread.channelId));
        result.set(p.thread.threadId, list);
        const link = page['@odata.nextLink'];
        if (link) next.push({ thread: p.thread, url: this.pool.relativeUrl(link) });
      });
      pending = next;
    }
    return result;
  }
}
