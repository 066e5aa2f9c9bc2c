import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { RecentChatMessage, Suggestion } from '../../../src/contracts/api';
import { ApiError } from '../../../src/ui/shared/api-error';
import { TabApp } from '../../../src/ui/tab/tab-app';
import { clock, fakeApi, fakeHost, memoryStorage, request, stats } from './fake-tab-services';

// jsdom has no layout: give the virtual list's scroll element a size so it renders a window of rows.
beforeAll(() => {
  for (const [prop, value] of [['offsetHeight', 600], ['offsetWidth', 800], ['clientHeight', 600], ['clientWidth', 800]] as const) {
    Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get() { return value; } });
  }
});

function expectText(el: Element | null | undefined, text: string) {
  expect(el?.textContent ?? '').toContain(text);
}

const person = (name: string, department = 'HR') => ({ id: `id-${name}`, displayName: name, mail: null, department });

function renderTab(impl: Parameters<typeof fakeApi>[0], options: { view?: 'queue' | 'turnaround' | 'trackChat' | 'suggestions' | 'asks' } = {}) {
  const { api, calls } = fakeApi(impl);
  const host = fakeHost();
  const storage = memoryStorage();
  render(<TabApp api={api} host={host.host} storage={storage} initialView={options.view} syncPollMs={10} />);
  return { calls, host, storage };
}

