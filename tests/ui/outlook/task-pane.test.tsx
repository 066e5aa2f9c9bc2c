// Each task-pane state, rendered with Fluent UI in jsdom. The host and API are fakes at the component seam (the
// Office.js seam itself is tested in tests/unit/ui/outlook with office-addin-mock).
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { ClockView, LookupResponse, RequestAction, RequestView, TrackRequestBody } from '../../../src/contracts/api';
import { ApiError } from '../../../src/ui/shared/api-error';
import type { OpenMailItem, OutlookHost } from '../../../src/ui/outlook/outlook-host-types';
import { TaskPane, type TaskPaneApi } from '../../../src/ui/outlook/task-pane';

const ITEM: OpenMailItem = {
  itemType: 'message',
  mode: 'read',
  ewsItemId: 'AAMkAG+1/x=',
  restItemId: 'AAMkAG_1-x=',
  subject: 'Laptop for the new starter',
  from: { displayName: 'Ana Costa', emailAddress: 'ana.costa@contoso.com' },
  internetMessageId: '<1@contoso.com>',
  conversationId: 'conv-1',
};
const ANA = { id: 'u-ana', displayName: 'Ana Costa', mail: 'ana.costa@contoso.com', department: 'Sales' };

function clock(overrides: Partial<ClockView> = {}): ClockView {
  return { status: 'onTrack', targetMinutes: 240, usedMinutes: 60, remainingMinutes: 180, dueAt: '2026-11-23T14:00:00Z', stoppedAt: null, ...overrides };
}

function request(overrides: Partial<RequestView> = {}): RequestView {
  return {
    id: 'r-1', source: 'email', messageId: ITEM.restItemId!, chatId: null, webLink: null, requester: ANA,
    assignee: { id: 'u-me', displayName: 'Me', mail: 'me@contoso.com', department: 'IT' }, teamId: null,
    subject: ITEM.subject, preview: 'Could you order…', category: 'IT', priority: 'high', note: null, status: 'open',
    colleagueOverride: false, receivedAt: '2026-11-23T09:00:00Z', firstResponseAt: null, firstResponseSource: null,
    resolvedAt: null, reopenCount: 0, waitingSince: null, clocks: { firstResponse: clock(), resolution: clock({ targetMinutes: 960, remainingMinutes: 900 }) },
    ...overrides,
  };
}

interface FakeHost extends OutlookHost {
  item: OpenMailItem | null;
  categories: string[];
  fireItemChanged(): void;
}

function fakeHost(item: OpenMailItem | null, options: { categoryFails?: boolean } = {}): FakeHost {
  const listeners: (() => void)[] = [];
  const host: FakeHost = {
    item,
    categories: [],
    hostName: 'Outlook',
    supportsCategories: true,
    supportsNestedAppAuth: false,
    currentItem: () => host.item,
    addCategoryToItem: async (name) => {
      if (options.categoryFails) throw new Error('InvalidCategory');
      host.categories.push(name);
    },
    onItemChanged: async (listener) => {
      listeners.push(listener);
    },
    getSsoToken: async () => 'token',
    fireItemChanged: () => listeners.forEach((l) => l()),
  };
  return host;
}

function fakeApi(lookups: Record<string, LookupResponse>) {
  const calls = { track: [] as TrackRequestBody[], update: [] as { id: string; action: RequestAction }[] };
  const api: TaskPaneApi = {
    getMyCategories: jest.fn(async () => ({ team: { id: 'g-it', displayName: 'IT Service Desk' }, categories: ['Access', 'Hardware', 'Software'] })),
    lookupRequest: jest.fn(async (_source, messageId: string) => {
      const found = lookups[messageId];
      if (!found) throw new ApiError({ type: 'about:blank', title: 'Not found', status: 404, detail: 'No such message in your mailbox.', code: 'message_not_found' });
      return found;
    }),
    trackRequest: jest.fn(async (body: TrackRequestBody) => {
      calls.track.push(body);
      return request({ category: body.category ?? null, priority: body.priority ?? 'normal', note: body.note ?? null, colleagueOverride: body.override === true });
    }),
    updateRequest: jest.fn(async (id: string, action: RequestAction) => {
      calls.update.push({ id, action });
      if (action.action === 'untrack') return null;
      const status = action.action === 'resolve' ? 'resolved' : action.action === 'wait' ? 'waiting' : 'open';
      return request({ status, clocks: { firstResponse: clock({ status: 'met', stoppedAt: '2026-11-23T10:00:00Z' }), resolution: clock({ status: status === 'resolved' ? 'met' : 'onTrack' }) } });
    }),
  };
  return { api, calls };
}

