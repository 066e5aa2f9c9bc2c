/**
 * GraphActivityFeedSource against the dev tenant's Teams activity feed over HTTPS, with Turnaround's application
 * access (msal-node client credentials at the dev identity provider, the real GraphClientPool and its
 * ThrottlingHandler): a notification about a request arrives with the tab's deep link to that request, the bulk call
 * reaches each recipient with the app, a 429 is waited out by its Retry-After, and Graph's refusals come back as
 * GraphSourceErrors with the codebase's codes.
 */
import type { ActivityNotification } from '../../../src/app/m365-ports';
import type { DemoUser } from '../../../src/devtenant/demo-organization';
import { DEMO_APPLICATION_PERMISSIONS, startDevTenant, type LocalDevTenant } from '../../../src/devtenant/dev-tenant';
import { requestActivityTopic } from '../../../src/domain/request-deep-link';
import { GraphActivityFeedSource } from '../../../src/graph/graph-activity-feed-source';
import { graphAccessTokensFor } from '../../../src/graph/graph-access-tokens';
import { GraphClientPool } from '../../../src/graph/graph-client-pool';

const NOW = new Date('2025-03-20T12:00:00Z');
const TEAMS_APP_ID = '0f6b1b0e-7d3c-4a8e-9b1f-2c3d4e5f6a7b';
const SINGLE = 'POST /users/{id}/teamwork/sendActivityNotification';

let tenant: LocalDevTenant;
let pool: GraphClientPool;
let source: GraphActivityFeedSource;
let installed: DemoUser[];
let without: DemoUser;

function poolFor(t: LocalDevTenant): GraphClientPool {
  const c = t.authority.demoClient;
  const tokens = graphAccessTokensFor(
    { clientId: c.clientId, tenantId: t.org.tenantId, clientSecret: c.clientSecret, clientCertificate: null, authorityHost: t.authority.authorityHost, authorityCaPem: t.certificatePem },
    'application',
    () => t.clock.nowMs(),
  );
  return new GraphClientPool({ baseUrl: t.graphBaseUrl, caPem: t.certificatePem, tokens, backoff: { baseDelayMs: 10, maxRetries: 3 } });
}

beforeAll(async () => {
  tenant = await startDevTenant({ seed: 13, now: NOW, people: 14, days: 3 });
  pool = poolFor(tenant);
  source = new GraphActivityFeedSource(pool);
  installed = tenant.org.users.filter((u) => u.userType === 'Member' && tenant.org.teamsAppInstalledFor(u.id));
  without = tenant.org.users.find((u) => !tenant.org.teamsAppInstalledFor(u.id)) as DemoUser;
});
afterAll(async () => {
  await pool.close();
  await tenant.stop();
});

function atRisk(requestId: string, requester = 'Ada Lovelace'): ActivityNotification {
  return {
    activityType: 'requestAtRisk',
    topic: requestActivityTopic(TEAMS_APP_ID, requestId, 'Quarterly figures'),
    previewText: 'Quarterly figures — due at 14:00',
    templateParameters: { requester, due: '14:00' },
  };
}