describe('Queue', () => {
  it('lists requests by due time with requester, due phrase and status badge', async () => {
    renderTab({
      getQueue: async () => ({ stamp: 'stamp-1', now: '2025-03-10T10:00:00Z', requests: [
        request('later', { clocks: { firstResponse: clock({ remainingMinutes: 80 }), resolution: clock() } }),
        request('late', { source: 'chat', clocks: { firstResponse: clock({ status: 'breached', remainingMinutes: -180 }), resolution: clock() } }),
      ] }),
    });
    const list = await screen.findByRole('list', { name: /due first/ });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expectText(items[0], 'Subject late');
    expectText(items[0], 'breached 3 h of working time ago');
    expectText(items[0], 'Breached');
    expect(within(items[0]!).getByRole('img', { name: 'Chat message' })).toBeTruthy();
    expectText(items[1], 'due in 1 h 20 m of working time');
    expectText(items[1], 'Requester later · Payroll');
    expectText(items[1], 'On track');
  });

  it('resolves a request through the actions menu; with "Show resolved" on it stays, shown resolved', async () => {
    const resolved = request('r1', { status: 'resolved', resolvedAt: '2025-03-10T11:00:00Z', clocks: { firstResponse: clock(), resolution: clock({ status: 'met', usedMinutes: 60, stoppedAt: 'y' }) } });
    let done = false;
    const { calls } = renderTab({
      getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [done ? resolved : request('r1')] }),
      changeRequest: async () => { done = true; return { request: resolved, undo: null }; },
    });
    fireEvent.click(await screen.findByRole('switch', { name: 'Show resolved' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Actions for Subject r1' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Resolve' }));
    await screen.findByText('Resolved "Subject r1"');
    expect(calls.find((c) => c.method === 'changeRequest')?.args).toEqual(['r1', { action: 'resolve' }]);
    const row = within(screen.getByRole('list', { name: /due first/ })).getByRole('listitem');
    expectText(row, 'Resolved');
    expectText(row, 'met in 1 h of working time');
  });

  it('opens the original message through the host', async () => {
    const { host } = renderTab({ getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [request('r1')] }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Actions for Subject r1' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Open original' }));
    await waitFor(() => expect(host.opened).toEqual(['https://outlook.office.com/mail/deeplink/read/r1']));
  });

  it('filters by status', async () => {
    renderTab({ getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [request('ok'), request('bad', { clocks: { firstResponse: clock({ status: 'breached', remainingMinutes: -5 }), resolution: clock() } })] }) });
    await screen.findByText('2 requests');
    fireEvent.click(screen.getByRole('combobox', { name: 'Status' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Breached' }));
    await screen.findByText('1 of 2 requests');
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    expectText(screen.getByRole('listitem'), 'Subject bad');
  });

  it('renders only a window of 2,000 requests', async () => {
    const many = Array.from({ length: 2000 }, (_, i) => request(`r${i}`, { clocks: { firstResponse: clock({ remainingMinutes: i }), resolution: clock() } }));
    renderTab({ getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: many }) });
    await screen.findByText('2000 requests');
    const rendered = screen.getAllByRole('listitem');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(40);
    expect(rendered[0]?.getAttribute('aria-setsize')).toBe('2000');
  });

  it('uses the queue answer requested while the tab started instead of asking again', async () => {
    const { api, calls } = fakeApi({ getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [] }) });
    render(<TabApp api={api} host={fakeHost().host} initialQueue={Promise.resolve({ stamp: 'stamp-1', now: 'x', requests: [request('early')] })} />);
    expectText(await screen.findByRole('listitem'), 'Subject early');
    expect(calls.filter((c) => c.method === 'getQueue')).toHaveLength(0);
  });

  it('has one actions menu: it opens for the pressed row, and Escape gives focus back to that row’s button', async () => {
    renderTab({ getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [request('a'), request('b', { status: 'resolved', clocks: { firstResponse: clock(), resolution: clock({ status: 'met', usedMinutes: 30, stoppedAt: 'y' }) } })] }) });
    const button = await screen.findByRole('button', { name: 'Actions for Subject b' });
    expect(button.getAttribute('aria-haspopup')).toBe('menu');
    button.focus();
    fireEvent.click(button);
    const menu = await screen.findByRole('menu');
    expect(within(menu).getAllByRole('menuitem').map((m) => m.textContent)).toEqual(['Reopen', 'Open original', 'Untrack']);
    expect(screen.getAllByRole('menu')).toHaveLength(1);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('button', { name: 'Actions for Subject a' }).getAttribute('aria-expanded')).toBe('false');
    fireEvent.keyDown(within(menu).getAllByRole('menuitem')[0]!, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
    expect(document.activeElement).toBe(button);
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });

  it('shows the empty state', async () => {
    renderTab({ getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [] }) });
    expect(await screen.findByText(/Nothing waiting/)).toBeTruthy();
  });

  it('offers a consent prompt on consent_required and retries offline', async () => {
    let attempt = 0;
    renderTab({
      getQueue: async () => {
        attempt += 1;
        if (attempt === 1) throw new ApiError({ type: 't', title: 'offline', status: 0, detail: 'down', code: 'offline' });
        throw new ApiError({ type: 't', title: 'consent', status: 403, detail: 'consent', code: 'consent_required' });
      },
    });
    expect(await screen.findByText(/cannot be reached/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Turnaround needs your permission')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Grant permission' })).toBeTruthy();
    expect(attempt).toBe(2);
  });

  it('on graph_unauthorized offers a retry, not a consent prompt (Graph rejected the token; consenting would not help)', async () => {
    let attempt = 0;
    renderTab({
      getQueue: async () => {
        attempt += 1;
        if (attempt === 1) throw new ApiError({ type: 't', title: 'Bad gateway', status: 502, detail: 'Microsoft Graph did not accept…', code: 'graph_unauthorized', requestId: 'req-7' });
        return { stamp: 'stamp-1', now: 'x', requests: [] };
      },
    });
    expect(await screen.findByText(/Microsoft 365 did not accept Turnaround’s access/)).toBeTruthy();
    expect(screen.queryByText('Turnaround needs your permission')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Grant permission' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText(/Nothing waiting/)).toBeTruthy();
    expect(attempt).toBe(2);
  });

  it('on stored_calendar_invalid says it is the server’s fault and gives the request id to quote', async () => {
    renderTab({
      getQueue: async () => {
        throw new ApiError({ type: 't', title: 'Internal server error', status: 500, detail: 'A working calendar stored on our side…', code: 'stored_calendar_invalid', requestId: 'req-42' });
      },
    });
    const message = await screen.findByText(/working hours stored for you or your team cannot be read/);
    expect(message.textContent).toMatch(/not something you did/);
    expect(message.textContent).toMatch(/req-42/);
  });
});

