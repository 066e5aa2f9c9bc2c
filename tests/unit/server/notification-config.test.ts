import { loadConfig } from '../../../src/server/config';

const tenant = { AZURE_CLIENT_ID: '11111111-2222-3333-4444-555555555555', AZURE_TENANT_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', AZURE_CLIENT_SECRET: 'x' };

describe('change notification configuration (issue 19)', () => {
  it('builds the notification URLs from PUBLIC_BASE_URL: demo defaults to http://localhost:<port>', () => {
    const demo = loadConfig({ PORT: '4000' }).changeNotifications;
    expect(demo.notificationUrl).toBe('http://localhost:4000/api/graph/notifications');
    expect(demo.lifecycleNotificationUrl).toBe('http://localhost:4000/api/graph/lifecycle');
    expect(demo.pollSeconds).toBe(5);
    expect(demo.rateLimit).toEqual({ perAddressMax: 20_000, totalMax: 100_000, windowSeconds: 10 });

    const hosted = loadConfig({ ...tenant, PUBLIC_BASE_URL: 'https://turnaround.contoso.example/', NOTIFICATION_POLL_SECONDS: '2' }).changeNotifications;
    expect(hosted.notificationUrl).toBe('https://turnaround.contoso.example/api/graph/notifications');
    expect(hosted.lifecycleNotificationUrl).toBe('https://turnaround.contoso.example/api/graph/lifecycle');
    expect(hosted.pollSeconds).toBe(2);
  });

  it('refuses an http PUBLIC_BASE_URL with Microsoft Graph (it delivers only to https), accepts it with a dev tenant', () => {
    for (const graph of [{}, { GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0/' }]) {
      expect(() => loadConfig({ ...tenant, ...graph, PUBLIC_BASE_URL: 'http://turnaround.contoso.example' })).toThrow(/PUBLIC_BASE_URL: must be https with Microsoft Graph/);
    }
    const dev = loadConfig({ ...tenant, GRAPH_BASE_URL: 'https://localhost:8443/v1.0/', PUBLIC_BASE_URL: 'http://127.0.0.1:3978' });
    expect(dev.changeNotifications.notificationUrl).toBe('http://127.0.0.1:3978/api/graph/notifications');
  });

  it('validates the poll interval and the limits', () => {
    expect(() => loadConfig({ NOTIFICATION_POLL_SECONDS: '0' })).toThrow(/NOTIFICATION_POLL_SECONDS/);
    expect(() => loadConfig({ NOTIFICATION_RATE_LIMIT_MAX: 'lots' })).toThrow(/NOTIFICATION_RATE_LIMIT_MAX/);
  });
});
