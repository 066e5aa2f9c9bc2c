import { LRUCache } from 'lru-cache';
import type { MailDeltaPage, MailFolderName, MailMessage, MailSource, UserContext } from '../app/m365-ports';
import { isSentBy } from '../domain/first-response';
import { GraphBatcher } from './graph-batcher';
import type { GraphClientPool } from './graph-client-pool';
import { MESSAGE_SELECT, toMailMessage, type GraphJson } from './graph-message-mapping';
import { GraphSourceError, isNotFound, toGraphSourceError } from './graph-source-error';
import { userPath, userScopedLink } from './graph-user-path';

/** Messages per delta page we ask for (Graph honours up to 1,000 for messages via odata.maxpagesize). */
export const DELTA_PAGE_SIZE = 1000;

/** Messages per page when reading one conversation (a conversation rarely holds more). */
export const CONVERSATION_PAGE_SIZE = 50;

/** Colour of the master category Turnaround creates ("Internal request"). */
export const CATEGORY_COLOR = 'preset7';

/** How long a mailbox's master category, once seen or created, is trusted without reading the list again (10 min). */
export const MASTER_CATEGORY_TTL_MS = 10 * 60_000;
/** Mailboxes remembered at most. */
const MASTER_CATEGORY_CACHE_SIZE = 10_000;

