/**
 * The team a person's requests count for, in the personal tab (fakes only at the API and host seams): asked once, in a
 * message bar above the queue, when the person is in several teams and has not chosen — the queue stays usable under
 * it; changed later in My turnaround; and a request moved to another team from its detail panel.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { HomeTeamResponse, MeResponse, RequestView } from '../../../src/contracts/api';
import { ApiError } from '../../../src/ui/shared/api-error';
import { TabApp } from '../../../src/ui/tab/tab-app';
import { fakeApi, fakeHost, memoryStorage, request, stats } from './fake-tab-services';

beforeAll(() => {
  for (const [prop, value] of [['offsetHeight', 600], ['offsetWidth', 800], ['clientHeight', 600], ['clientWidth', 800]] as const) {
    Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get() { return value; } });
  }
});

const IT = { id: 'g-1', displayName: 'IT Service Desk' };
const PAYROLL = { id: 'g-2', displayName: 'Payroll' };
const SALES = { id: 'g-3', displayName: 'Sales' };
const asked: HomeTeamResponse = { team: null, source: null, choiceNeeded: true, teams: [IT, PAYROLL] };
const me = (teams: { id: string; displayName: string }[]): MeResponse => ({
  user: { id: 'u-me', displayName: 'Me', mail: null, department: 'IT' }, tenantId: 't', demo: true,
  teams: teams.map((t) => ({ ...t, isOwner: false, individualView: false })),
});

function renderTab(impl: Parameters<typeof fakeApi>[0], initialView?: 'queue' | 'turnaround') {
  const { api, calls } = fakeApi(impl);
  render(<TabApp api={api} host={fakeHost().host} storage={memoryStorage()} syncPollMs={10} initialView={initialView} />);
  return { calls };
}

/** Opens a Fluent dropdown by its accessible name and picks an option; returns the options it offered. */
async function choose(comboboxName: string | RegExp, option: string, hidden = false): Promise<string[]> {
  const combobox = await screen.findByRole('combobox', { name: comboboxName, hidden });
  fireEvent.click(combobox);
  // The list the dropdown controls (a chart legend elsewhere on the page is a listbox too).
  const listbox = await waitFor(() => {
    const found = document.getElementById(combobox.getAttribute('aria-controls') ?? '');
    if (found === null) throw new Error(`${String(comboboxName)} has not opened its list`);
    return found;
  });
  const offered = within(listbox).getAllByRole('option', { hidden }).map((o) => o.textContent ?? '');
  fireEvent.click(within(listbox).getByRole('option', { name: option, hidden }));
  return offered;
}

describe('the home team prompt', () => {
  it('asks a person in several teams above the queue, which stays usable; Save stores the choice and says so', async () => {
    const { calls } = renderTab({
      getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [request('r1', { subject: 'Laptop for the new starter' })] }),
      getHomeTeam: async () => asked,
      setHomeTeam: async (teamId) => ({ team: teamId === PAYROLL.id ? PAYROLL : IT, source: 'chosen', choiceNeeded: false, teams: [IT, PAYROLL] }),
    });
    const prompt = await screen.findByRole('group', { name: 'Which team do your requests count for?' });
    expect(prompt.textContent).toContain('Until you choose, requests you track get no team and the default standards.');
    // Not blocking: the queue is there and its rows answer.
    expect(await screen.findByRole('button', { name: 'Laptop for the new starter' })).toBeTruthy();
    const save = within(prompt).getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);

    expect(await choose('Your requests count for', 'Payroll')).toEqual(['IT Service Desk', 'Payroll']);
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    await waitFor(() => expect(calls.filter((c) => c.method === 'setHomeTeam').map((c) => c.args)).toEqual([['g-2']]));
    expect(await screen.findByText('Your requests now count for Payroll.')).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'Which team do your requests count for?' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByText('Your requests now count for Payroll.')).toBeNull());
  });

  it.each([
    ['a person in one team', { team: IT, source: 'onlyTeam', choiceNeeded: false, teams: [IT] }],
    ['a person who has chosen', { team: PAYROLL, source: 'chosen', choiceNeeded: false, teams: [IT, PAYROLL] }],
    ['a person in no team', { team: null, source: null, choiceNeeded: false, teams: [] }],
  ] as [string, HomeTeamResponse][])('does not ask %s', async (_who, answer) => {
    const { calls } = renderTab({ getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [request('r1')] }), getHomeTeam: async () => answer });
    await screen.findByRole('button', { name: 'Subject r1' });
    await waitFor(() => expect(calls.some((c) => c.method === 'getHomeTeam')).toBe(true));
    expect(screen.queryByRole('group', { name: 'Which team do your requests count for?' })).toBeNull();
    expect(screen.queryByRole('combobox', { name: 'Your requests count for' })).toBeNull();
  });

  it('a team the person has left since: says so and reads their teams again', async () => {
    let answer = asked;
    const { calls } = renderTab({
      getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [] }),
      getHomeTeam: async () => answer,
      setHomeTeam: async () => {
        answer = { ...asked, teams: [IT, SALES] };
        throw new ApiError({ type: 'about:blank', title: 'Bad request', status: 400, detail: 'You are not a member of that team.', code: 'not_a_member' });
      },
    });
    await choose('Your requests count for', 'Payroll');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('You are not in that team any more. Choose one of your teams.')).toBeTruthy();
    await waitFor(() => expect(calls.filter((c) => c.method === 'getHomeTeam')).toHaveLength(2));
    fireEvent.click(screen.getByRole('combobox', { name: 'Your requests count for' }));
    expect(within(await screen.findByRole('listbox')).getAllByRole('option').map((o) => o.textContent)).toEqual(['IT Service Desk', 'Sales']);
  });
});

