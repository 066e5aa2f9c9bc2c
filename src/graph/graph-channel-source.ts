import type { ChannelThreadRef, ChannelThreadSource, ChatMessageInfo, UserContext } from '../app/m365-ports';
import { readPagesInBatches, type GraphPage } from './batched-pages';
import { GraphBatcher } from './graph-batcher';
import type { GraphClientPool } from './graph-client-pool';
import { toChatMessage, type GraphJson } from './graph-message-mapping';
import { isNotFound, toGraphSourceError } from './graph-source-error';

/** Graph's maximum `$top` for a thread's replies. */
export const REPLIES_PAGE_SIZE = 50;

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
    const collections = threads.map((t) => ({ key: t, url: `${messagesPath(t)}/${encodeURIComponent(t.threadId)}/replies?$top=${REPLIES_PAGE_SIZE}` }));
    const pages = await readPagesInBatches(new GraphBatcher(this.pool.clientFor(user)), this.pool, collections, 'reading channel replies');
    const result = new Map<string, ChatMessageInfo[]>();
    for (const [thread, replies] of pages) result.set(thread.threadId, [...(result.get(thread.threadId) ?? []), ...replies.map((m) => toChatMessage(m, thread.channelId))]);
    return result;
  }
}