const colleague: LookupResponse = { tracked: false, request: null, sender: { ...ANA, isColleague: true } };
const external: LookupResponse = { tracked: false, request: null, sender: { id: 'x', displayName: 'Vendor Sales', mail: 'sales@vendor.example', department: null, isColleague: false } };

function show(host: OutlookHost, api: TaskPaneApi) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <TaskPane host={host} api={api} locale="en-GB" />
    </FluentProvider>,
  );
}

const pane = () => document.querySelector('main') as HTMLElement;

describe('Outlook task pane', () => {
  it('shows a colleague\'s untracked email and tracks it with a category from the team\'s list, priority and note, adding the Outlook category', async () => {
    const host = fakeHost(ITEM);
    const { api, calls } = fakeApi({ [ITEM.restItemId!]: colleague });
    show(host, api);
    await screen.findByRole('form', { name: 'Track this email' });
    expect(api.lookupRequest).toHaveBeenCalledWith('email', 'AAMkAG_1-x=');
    expect(screen.getByText('Colleague · Sales')).toBeTruthy();
    // The category is picked from my home team's list (GET /api/me/categories), never typed.
    expect(screen.queryByRole('textbox', { name: /Category/ })).toBeNull();
    await screen.findByText(/IT Service Desk’s categories/);
    const category = screen.getByRole('combobox', { name: /Category/ });
    fireEvent.click(category);
    const listbox = await screen.findByRole('listbox');
    expect(within(listbox).getAllByRole('option').map((o) => o.textContent)).toEqual(['None', 'Access', 'Hardware', 'Software']);
    fireEvent.click(within(listbox).getByRole('option', { name: 'Hardware' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Priority' }), { target: { value: 'high' } });
    fireEvent.change(screen.getByRole('textbox', { name: /Note/ }), { target: { value: 'order by Friday' } });
    fireEvent.click(screen.getByRole('button', { name: 'Track request' }));
    const card = await screen.findByRole('region', { name: 'Tracked request' });
    expect(calls.track).toEqual([{ source: 'email', messageId: 'AAMkAG_1-x=', category: 'Hardware', priority: 'high', note: 'order by Friday' }]);
    await waitFor(() => expect(host.categories).toEqual(['Turnaround: Hardware']));
    expect(within(card).getByText(/Hardware · Outlook: Turnaround: Hardware/)).toBeTruthy();
    expect(within(card).getByText('Open')).toBeTruthy();
    expect(within(card).getByText(/^due in 3 h of working time \(\w{3} \d{2}:\d{2}( [AP]M)?\)$/)).toBeTruthy();
  });

  it('shows a tracked email\'s status, due times in working time and category, and resolves it', async () => {
    const { api, calls } = fakeApi({ [ITEM.restItemId!]: { ...colleague, tracked: true, request: request() } });
    show(fakeHost(ITEM), api);
    const card = await screen.findByRole('region', { name: 'Tracked request' });
    expect(card.getAttribute('data-status')).toBe('open');
    expect(within(card).getByText(/IT · Outlook: Turnaround: IT/)).toBeTruthy();
    expect(within(card).getByText(/^due in 3 h of working time \(\w{3} \d{2}:\d{2}( [AP]M)?\)$/)).toBeTruthy(); // first response: 180 working minutes left
    expect(within(card).getByText(/^due in 15 h of working time \(\w{3} \d{2}:\d{2}( [AP]M)?\)$/)).toBeTruthy(); // resolution: 900 working minutes left
    expect(within(card).getByText(/IT · Outlook: Turnaround: IT/)).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: 'Resolve' }));
    await waitFor(() => expect(screen.getByRole('region', { name: 'Tracked request' }).getAttribute('data-status')).toBe('resolved'));
    expect(calls.update).toEqual([{ id: 'r-1', action: { action: 'resolve' } }]);
    expect(screen.getByRole('button', { name: 'Reopen' })).toBeTruthy();
  });

  it('waits on the requester, then untracks back to the form', async () => {
    const { api, calls } = fakeApi({ [ITEM.restItemId!]: { ...colleague, tracked: true, request: request() } });
    show(fakeHost(ITEM), api);
    fireEvent.click(await screen.findByRole('button', { name: 'Wait on requester' }));
    await screen.findByRole('button', { name: 'Resume' });
    expect(screen.getByText('Waiting on requester')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Untrack' }));
    await screen.findByRole('form', { name: 'Track this email' });
    expect(calls.update.map((c) => c.action.action)).toEqual(['wait', 'untrack']);
  });

  it('explains an external sender and tracks only with the recorded override', async () => {
    const { api, calls } = fakeApi({ [ITEM.restItemId!]: external });
    show(fakeHost(ITEM), api);
    expect(await screen.findByText('Not a colleague')).toBeTruthy();
    expect(screen.getByText('External')).toBeTruthy();
    const track = screen.getByRole('button', { name: 'Track request' }) as HTMLButtonElement;
    expect(track.disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: /Track it anyway/ }));
    expect(track.disabled).toBe(false);
    fireEvent.click(track);
    await screen.findByText('External (override)');
    expect(calls.track).toEqual([{ source: 'email', messageId: 'AAMkAG_1-x=', priority: 'normal', override: true }]);
  });

  it.each([
    ['compose mode', { ...ITEM, mode: 'compose' as const, ewsItemId: null, restItemId: null }, 'compose', 'Not offered while writing'],
    ['a message not saved yet', { ...ITEM, ewsItemId: null, restItemId: null }, 'notSaved', 'This message is not saved yet'],
    ['an appointment', { ...ITEM, itemType: 'other' as const }, 'notMessage', 'Only emails can be tracked'],
    ['no selection', null, 'noItem', 'No message selected'],
  ])('for %s it explains and never calls the API', async (_name, item, state, title) => {
    const { api } = fakeApi({});
    show(fakeHost(item), api);
    expect(await screen.findByText(title)).toBeTruthy();
    expect(pane().getAttribute('data-state')).toBe(state);
    expect(api.lookupRequest).not.toHaveBeenCalled();
  });

  it('follows the selection while pinned (ItemChanged) and drops a late answer for the previous item', async () => {
    const other: OpenMailItem = { ...ITEM, ewsItemId: 'B+', restItemId: 'B_', subject: 'Payslip question' };
    const host = fakeHost(ITEM);
    let releaseFirst: (value: LookupResponse) => void = () => undefined;
    const api: TaskPaneApi = {
      ...fakeApi({}).api,
      lookupRequest: jest.fn((_s, id: string) =>
        id === ITEM.restItemId ? new Promise<LookupResponse>((resolve) => { releaseFirst = resolve; }) : Promise.resolve({ ...colleague, tracked: true, request: request({ subject: 'Payslip question', status: 'waiting' }) }),
      ),
    };
    show(host, api);
    await waitFor(() => expect(api.lookupRequest).toHaveBeenCalledTimes(1));
    host.item = other;
    act(() => host.fireItemChanged());
    await screen.findByText('Payslip question');
    await act(async () => releaseFirst(colleague)); // the first item's answer arrives late
    expect(screen.getByText('Payslip question')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Tracked request' }).getAttribute('data-status')).toBe('waiting');
  });

  it('shows an API failure with its message and retries', async () => {
    const { api } = fakeApi({});
    show(fakeHost(ITEM), api);
    expect(await screen.findByText('No such message in your mailbox.')).toBeTruthy();
    expect(pane().getAttribute('data-state')).toBe('error');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(api.lookupRequest).toHaveBeenCalledTimes(2));
  });

  it('keeps the tracked request when Outlook refuses the category, and says Graph will bring it', async () => {
    const { api } = fakeApi({ [ITEM.restItemId!]: colleague });
    show(fakeHost(ITEM, { categoryFails: true }), api);
    fireEvent.click(await screen.findByRole('button', { name: 'Track request' }));
    expect(await screen.findByText(/after its next sync/)).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Tracked request' })).toBeTruthy();
  });
});
