/**
 * The Teams workbench's Teams (issue 21) in jsdom: the person's teams and channels from the dev route, a channel's
 * threads with their replies under the root, and "…" → "More actions" → "Track as request" on a reply, which posts the
 * invoke for the channel and the reply's thread (its root id) — not for a chat — and shows the bot's answer. The dev
 * routes are faked at the fetch seam; the real invoke is tests/integration/devtenant/teams-message-action-routes.test.ts
 * and the real browser tests/e2e/message-action-channel.test.ts.
 */
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { WorkbenchTeam } from '../../../src/devtenant/workbench/teams-channels-route';
import { TeamsChannelsPane } from '../../../src/devtenant/workbench/teams-channels-pane';

configure({ asyncUtilTimeout: 5_000 });

const message = (id: string, from: string, text: string) => ({ id, from, text, createdAt: '2026-03-02T09:30:00.000Z', system: false });
const TEAMS: WorkbenchTeam[] = [{
  id: 'team-it', displayName: 'IT Service Desk',
  channels: [
    { id: '19:general@thread.tacv2', displayName: 'General', threads: [{ root: message('100', 'Joni Gupta', 'Welcome'), replies: [] }] },
    { id: '19:help@thread.tacv2', displayName: 'IT help', threads: [{ root: message('200', 'Kofi Hunter', 'Outlook keeps asking for my password'), replies: [message('201', 'Adele Siciliani', 'Same here')] }] },
  ],
}];

let posted: Record<string, unknown>[] = [];
/** jsdom has no Response: what the pane reads of one. */
const answer = (status: number, body: unknown) => ({ ok: status >= 200 && status < 300, status, json: () => Promise.resolve(body) }) as unknown as Response;
const realFetch = globalThis.fetch;

beforeEach(() => {
  posted = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url.startsWith('/dev/workbench/teams/teams?')) {
      expect(new URLSearchParams(url.split('?')[1]).get('user')).toBe('joni@contoso.test');
      return answer(200, { user: { id: 'u1', displayName: 'Joni Gupta' }, teams: TEAMS });
    }
    if (url === '/dev/workbench/teams/message-action') {
      posted.push(JSON.parse(String(init?.body)) as Record<string, unknown>);
      return answer(200, { status: 200, answer: { task: { type: 'message', value: 'Tracked as a request: "Same here". Due soon.' } } });
    }
    return answer(404, {});
  }) as typeof fetch;
});
afterEach(() => { globalThis.fetch = realFetch; });

const context = {
  locale: 'en-us', entityId: 'trackAsRequest', hostName: 'Teams', hostClientType: 'web' as const, appSessionId: 'a', sessionId: 's',
  userObjectId: 'u1', userPrincipalName: 'joni@contoso.test', loginHint: 'joni@contoso.test', userDisplayName: 'Joni Gupta', tid: 't', userLicenseType: 'Unknown',
};

it('lists teams and channels, shows a thread\'s replies under its root, and tracks a reply as a channel message of its thread', async () => {
  render(<TeamsChannelsPane upn="joni@contoso.test" theme="default" timeZone="Europe/Berlin" context={context} getToken={() => Promise.resolve('token')} />);
  const channels = await screen.findByRole('list', { name: 'Channels of IT Service Desk' });
  expect(within(channels).getAllByRole('button').map((b) => b.textContent)).toEqual(['General', 'IT help']);
  // The first channel is open at first; picking another shows its threads.
  await screen.findByRole('region', { name: 'Channel: IT Service Desk › General' });
  fireEvent.click(within(channels).getByRole('button', { name: 'IT help' }));
  const thread = await screen.findByRole('group', { name: 'Thread started by Kofi Hunter' });
  expect(within(thread).getAllByRole('article').map((a) => a.getAttribute('data-message-id'))).toEqual(['200', '201']);

  fireEvent.click(within(thread).getByRole('button', { name: 'More options for the message from Adele Siciliani' }));
  fireEvent.click(await screen.findByRole('menuitem', { name: 'More actions' }));
  fireEvent.click(await screen.findByRole('menuitem', { name: 'Track as request' }));
  expect((await screen.findByTestId('dialog-message')).textContent).toBe('Tracked as a request: "Same here". Due soon.');
  await waitFor(() => expect(posted).toEqual([
    { user: 'joni@contoso.test', channelId: '19:help@thread.tacv2', threadId: '200', messageId: '201', invoke: 'fetchTask', timeZone: 'Europe/Berlin' },
  ]));
});
