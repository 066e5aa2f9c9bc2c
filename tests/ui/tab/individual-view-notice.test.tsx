import { render, screen, waitFor } from '@testing-library/react';
import type { MeResponse } from '../../../src/contracts/api';
import { TabApp } from '../../../src/ui/tab/tab-app';
import { fakeApi, fakeHost, memoryStorage } from './fake-tab-services';

const me = (teams: MeResponse['teams']): MeResponse => ({ user: { id: 'u-me', displayName: 'Me', mail: null, department: 'IT' }, tenantId: 't', teams, demo: true });

function renderTab(getMe: () => Promise<MeResponse>) {
  const { api, calls } = fakeApi({ getMe, getQueue: async () => ({ stamp: 'stamp-1', now: '2025-03-10T09:00:00Z', requests: [] }) });
  render(<TabApp api={api} host={fakeHost().host} storage={memoryStorage()} syncPollMs={10} />);
  return calls;
}

describe('individual view notice in my own tab', () => {
  it('names the teams whose owners see per-person rows', async () => {
    renderTab(async () => me([
      { id: 'g-1', displayName: 'IT Service Desk', isOwner: false, individualView: true },
      { id: 'g-2', displayName: 'Payroll', isOwner: false, individualView: false },
    ]));
    const notice = await screen.findByText('Individual view is on');
    const text = notice.closest('[role="status"]')?.textContent ?? '';
    expect(text).toContain('IT Service Desk');
    expect(text).not.toContain('Payroll');
  });

  it('shows nothing when no team has individual view on', async () => {
    const calls = renderTab(async () => me([{ id: 'g-2', displayName: 'Payroll', isOwner: true, individualView: false }]));
    await waitFor(() => expect(calls.some((c) => c.method === 'getMe')).toBe(true));
    await waitFor(() => expect(screen.queryByText('Individual view is on')).toBeNull());
  });
});
