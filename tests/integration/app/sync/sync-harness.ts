import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UserContext } from '../../../../src/app/m365-ports';
import type { RequestRecord } from '../../../../src/app/records';
import type { Stores } from '../../../../src/app/store-ports';
import { DirectoryService } from '../../../../src/app/directory-service';
import { applyRequestAction } from '../../../../src/app/request-actions';
import { SyncService } from '../../../../src/app/sync/sync-service';
import { TenantDomains } from '../../../../src/app/sync/tenant-domains';
import { trackRequest } from '../../../../src/app/track-request';
import { startDevTenant, type DevTenantOptions, type LocalDevTenant } from '../../../../src/devtenant/dev-tenant';
import { graphAccessTokensFor, type GraphAccessTokens } from '../../../../src/graph/graph-access-tokens';
import { GraphChannelSource } from '../../../../src/graph/graph-channel-source';
import { GraphChatSource } from '../../../../src/graph/graph-chat-source';
import { GraphClientPool } from '../../../../src/graph/graph-client-pool';
import { GraphDirectorySource } from '../../../../src/graph/graph-directory-source';
import { GraphMailSource } from '../../../../src/graph/graph-mail-source';
import { MailboxConcurrency } from '../../../../src/graph/mailbox-concurrency';
import { demoCredentials } from '../../../../src/server/server-services';
import { openStores } from '../../../../src/store/open-stores';

/**
 * A dev tenant over HTTPS, a real SQLite store, the real Graph client and the sync/track use cases wired together.
 * Graph tokens come from the server's own GraphAccessTokens (msal-node at the dev tenant's token endpoint): background
 * work (`userOf`) uses application access, and what a person does (`asPerson`: tracking, replying) is delegated.
 */
export interface SyncHarness {
  tenant: LocalDevTenant;
  stores: Stores;
  tokens: GraphAccessTokens;
  pool: GraphClientPool;
  concurrency: MailboxConcurrency;
  mail: GraphMailSource;
  chats: GraphChatSource;
  channels: GraphChannelSource;
  directory: GraphDirectorySource;
  domains: TenantDomains;
  newSyncService(owner?: string): SyncService;
  /** The person as background work sees them (no API token: application access). */
  userOf(assigneeId: string): UserContext;
  /** The person signed in: their context with a fresh API token (delegated access; writes act as them). */
  asPerson(personId: string): Promise<UserContext>;
  /** The assignee marks a request "responded" by hand (a phone call), through the request-actions use case, now. */
  respondByHand(assigneeId: string, requestId: string): Promise<void>;
  close(): Promise<void>;
}

export async function startSyncHarness(options: DevTenantOptions = {}, backoff?: { baseDelayMs?: number; maxDelayMs?: number }): Promise<SyncHarness> {
  const tenant = await startDevTenant({ seed: 7, people: 12, days: 30, now: new Date('2025-03-14T16:00:00Z'), ...options });
  const dir = mkdtempSync(join(tmpdir(), 'turnaround-sync-'));
  const stores = await openStores(`sqlite:${join(dir, 'sync.db')}`);
  const concurrency = new MailboxConcurrency();
  const tokens = graphAccessTokensFor(demoCredentials(tenant), 'application', () => tenant.clock.nowMs());
  const pool = new GraphClientPool({ baseUrl: tenant.graphBaseUrl, caPem: tenant.certificatePem, tokens, concurrency, backoff });
  const mail = new GraphMailSource(pool);
  const chats = new GraphChatSource(pool);
  const channels = new GraphChannelSource(pool);
  const directory = new GraphDirectorySource(pool);
  const clock = { now: () => tenant.clock.now() };
  const domains = new TenantDomains(directory, stores.directory, clock);
  return {
    tenant, stores, tokens, pool, concurrency, mail, chats, channels, directory, domains,
    newSyncService: (owner = 'test-server') => new SyncService({ stores, mail, chats, channels, directory, clock, owner }),
    userOf: (assigneeId) => ({ tenantId: tenant.org.tenantId, userId: assigneeId }),
    asPerson: async (personId) => {
      const person = tenant.org.userById(personId);
      if (!person) throw new Error(`no demo person ${personId}`);
      return { tenantId: tenant.org.tenantId, userId: personId, accessToken: await tenant.idp.issueToken({ username: person.userPrincipalName }) };
    },
    respondByHand: async (assigneeId, requestId) => {
      const directoryService = new DirectoryService({ stores, clock, source: directory });
      await applyRequestAction({ stores, clock, directory: directoryService }, { tenantId: tenant.org.tenantId, userId: assigneeId }, requestId, { action: 'respond' });
    },
    close: async () => {
      await pool.close();
      await stores.close();
      await tenant.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Tracks the given ground-truth requests through the tracking use case (as their assignees, signed in). */
export async function trackAll(h: SyncHarness, items: { assigneeId: string; source: 'email' | 'chat' | 'channel'; messageId: string; chatId?: string; teamId?: string; channelId?: string; threadId?: string }[]): Promise<void> {
  for (const t of items) {
    // A channel message is tracked as a chat message of its channel, with its team and thread.
    const where = t.source === 'channel' ? { source: 'chat' as const, chatId: t.channelId ?? '', teamId: t.teamId ?? '', threadId: t.threadId ?? t.messageId } : { source: t.source, ...(t.chatId ? { chatId: t.chatId } : {}) };
    await trackRequest({ stores: h.stores, mail: h.mail, chats: h.chats, channels: h.channels, directory: h.directory, domains: h.domains }, await h.asPerson(t.assigneeId),
      { ...where, messageId: t.messageId, override: true }, h.tenant.clock.now());
  }
}

/** The stored first responses by (assignee, messageId). */
export async function storedFirstResponses(h: SyncHarness, assigneeIds: string[]): Promise<Map<string, RequestRecord>> {
  const out = new Map<string, RequestRecord>();
  for (const a of assigneeIds) {
    for (const r of await h.stores.requests.listForAssignee(h.tenant.org.tenantId, a, { includeResolved: true })) out.set(`${a}|${r.sourceMessageId}`, r);
  }
  return out;
}