describe('GraphActivityFeedSource against the dev tenant', () => {
  it('sends a notification whose click opens the tab on the request', async () => {
    const ada = installed[0] as DemoUser;
    await source.notify(tenant.org.tenantId, ada.id, { ...atRisk('req-42'), chainId: 42 });
    const [received] = tenant.activityFeed.receivedBy(ada.id);
    expect(received).toMatchObject({
      activityType: 'requestAtRisk',
      text: "Turnaround: Ada Lovelace's request is at risk, due 14:00",
      previewText: 'Quarterly figures — due at 14:00',
      subEntityId: 'request:req-42',
      chainId: 42,
      topic: { source: 'text', value: 'Quarterly figures' },
      applicationId: tenant.authority.demoClient.clientId,
    });
    expect(received?.topic.webUrl).toMatch(new RegExp(`^https://teams\\.microsoft\\.com/l/entity/${TEAMS_APP_ID}/myQueue\\?context=`));
  });

  it('sends to many people in one bulk call; someone without the app gets nothing', async () => {
    const people = [installed[1], installed[2]] as DemoUser[];
    const before = [...people, without].map((u) => tenant.activityFeed.receivedBy(u.id).length);
    const bulkBefore = tenant.counters.get('POST /teamwork/sendActivityNotificationToRecipients');
    await source.notifyMany(tenant.org.tenantId, [people[0]?.id ?? '', people[1]?.id ?? '', without.id, people[0]?.id ?? ''], {
      activityType: 'workdayDigest', topic: requestActivityTopic(TEAMS_APP_ID, 'req-7', 'Your day'), previewText: 'Most urgent: Quarterly figures',
      templateParameters: { summary: '3 requests due today, 1 at risk, 1 breached' },
    });
    // Duplicates are sent once: one bulk request with 3 recipients.
    expect(tenant.counters.get('POST /teamwork/sendActivityNotificationToRecipients')).toBe(bulkBefore + 1);
    const after = [...people, without].map((u) => tenant.activityFeed.receivedBy(u.id).length);
    expect(after).toEqual([(before[0] ?? 0) + 1, (before[1] ?? 0) + 1, before[2]]);
    expect(tenant.activityFeed.receivedBy(people[0]?.id ?? '')[0]?.text).toBe('Turnaround: 3 requests due today, 1 at risk, 1 breached');
  });

  it("waits out Graph's 429 by its Retry-After: 9 notifications at once all arrive, some after a retry", async () => {
    const recipients = installed.slice(0, 9);
    expect(recipients).toHaveLength(9);
    const countedBefore = tenant.counters.get(SINGLE);
    const before = recipients.map((u) => tenant.activityFeed.receivedBy(u.id).length);
    // 9 at once against 5 a second: at least 4 are answered 429 (Retry-After: 1) and sent again a second later.
    await Promise.all(recipients.map((u, i) => source.notify(tenant.org.tenantId, u.id, atRisk(`req-burst-${String(i)}`))));
    expect(recipients.map((u, i) => tenant.activityFeed.receivedBy(u.id).length - (before[i] ?? 0))).toEqual(Array(9).fill(1));
    expect(tenant.counters.get(SINGLE) - countedBefore).toBeGreaterThanOrEqual(9 + 4);
  });

  it('surfaces a recipient without the Teams app as not_found and an undeclared activity type as graph_error', async () => {
    await expect(source.notify(tenant.org.tenantId, without.id, atRisk('req-1'))).rejects.toMatchObject({ name: 'GraphSourceError', code: 'not_found', status: 404, graphCode: 'NotFound' });
    const undeclared = { ...atRisk('req-1'), activityType: 'requestForgotten' } as unknown as ActivityNotification;
    await expect(source.notify(tenant.org.tenantId, (installed[0] as DemoUser).id, undeclared)).rejects.toMatchObject({ name: 'GraphSourceError', code: 'graph_error', status: 400, graphCode: 'BadRequest' });
    const missing = { ...atRisk('req-1'), templateParameters: { requester: 'Ada' } };
    await expect(source.notify(tenant.org.tenantId, (installed[0] as DemoUser).id, missing)).rejects.toMatchObject({ code: 'graph_error', status: 400 });
  });

  it('surfaces a missing TeamsActivity.Send permission as graph_forbidden, for one person and for many', async () => {
    const client = tenant.authority.tokenEndpoint.client;
    client.applicationPermissions = DEMO_APPLICATION_PERMISSIONS.filter((p) => p !== 'TeamsActivity.Send');
    // A new pool: the first one holds a token issued with the permission, which Graph honours until it expires.
    const refusedPool = poolFor(tenant);
    try {
      const refused = new GraphActivityFeedSource(refusedPool);
      const ada = installed[0] as DemoUser;
      await expect(refused.notify(tenant.org.tenantId, ada.id, atRisk('req-2'))).rejects.toMatchObject({ code: 'graph_forbidden', status: 403, graphCode: 'Forbidden' });
      await expect(refused.notifyMany(tenant.org.tenantId, [ada.id], atRisk('req-2'))).rejects.toMatchObject({ code: 'graph_forbidden', status: 403 });
    } finally {
      client.applicationPermissions = [...DEMO_APPLICATION_PERMISSIONS];
      await refusedPool.close();
    }
  });
});