describe('Sync status', () => {
  it('shows a progress bar while a sync runs and reloads the queue when it finishes', async () => {
    let polls = 0;
    const { calls } = renderTab({
      getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [] }),
      startSync: async () => ({ running: true, phase: 'mail', itemsSeen: 3, requestsUpdated: 0, repliesFound: 0, startedAt: 'a', finishedAt: null, error: null, backgroundSync: 'continuous' as const }),
      getSyncStatus: async () => {
        polls += 1;
        return polls < 3
          ? { running: polls > 1, phase: 'mail', itemsSeen: 40, requestsUpdated: 0, repliesFound: 0, startedAt: 'a', finishedAt: null, error: null, backgroundSync: 'continuous' as const }
          : { running: false, phase: 'done', itemsSeen: 50, requestsUpdated: 2, repliesFound: 2, startedAt: 'a', finishedAt: '2025-03-10T10:00:00Z', error: null, backgroundSync: 'continuous' as const };
      },
    });
    await screen.findByText(/Nothing waiting/);
    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    expect(await screen.findByRole('progressbar')).toBeTruthy();
    await screen.findByText(/Last synced/);
    await waitFor(() => expect(calls.filter((c) => c.method === 'getQueue')).toHaveLength(2));
  });

  it('where people are synced only while they use Turnaround, opening the tab syncs once and says so', async () => {
    const done = { running: false, phase: 'done' as const, itemsSeen: 5, requestsUpdated: 1, repliesFound: 1, startedAt: 'a', finishedAt: '2025-03-10T10:00:00Z', error: null, backgroundSync: 'when_open' as const };
    const { calls } = renderTab({
      getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [] }),
      getSyncStatus: async () => ({ ...done, finishedAt: '2025-03-09T17:00:00Z', repliesFound: 0 }),
      startSync: async () => done,
    });
    expect(await screen.findByText('Updated when you open Turnaround')).toBeTruthy();
    await screen.findByText(/Last synced .* · 1 reply found/);
    expect(calls.filter((c) => c.method === 'startSync')).toHaveLength(1);
    await waitFor(() => expect(calls.filter((c) => c.method === 'getQueue')).toHaveLength(2));
  });

  it('where background sync runs, opening the tab starts no sync and says nothing about it', async () => {
    const { calls } = renderTab({ getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [] }) });
    await screen.findByText(/Last synced/);
    expect(screen.queryByText('Updated when you open Turnaround')).toBeNull();
    expect(calls.filter((c) => c.method === 'startSync')).toHaveLength(0);
  });
});

describe('My turnaround', () => {
  it('shows medians, p90 and share within standard, the weekly numbers and the definitions; switches to 90 days', async () => {
    const { calls } = renderTab({ getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [] }), getStats: async () => stats() }, { view: 'turnaround' });
    const firstCard = (await screen.findAllByRole('heading', { name: 'First response' }))[0]!.closest('.fui-Card') as HTMLElement;
    expectText(firstCard, 'Median1 h 35 m');
    expectText(firstCard, '90th percentile5 h');
    expectText(firstCard, 'Within standard83 %');
    expectText(screen.getByRole('table', { name: 'Weekly numbers' }), '3 Mar');
    expect(screen.getByText('What counts')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Last 90 days' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'getStats').map((c) => c.args[0])).toEqual(['30d', '90d']));
  });
});

describe('Track a chat', () => {
  it('tracks a recent chat message with the chosen priority in one click', async () => {
    const message: RecentChatMessage = { chatId: 'c1', messageId: 'm1', chatTopic: null, from: person('Lee Gu'), preview: 'Could you reset my VPN token?', createdAt: '2025-03-10T09:00:00Z', tracked: false };
    const { calls } = renderTab({
      getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [] }),
      getRecentChats: async () => ({ messages: [message] }),
      trackRequest: async () => request('new'),
    }, { view: 'trackChat' });
    expect(await screen.findByText('Could you reset my VPN token?')).toBeTruthy();
    fireEvent.click(screen.getByRole('combobox', { name: 'Priority' }));
    fireEvent.click(await screen.findByRole('option', { name: 'High' }));
    fireEvent.click(screen.getByRole('button', { name: 'Track the message from Lee Gu' }));
    await screen.findByRole('button', { name: 'Tracked' });
    expect(calls.find((c) => c.method === 'trackRequest')?.args[0]).toEqual({ source: 'chat', chatId: 'c1', messageId: 'm1', priority: 'high' });
  });
});

