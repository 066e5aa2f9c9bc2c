// "Track a chat" and "Suggestions" with their shared category list, rendered with Fluent UI in jsdom; the API and the
// host are fakes at the tab's seam.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { MyCategoriesResponse, RecentChatMessage, Suggestion } from '../../../src/contracts/api';
import type { ApiClient } from '../../../src/ui/shared/api-client';
import { SuggestionsView } from '../../../src/ui/tab/suggestions-view';
import { TabServicesProvider } from '../../../src/ui/tab/tab-services';
import { TrackChatView } from '../../../src/ui/tab/track-chat-view';
import { clock, fakeApi, fakeHost, memoryStorage, request } from './fake-tab-services';

const IT_DESK: MyCategoriesResponse = { team: { id: 'g-it', displayName: 'IT Service Desk' }, categories: ['Access', 'Hardware', 'Software'] };
const person = (name: string) => ({ id: `id-${name}`, displayName: name, mail: null, department: 'HR' });

function show(view: 'suggestions' | 'trackChat', impl: Partial<ApiClient>) {
  const { api, calls } = fakeApi({ getMyCategories: async () => IT_DESK, ...impl });
  const onTracked = jest.fn();
  render(
    <FluentProvider theme={webLightTheme}>
      <TabServicesProvider services={{ api, host: fakeHost().host, storage: memoryStorage() }}>
        {view === 'suggestions' ? <SuggestionsView onTracked={onTracked} /> : <TrackChatView onTracked={onTracked} />}
      </TabServicesProvider>
    </FluentProvider>,
  );
  return { calls, onTracked };
}

async function pickCategory(name: string): Promise<string[]> {
  await screen.findByText('IT Service Desk\'s categories');
  fireEvent.click(screen.getByRole('combobox', { name: /Category/ }));
  const listbox = await screen.findByRole('listbox');
  const offered = within(listbox).getAllByRole('option').map((o) => o.textContent ?? '');
  fireEvent.click(within(listbox).getByRole('option', { name }));
  return offered;
}

const suggestion = (id: string): Suggestion => ({
  id, source: 'email', messageId: `m-${id}`, chatId: null, from: person('Raul Ortega'), subject: `Access to the finance share ${id}`,
  preview: 'Could you give me access?', receivedAt: '2025-03-10T08:00:00Z', reason: "says 'could you'", answered: false, score: 0.7,
});

describe('the category list of the team my requests belong to', () => {
  it('offers my home team\'s categories (GET /api/me/categories), not a union of my teams\' lists, and tracks with one', async () => {
    const chat: RecentChatMessage = { chatId: 'c1', messageId: 'cm1', chatTopic: null, from: person('Ana'), preview: 'Can you reset my CRM password?', createdAt: '2025-03-10T08:00:00Z', tracked: false };
    const { calls } = show('trackChat', {
      getRecentChats: async () => ({ messages: [chat] }),
      trackRequest: async () => request('t1'),
    });
    expect(await pickCategory('Software')).toEqual(['No category', 'Access', 'Hardware', 'Software']);
    fireEvent.click(await screen.findByRole('button', { name: 'Track the message from Ana' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'trackRequest')).toBe(true));
    expect(calls.find((c) => c.method === 'trackRequest')?.args[0]).toMatchObject({ source: 'chat', chatId: 'c1', messageId: 'cm1', category: 'Software' });
    expect(calls.some((c) => c.method === 'getTeamSettings' || c.method === 'getMe')).toBe(false);
  });
});

describe('Suggestions: accepting one says so', () => {
  it('confirms in a message bar with the subject and the first response\'s due time in working time', async () => {
    const { calls, onTracked } = show('suggestions', {
      getSuggestions: async () => ({ suggestions: [suggestion('1'), suggestion('2')] }),
      trackRequest: async () => request('t1', {
        subject: 'Access to the finance share 1',
        clocks: { firstResponse: clock({ remainingMinutes: 172, dueAt: '2025-03-10T13:00:00Z' }), resolution: clock({ targetMinutes: 960, remainingMinutes: 960 }) },
      }),
    });
    await pickCategory('Access');
    const list = await screen.findByRole('list', { name: 'Suggestions' });
    expect(screen.queryByTestId('track-confirmation')).toBeNull();
    fireEvent.click(within(within(list).getAllByRole('listitem')[0]!).getByRole('button', { name: 'Track' }));
    const bar = await screen.findByTestId('track-confirmation');
    expect(bar.textContent).toContain('Tracked');
    expect(bar.textContent).toContain('“Access to the finance share 1” is in your queue — first response due in 2 h 52 m of working time');
    expect(bar.textContent).toMatch(/\(Mon \d\d:\d\d\)/);
    expect(calls.find((c) => c.method === 'trackRequest')?.args[0]).toMatchObject({ messageId: 'm-1', category: 'Access' });
    expect(onTracked).toHaveBeenCalled();
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    await act(async () => fireEvent.click(within(bar).getByRole('button', { name: 'Close this message' })));
    expect(screen.queryByTestId('track-confirmation')).toBeNull();
  });

  it('names the resolution clock when the request was answered already', async () => {
    show('suggestions', {
      getSuggestions: async () => ({ suggestions: [suggestion('1')] }),
      trackRequest: async () => request('t1', {
        clocks: { firstResponse: clock({ status: 'met', usedMinutes: 30, stoppedAt: '2025-03-10T09:00:00Z' }), resolution: clock({ targetMinutes: 960, remainingMinutes: 600 }) },
      }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Track' }));
    expect((await screen.findByTestId('track-confirmation')).textContent).toContain('resolution due in 10 h of working time');
  });
});

describe('Track a chat: the message first, the button at the end', () => {
  it('puts who wrote it and the message text before the Track button in each row', async () => {
    const chat: RecentChatMessage = { chatId: 'c1', messageId: 'cm1', chatTopic: 'Payroll', from: person('Ana'), preview: 'Could you check my overtime?', createdAt: '2025-03-10T08:00:00Z', tracked: false };
    show('trackChat', { getRecentChats: async () => ({ messages: [chat] }) });
    const list = await screen.findByRole('list', { name: 'Track a chat' });
    const row = within(list).getAllByRole('listitem')[0]!;
    const text = within(row).getByText('Could you check my overtime?');
    const sender = within(row).getByText(/^Ana/);
    const button = within(row).getByRole('button', { name: 'Track the message from Ana' });
    // Document order is reading order: sender, then the message, then the button (last in the row).
    expect(sender.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(text.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const focusable = within(row).getAllByRole('button');
    expect(focusable[focusable.length - 1]).toBe(button);
  });
});