interface GraphPage {
  value?: GraphJson[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/** The `$filter` for one conversation's messages (OData string literal: a quote is doubled). */
function conversationFilter(conversationId: string): string {
  return `conversationId eq '${conversationId.replace(/'/g, "''")}'`;
}

/** The messages of a page that `ownAddresses` sent. */
function ownMessages(page: GraphPage, ownAddresses: readonly string[]): MailMessage[] {
  return (page.value ?? []).map(toMailMessage).filter((m) => isSentBy(m.from?.address, ownAddresses));
}

/**
 * MailSource over Microsoft Graph: message lookups with `$select`, the user's sent messages of a conversation in any
 * folder, per-folder delta with `Prefer: odata.maxpagesize`, and Outlook categories (creating the master category when
 * missing). Every mailbox is addressed as `/users/{id}/…`, never `/me` (see {@link userPath}), so delegated and
 * application tokens use the same paths.
 */
export class GraphMailSource implements MailSource {
  constructor(private readonly pool: GraphClientPool) {}

  async getMessage(user: UserContext, messageId: string): Promise<MailMessage | null> {
    try {
      const json = (await this.pool.clientFor(user).api(`${userPath(user)}/messages/${encodeURIComponent(messageId)}`).select(MESSAGE_SELECT).get()) as GraphJson;
      return toMailMessage(json);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw toGraphSourceError(err, 'reading a message');
    }
  }

  /**
   * Reads `/users/{id}/messages` (the whole mailbox, Deleted Items included, so replies moved out of Sent Items are found)
   * filtered by conversationId, and keeps the messages whose `from` is one of the user's addresses: the others in
   * the conversation (the requester's, colleagues' replies) are not the user's.
   */
  async sentInConversation(user: UserContext, conversationId: string, ownAddresses: readonly string[]): Promise<MailMessage[]> {
    const client = this.pool.clientFor(user);
    const out: MailMessage[] = [];
    try {
      let page = (await client
        .api(`${userPath(user)}/messages`)
        .filter(conversationFilter(conversationId))
        .select(MESSAGE_SELECT)
        .top(CONVERSATION_PAGE_SIZE)
        .get()) as GraphPage;
      for (;;) {
        out.push(...ownMessages(page, ownAddresses));
        const next = page['@odata.nextLink'];
        if (!next) break;
        page = (await client.api(next).get()) as GraphPage;
      }
    } catch (err) {
      throw toGraphSourceError(err, 'reading the messages of a conversation');
    }
    return out;
  }

  /**
   * {@link sentInConversation} for many conversations at once: one `$batch` item per conversation (≤ 20 per HTTP
   * request), further pages in further rounds. A conversation Graph did not answer for (an item that failed, on any
   * page) is absent from the map: the caller knows no more about it than before.
   */
  async sentInConversations(user: UserContext, conversationIds: readonly string[], ownAddresses: readonly string[]): Promise<Map<string, MailMessage[]>> {
    const batcher = new GraphBatcher(this.pool.clientFor(user));
    const result = new Map<string, MailMessage[]>();
    const query = (id: string): string => `$filter=${encodeURIComponent(conversationFilter(id))}&$select=${MESSAGE_SELECT}&$top=${CONVERSATION_PAGE_SIZE}`;
    let pending = [...new Set(conversationIds)].map((conversationId) => ({ conversationId, url: `${userPath(user)}/messages?${query(conversationId)}` }));
    while (pending.length > 0) {
      let answers;
      try {
        answers = await batcher.run(pending.map((p, i) => ({ id: String(i + 1), url: p.url })));
      } catch (err) {
        throw toGraphSourceError(err, 'reading the messages of conversations');
      }
      const next: typeof pending = [];
      pending.forEach((p, i) => {
        const answer = answers.get(String(i + 1));
        if (!answer || answer.status >= 300) {
          result.delete(p.conversationId);
          return;
        }
        const page = answer.body as GraphPage;
        result.set(p.conversationId, [...(result.get(p.conversationId) ?? []), ...ownMessages(page, ownAddresses)]);
        const link = page['@odata.nextLink'];
        if (link) next.push({ conversationId: p.conversationId, url: this.pool.relativeUrl(link) });
      });
      pending = next;
    }
    return result;
  }

  async deltaPage(user: UserContext, folder: MailFolderName, link: string | null, since: Date | null): Promise<MailDeltaPage> {
    const client = this.pool.clientFor(user);
    try {
      let request = link
        ? client.api(userScopedLink(link, user, this.pool.versionRootUrl))
        : client.api(`${userPath(user)}/mailFolders/${folder}/messages/delta`).select(MESSAGE_SELECT);
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

  /**
   * Mailboxes (tenant/user/category, lower-cased) whose master list held the category (or got it from us) and when,
   * each kept for MASTER_CATEGORY_TTL_MS: such a mailbox's list is not read again meanwhile. Bounded (least recently
   * used dropped first).
   */
  private readonly knownMaster = new LRUCache<string, true>({ max: MASTER_CATEGORY_CACHE_SIZE, ttl: MASTER_CATEGORY_TTL_MS });

  async addCategory(user: UserContext, messageId: string, category: string, currentCategories?: readonly string[]): Promise<void> {
    const client = this.pool.clientFor(user);
    const id = encodeURIComponent(messageId);
    const mailbox = userPath(user);
    const masterKey = `${user.tenantId}/${user.userId}/${category.toLowerCase()}`;
    const masterKnown = this.knownMaster.get(masterKey) === true;
    let names: string[] | null = null;
    let current: string[];
    if (currentCategories !== undefined) {
      // The caller has just read the message: only the master list (if not known) needs reading.
      current = [...currentCategories];
      if (!masterKnown) {
        try {
          const master = (await client.api(`${mailbox}/outlook/masterCategories`).select('displayName').get()) as { value?: { displayName?: string }[] };
          names = (master.value ?? []).map((c) => (c.displayName ?? '').toLowerCase());
        } catch (err) {
          throw toGraphSourceError(err, 'reading the master categories');
        }
      }
    } else {
      // One round trip for both reads: the master list and the message's current categories.
      const results = await new GraphBatcher(client).run([
        { id: 'master', url: `${mailbox}/outlook/masterCategories?$select=displayName` },
        { id: 'message', url: `${mailbox}/messages/${id}?$select=categories` },
      ]);
      const master = results.get('master');
      const message = results.get('message');
      if (message?.status === 404) throw new GraphSourceError('not_found', 'the message to categorise was not found', 404);
      if (!master || master.status >= 300 || !message || message.status >= 300) {
        const failed = master === undefined || master.status >= 300 ? master : message;
        throw toGraphSourceError({ statusCode: failed?.status, message: failed === undefined ? 'no answer in the batch' : `HTTP ${failed.status}` }, 'reading categories');
      }
      names = ((master.body as { value?: { displayName?: string }[] }).value ?? []).map((c) => (c.displayName ?? '').toLowerCase());
      current = ((message.body as { categories?: string[] }).categories ?? []).filter((c) => typeof c === 'string');
    }
    try {
      if (names !== null) {
        if (names.includes(category.toLowerCase())) this.rememberMaster(masterKey);
        else {
          try {
            await client.api(`${mailbox}/outlook/masterCategories`).post({ displayName: category, color: CATEGORY_COLOR });
            this.rememberMaster(masterKey);
          } catch (err) {
            // Outlook accepts a category on a message that the master list lacks (it shows without colour), so a failed
            // creation — a race answered 409, or a mailbox that refuses it — must not stop tracking. Access errors do.
            const status = (err as { statusCode?: number }).statusCode;
            if (status === 401 || status === 403) throw err;
          }
        }
      }
      if (current.some((c) => c.toLowerCase() === category.toLowerCase())) return;
      await client.api(`${mailbox}/messages/${id}`).patch({ categories: [...current, category] });
    } catch (err) {
      throw toGraphSourceError(err, 'setting the category');
    }
  }

  private rememberMaster(key: string): void {
    this.knownMaster.set(key, true);
  }
}