describe('Suggestions', () => {
  const suggestion = (id: string, answered = false): Suggestion => ({ id, source: 'email', messageId: `m${id}`, chatId: null, from: person(`P${id}`), subject: `Ask ${id}`, preview: 'p', receivedAt: '2025-03-10T09:00:00Z', reason: "says 'could you'", answered, score: 1 });

  it('shows the reason, tracks one, and dismisses one through the server', async () => {
    const { calls, storage } = renderTab({
      getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [] }),
      getSuggestions: async () => ({ suggestions: [suggestion('1'), suggestion('2')] }),
      trackRequest: async () => request('n'),
      dismissSuggestion: async () => undefined,
    }, { view: 'suggestions' });
    expect(await screen.findByText('Ask 1')).toBeTruthy();
    expect(screen.getAllByText("Suggested because it says 'could you'")).toHaveLength(2);
    const cards = screen.getAllByRole('listitem');
    fireEvent.click(within(cards[0]!).getByRole('button', { name: 'Track' }));
    await waitFor(() => expect(screen.queryByText('Ask 1')).toBeNull());
    expect(calls.find((c) => c.method === 'trackRequest')?.args[0]).toMatchObject({ source: 'email', messageId: 'm1' });
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss Ask 2' }));
    expect(await screen.findByText('No suggestions right now.')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'dismissSuggestion').map((c) => c.args)).toEqual([['2']]);
    // Remembered by the server, not in this browser.
    expect(storage.data.size).toBe(0);
  });

  it('brings a suggestion back with an error when the server refuses the dismissal', async () => {
    renderTab({
      getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [] }),
      getSuggestions: async () => ({ suggestions: [suggestion('1')] }),
      dismissSuggestion: async () => { throw new ApiError({ type: 't', title: 'nf', status: 404, detail: 'The suggestion was not found.', code: 'not_found' }); },
    }, { view: 'suggestions' });
    fireEvent.click(await screen.findByRole('button', { name: 'Dismiss Ask 1' }));
    expect(await screen.findByText('Something went wrong: The suggestion was not found.')).toBeTruthy();
    expect(screen.getByText('Ask 1')).toBeTruthy();
  });

  it('sends dismissals an earlier version kept in this browser to the server once, then forgets them', async () => {
    const { api, calls } = fakeApi({
      getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [] }),
      getSuggestions: async () => ({ suggestions: [suggestion('1'), suggestion('2')] }),
      dismissSuggestion: async () => undefined,
    });
    const storage = memoryStorage();
    storage.setItem('turnaround.dismissedSuggestions.u-me', JSON.stringify(['2', 'gone']));
    render(<TabApp api={api} host={fakeHost().host} storage={storage} initialView="suggestions" />);
    expect(await screen.findByText('Ask 1')).toBeTruthy();
    expect(screen.queryByText('Ask 2')).toBeNull();
    await waitFor(() => expect(storage.data.get('turnaround.dismissedSuggestions.u-me')).toBe('[]'));
    expect(calls.filter((c) => c.method === 'dismissSuggestion').map((c) => c.args)).toEqual([['2']]);
  });
});

describe('My asks', () => {
  it('lists what I asked for and its status', async () => {
    renderTab({
      getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [] }),
      getAsks: async () => ({ requests: [{ id: 'a1', source: 'email', assignee: person('Megan'), subject: 'New laptop', status: 'resolved', receivedAt: '2025-03-01T09:00:00Z', firstResponseAt: '2025-03-01T10:00:00Z', resolvedAt: '2025-03-02T10:00:00Z', firstResponseDueAt: null }] }),
    }, { view: 'asks' });
    const table = await screen.findByRole('table', { name: 'My asks' });
    expectText(table, 'New laptop');
    expectText(table, 'Megan');
    expectText(table, 'Resolved');
  });

  it('shows under each header what it says: the first response under "First response", the resolution under "Resolved"', async () => {
    renderTab({
      getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [] }),
      getAsks: async () => ({ requests: [
        { id: 'a1', source: 'email', assignee: person('Megan'), subject: 'New laptop', status: 'resolved', receivedAt: '2025-03-01T09:00:00Z', firstResponseAt: '2025-03-01T10:00:00Z', resolvedAt: '2025-03-02T10:00:00Z', firstResponseDueAt: null },
        { id: 'a2', source: 'chat', assignee: person('Raj'), subject: 'VPN access', status: 'open', receivedAt: '2025-03-03T09:00:00Z', firstResponseAt: null, resolvedAt: null, firstResponseDueAt: '2025-03-03T13:00:00Z' },
      ] }),
    }, { view: 'asks' });
    const table = await screen.findByRole('table', { name: 'My asks' });
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Request', 'Asked', 'Status', 'Sent', 'First response', 'Resolved']);
    const cells = (row: number) => within(within(table).getAllByRole('row')[row]!).getAllByRole('cell').map((c) => c.textContent);
    const fmt = (iso: string) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
    expect(cells(1).slice(4)).toEqual([`Answered ${fmt('2025-03-01T10:00:00Z')}`, fmt('2025-03-02T10:00:00Z')]);
    expect(cells(2).slice(4)).toEqual([`Due ${fmt('2025-03-03T13:00:00Z')}`, 'Not yet']);
  });
});

describe('Theme', () => {
  it('follows the host theme', async () => {
    const { api } = fakeApi({ getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [] }) });
    const host = fakeHost('default');
    const { container } = render(<TabApp api={api} host={host.host} />);
    await screen.findByText(/Nothing waiting/);
    expect(container.querySelector('[data-theme]')?.getAttribute('data-theme')).toBe('default');
    act(() => host.setTheme('dark'));
    expect(container.querySelector('[data-theme]')?.getAttribute('data-theme')).toBe('dark');
  });
});