describe('the home team in My turnaround', () => {
  it('shows the chosen team and changes it', async () => {
    const { calls } = renderTab({
      getStats: async () => stats(),
      getHomeTeam: async () => ({ team: IT, source: 'chosen', choiceNeeded: false, teams: [IT, PAYROLL] }),
      setHomeTeam: async () => ({ team: PAYROLL, source: 'chosen', choiceNeeded: false, teams: [IT, PAYROLL] }),
    }, 'turnaround');
    const setting = await screen.findByRole('region', { name: 'Home team' });
    const combobox = within(setting).getByRole('combobox', { name: 'Your requests count for' });
    expect(combobox.textContent).toBe('IT Service Desk');
    expect((within(setting).getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
    await choose('Your requests count for', 'Payroll');
    fireEvent.click(within(setting).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'setHomeTeam').map((c) => c.args)).toEqual([['g-2']]));
    expect((await within(setting).findByRole('status')).textContent).toBe('Your requests now count for Payroll.');
  });

  it('says which team counts for a person in one team, with nothing to choose', async () => {
    renderTab({ getStats: async () => stats(), getHomeTeam: async () => ({ team: IT, source: 'onlyTeam', choiceNeeded: false, teams: [IT] }) }, 'turnaround');
    const setting = await screen.findByRole('region', { name: 'Home team' });
    expect(setting.textContent).toContain('Your requests count for IT Service Desk, your only team.');
    expect(within(setting).queryByRole('combobox')).toBeNull();
  });
});

/*
 * Queries inside the drawer pass `hidden: true`: under jsdom, Tabster marks the open drawer aria-hidden a moment after
 * the queue re-renders behind it (see request-detail-panel.test.tsx).
 */
describe('the team field of the request detail panel', () => {
  const openPanel = async (subject: string) => {
    fireEvent.click(await screen.findByRole('button', { name: subject }));
    return screen.findByRole('dialog', { hidden: true });
  };

  it('shows the request’s team and moves it to another of my teams', async () => {
    let r: RequestView = request('r1', { subject: 'Payslip question', teamId: IT.id, category: null });
    const { calls } = renderTab({
      getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [r] }),
      getRequestDetail: async () => ({ request: r, events: [] }),
      getMe: async () => me([IT, PAYROLL]),
      changeRequest: async (id, action) => {
        r = request(id, { subject: 'Payslip question', teamId: action.action === 'update' ? action.teamId ?? r.teamId : r.teamId, category: null });
        return { request: r, undo: null };
      },
    });
    const dialog = await openPanel('Payslip question');
    const team = await within(dialog).findByRole('combobox', { name: 'Team', hidden: true });
    await waitFor(() => expect(team.textContent).toBe('IT Service Desk'));
    expect(within(dialog).queryByRole('button', { name: 'Move', hidden: true })).toBeNull();
    expect(await choose('Team', 'Payroll', true)).toEqual(['IT Service Desk', 'Payroll']);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Move', hidden: true }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'changeRequest').map((c) => c.args)).toEqual([['r1', { action: 'update', teamId: 'g-2' }]]));
    await waitFor(() => expect(within(dialog).getByRole('combobox', { name: 'Team', hidden: true }).textContent).toBe('Payroll'));
    expect(within(dialog).queryByRole('button', { name: 'Move', hidden: true })).toBeNull();
  });

  it('a category the new team lacks: shows the server’s reason and moves without the category when asked', async () => {
    let r: RequestView = request('r1', { subject: 'Payslip question', teamId: null, category: 'Access' });
    const { calls } = renderTab({
      getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [r] }),
      getRequestDetail: async () => ({ request: r, events: [] }),
      getMe: async () => me([IT, PAYROLL]),
      changeRequest: async (id, action) => {
        if (action.action === 'update' && action.category !== null) {
          throw new ApiError({ type: 'about:blank', title: 'Bad request', status: 400, detail: '"Access" is not one of Payroll\'s categories (Pay, Expenses, Other): move the request with one of them, or with no category.', code: 'unknown_category' });
        }
        r = request(id, { subject: 'Payslip question', teamId: PAYROLL.id, category: null });
        return { request: r, undo: null };
      },
    });
    const dialog = await openPanel('Payslip question');
    const team = await within(dialog).findByRole('combobox', { name: 'Team', hidden: true });
    expect(team.textContent).toBe('No team (default standards)');
    await choose('Team', 'Payroll', true);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Move', hidden: true }));
    expect(await within(dialog).findByText(/is not one of Payroll's categories \(Pay, Expenses, Other\)/, {}, { timeout: 3000 })).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Move without the category', hidden: true }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'changeRequest').map((c) => c.args)).toEqual([
      ['r1', { action: 'update', teamId: 'g-2' }],
      ['r1', { action: 'update', teamId: 'g-2', category: null }],
    ]));
    await waitFor(() => expect(within(dialog).getByRole('combobox', { name: 'Team', hidden: true }).textContent).toBe('Payroll'));
    expect(dialog.textContent).not.toContain('is not one of Payroll');
  });

  it('names the team without offering a move when the person has no other team', async () => {
    const r = request('r1', { subject: 'Payslip question', teamId: IT.id });
    renderTab({ getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [r] }), getRequestDetail: async () => ({ request: r, events: [] }), getMe: async () => me([IT]) });
    const dialog = await openPanel('Payslip question');
    await waitFor(() => expect(dialog.textContent).toContain('IT Service Desk'));
    expect(within(dialog).queryByRole('combobox', { name: 'Team', hidden: true })).toBeNull();
  });
});
