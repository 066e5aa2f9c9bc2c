import type { MailDeltaPage, MailFolderName, MailMessage, MailSource, UserContext } from '../app/ports';
import { GraphBatcher } from './graph-batcher';
import type { GraphClientPool } from './graph-client-pool';
import { MESSAGE_SELECT, toMailMessage, type GraphJson } from './graph-message-mapping';
import { GraphSourceError, isNotFound, toGraphSourceError } from './graph-source-error';

/** Messages per delta page we ask for (Graph honours up to 1,000 for messages via odata.maxpagesize). */
export const DELTA_PAGE_SIZE = 1000;

/** Colour of the master category Turnaround creates ("Internal request"). */
export const CATEGORY_COLOR = 'preset7';

interface GraphPage {
  value?: GraphJson[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/**
 * MailSource over Microsoft Graph: message lookups with `$select`, Sent Items by conversation, per-folder delta with
 * `Prefer: odata.maxpagesize`, and Outlook categories (creating the master category when missing).
 */
export class GraphMailSource implements MailSource {
  constructor(private readonly pool: GraphClientPool) {}

  async getMessage(user: UserContext, messageId: string): Promise<MailMessage | null> {
    try {
      const json = (await this.pool.clientFor(user).api(`/me/messages/${encodeURIComponent(messageId)}`).select(MESSAGE_SELECT).get()) as GraphJson;
      return toMailMessage(json);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw toGraphSourceError(err, 'reading a message');
    }
  }

  async sentInConversation(user: UserContext, conversationId: string): Promise<MailMessage[]> {
    const client = this.pool.clientFor(user);
    const out: MailMessage[] = [];
    try {
      let page = (await client
        .api('/me/mailFolders/sentitems/messages')
        .filter(`conversationId eq '${conversationId.replace(/'/g, "''")}'`)
        .select(MESSAGE_SELECT)
        .top(50)
        .get()) as GraphPage;
      for (;;) {
        for (const m of page.value ?? []) out.push(toMailMessage(m));
        const next = page['@odata.nextLink'];
        if (!next) break;
        page = (await client.api(next).get()) as GraphPage;
      }
    } catch (err) {
      throw toGraphSourceError(err, 'reading sent items of a conversation');
    }
    return out;
  }

  async deltaPage(user: UserContext, folder: MailFolderName, link: string | null, since: Date | null): Promise<MailDeltaPage> {
    const client = this.pool.clientFor(user);
    try {
      let request = link
        ? client.api(link)
        : client.api(`/me/mailFolders/${folder}/messages/delta`).select(MESSAGE_SELECT);
      if (!link && since) request = request.filter(`receivedDateTime ge ${since.toISOString()}`);
      const page = (await request.header('Prefer', `odata.maxpagesize=${DELTA_PAGE_SIZE}`).get()) as GraphPage;
      const messages: MailMessage[] = [];
      const removedIds: string[] = [];
      for (const item of page.value ?? []) {
        if (item['@removed'] !== undefined) {
          if (typeof item.id === 'string') removedIds.push(item.id);
        } else {
          messages.push(toMailMessage(item));
        }
      }
      return { messages, removedIds, nextLink: page['@odata.nextLink'] ?? null, deltaLink: page['@odata.deltaLink'] ?? null };
    } catch (err) {
      throw toGraphSourceError(err, `reading ${folder} changes`);
    }
  }

  async addCategory(user: UserContext, messageId: string, category: string): Promise<void> {
    const client = this.pool.clientFor(user);
    const id = encodeURIComponent(messageId);
    // One round trip for both reads: the master list and the message's current categories.
    const results = await new GraphBatcher(client).run([
      { id: 'master', url: '/me/outlook/masterCategories?$select=displayName' },
      { id: 'message', url: `/me/messages/${id}?$select=categories` },
    ]);
    const master = results.get('master');
    const message = results.get('message');
    if (message?.status === 404) throw new GraphSourceError('not_found', 'the message to categorise was not found', 404);
    if (!master || master.status >= 300 || !message || message.status >= 300) {
      throw new GraphSourceError('graph_error', 'could not read categories', master?.status ?? message?.status ?? null);
    }
    const names = ((master.body as { value?: { displayName?: string }[] }).value ?? []).map((c) => (c.displayName ?? '').toLowerCase());
    try {
      if (!names.includes(category.toLowerCase())) {
        try {
          await client.api('/me/outlook/masterCategories').post({ displayName: category, color: CATEGORY_COLOR });
        } catch (err) {
          // Outlook accepts a category on a message that the master list lacks (it shows without colour), so a failed
          // creation — a race answered 409, or a mailbox that refuses it — must not stop tracking. Access errors do.
          const status = (err as { statusCode?: number }).statusCode;
          if (status === 401 || status === 403) throw err;
        }
      }
      const current = ((message.body as { categories?: string[] }).categories ?? []).filter((c) => typeof c === 'string');
      if (current.some((c) => c.toLowerCase() === category.toLowerCase())) return;
      await client.api(`/me/messages/${id}`).patch({ categories: [...current, category] });
    } catch (err) {
      throw toGraphSourceError(err, 'setting the category');
    }
  }
}
