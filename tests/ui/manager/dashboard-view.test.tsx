import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { DashboardResponse } from '../../../src/contracts/api';
import { ApiError } from '../../../src/ui/shared/api-error';
import type { DashboardPeriod } from '../../../src/ui/shared/api-client';
import { DashboardView, NOT_ENOUGH_DATA } from '../../../src/ui/manager/dashboard-view';
import { dashboard, stats } from './dashboard-fixtures';


function fakeApi(answer: (period: DashboardPeriod) => Promise<DashboardResponse>) {
  const calls: string[] = [];
  return {
    calls,
    api: {
      getDashboard: jest.fn((groupId: string, period: DashboardPeriod) => { calls.push(`${groupId}:${period}`); return answer(period); }),
      exportCsv: jest.fn(async (groupId: string, period?: DashboardPeriod) => `department,requests\n${groupId},${period}\n`),
    },
  };
}

const renderView = (api: ReturnType<typeof fakeApi>['api'], saveFile = jest.fn()) =>
  render(<FluentProvider theme={webLightTheme}><DashboardView api={api} groupId="g-payroll" locale="en-GB" saveFile={saveFile} /></FluentProvider>);

describe('DashboardView', () => {
  it('shows the period\'s shares, medians, p90s, backlog, departments and categories ordered by breaches', async () => {
    const { api, calls } = fakeApi(async () => dashboard());
    renderView(api);
    expect(screen.getByText("Loading the team's turnaround…")).toBeTruthy();
    await screen.findByText('Payroll Services: turnaround, last 30 days');
    expect(calls).toEqual(['g-payroll:30d']);

    const first = screen.getByRole('group', { name: 'First response' });
    expect(within(first).getByText('81 %')).toBeTruthy();
    expect(within(first).getByText('1 h 35 m')).toBeTruthy(); // median 95 min
    expect(within(first).getByText('5 h')).toBeTruthy(); // p90 300 min
    const resolution = screen.getByRole('group', { name: 'Resolution' });
    expect(within(resolution).getByText('64 %')).toBeTruthy();
    expect(within(resolution).getByText('25 h')).toBeTruthy(); // p90 1500 min
    const backlog = screen.getByRole('group', { name: 'Open backlog now' });
    expect(within(backlog).getByText('9')).toBeTruthy();
    expect(within(backlog).getByText('2')).toBeTruthy();
    expect(within(backlog).getByText('21 h working time')).toBeTruthy();

    const departments = screen.getByRole('table', { name: 'Departments the team serves' });
    expect(within(departments).getAllByRole('row').map((r) => r.textContent)).toEqual([
      expect.stringContaining('Requester department'),
      expect.stringMatching(/^Sales25.*88 %.*1 h 20 m/),
      expect.stringMatching(/^Engineering17.*71 %/),
    ]);
    const categories = screen.getByRole('table', { name: 'Categories that breach most' });
    const rows = within(categories).getAllByRole('row').slice(1).map((r) => r.textContent);
    expect(rows).toEqual(['Salary change12542 %', 'Expenses10110 %']);
    const weeks = screen.getByRole('table', { name: 'Trend by week' });
    expect(within(weeks).getAllByRole('row')[1]!.textContent).toBe('17 Feb2080 %60 %');
    expect(screen.queryByRole('table', { name: /People/ })).toBeNull();
    expect(screen.queryByText(NOT_ENOUGH_DATA)).toBeNull();
  });

  it('"What counts" opens beside the figures and shows how they add up', async () => {
    // 42 received = 37 resolved + 5 open; first response 30 met, 10 missed, 1 open past target, 1 open within → 30/41;
    // resolution 24 met, 13 missed, 2 open past target, 3 within → 24/39; open now 9 = 5 + 4 received earlier
    const { api } = fakeApi(async () => dashboard({
      firstResponse: { count: 40, medianMinutes: 95, p90Minutes: 300, withinStandardShare: 30 / 41, met: 30, missed: 10, breached: 1, running: 1 },
      resolution: { count: 37, medianMinutes: 610, p90Minutes: 1500, withinStandardShare: 24 / 39, met: 24, missed: 13, breached: 2, running: 3 },
      backlog: { open: 9, breachedNow: 2, oldestOpenMinutes: 1260 },
      counts: { received: 42, resolved: 37, open: 5, openReceivedEarlier: 4 },
    }));
    renderView(api);
    const header = await screen.findByRole('button', { name: 'What counts' });
    expect(screen.queryByText(/Received in the period/)).toBeNull(); // closed until asked
    fireEvent.click(header);
    const panel = screen.getByRole('list', { name: 'What counts' });
    const items = within(panel).getAllByRole('listitem').map((li) => li.textContent);
    expect(items[0]).toBe('Received in the period: 42 requests = 37 resolved + 5 still open. Every figure below, and the tables, count only requests received in the period.');
    expect(items[1]).toBe('First response within standard 73 % = 30 met ÷ (30 met + 10 missed + 1 still open and already past the target). 1 request still open within the target is not counted until the clock stops or passes the target.');
    expect(items[2]).toMatch(/^Resolution within standard 62 % = 24 met ÷ \(24 met \+ 13 missed \+ 2 still open and already past the target\)\. 3 requests still open/);
    expect(items[3]).toBe('First response median and 90th percentile: the 40 requests whose clock has stopped. Resolution median and 90th percentile: the 37 requests whose clock has stopped.');
    expect(items[4]).toMatch(/^Open now: 9 requests, whenever received = 5 received in the period \+ 4 received before it\. Breached now: 2 requests open/);
    // the card shows the same parts as the panel
    const first = screen.getByRole('group', { name: 'First response' });
    expect(within(first).getByText('30 / 10')).toBeTruthy();
  });

  it('shows the not-enough-data notice and no numbers when the server says so', async () => {
    const { api } = fakeApi(async () => dashboard({
      enoughData: false, peopleWithData: 2, firstResponse: null, resolution: null, backlog: null, weekly: [], departments: [], categories: [],
    }));
    renderView(api);
    await screen.findByText(NOT_ENOUGH_DATA);
    expect(screen.getByText(/at least 5 people have requests in the period \(2 people have data/)).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'First response' })).toBeNull();
    expect(screen.queryAllByRole('table')).toHaveLength(0);
    expect(screen.queryByText(/%/)).toBeNull();
    expect((screen.getByRole('button', { name: 'Export CSV' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows per-person rows only when they are sent', async () => {
    const { api } = fakeApi(async () => dashboard({
      people: [{ person: { id: 'u1', displayName: 'Ada Okafor', mail: null, department: 'Payroll' }, requests: 8, firstResponse: stats(8, 60, 200, 0.75), resolution: stats(7, 400, 900, 0.5), openBacklog: 3 }],
    }));
    renderView(api);
    const people = await screen.findByRole('table', { name: 'People (individual view is on)' });
    expect(within(people).getAllByRole('row')[1]!.textContent).toBe('Ada Okafor875 %1 h50 %3');
    expect(screen.getByText(/every team member is told so/)).toBeTruthy();
  });

  it('loads another period when one is picked', async () => {
    const { api, calls } = fakeApi(async (period) => dashboard({ period: { from: '', to: '', days: period === '7d' ? 7 : 30 }, firstResponse: stats(3, 10, 20, period === '7d' ? 1 : 0.81) }));
    renderView(api);
    await screen.findByText('81 %');
    fireEvent.click(screen.getByRole('tab', { name: 'Last 7 days' }));
    await screen.findByText('100 %');
    expect(calls).toEqual(['g-payroll:30d', 'g-payroll:7d']);
  });

  it('exports the period\'s CSV through the API', async () => {
    const { api } = fakeApi(async () => dashboard());
    const saveFile = jest.fn();
    renderView(api, saveFile);
    const button = await screen.findByRole('button', { name: 'Export CSV' });
    await act(async () => { fireEvent.click(button); });
    await waitFor(() => expect(saveFile).toHaveBeenCalledWith('turnaround-Payroll Services-30d.csv', 'department,requests\ng-payroll,30d\n'));
  });

  it('shows the error with its code and retries', async () => {
    let fail = true;
    const { api } = fakeApi(async () => {
      if (fail) throw new ApiError({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'You are not a member of this team.', code: 'forbidden' });
      return dashboard();
    });
    renderView(api);
    await screen.findByText(/You are not a member of this team. \(forbidden\)/);
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByText('81 %');
  });
});
