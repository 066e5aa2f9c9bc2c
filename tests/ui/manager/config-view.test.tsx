import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { MeResponse, TeamSettings } from '../../../src/contracts/api';
import { ConfigView } from '../../../src/ui/manager/config-view';
import { settings } from './dashboard-fixtures';
import { fakeConfigHost } from './fake-hosts';

const me = (isOwner: boolean): MeResponse => ({
  user: { id: 'u1', displayName: 'Olu Owner', mail: 'owner@contoso.test', department: 'Payroll' }, tenantId: 't1', demo: true,
  teams: [{ id: 'g-payroll', displayName: 'Payroll Services', isOwner, individualView: false }],
});

function fakeApi(isOwner: boolean, fail = false) {
  const puts: TeamSettings[] = [];
  return {
    puts,
    api: {
      getMe: async () => me(isOwner),
      getTeamSettings: async () => settings(),
      putTeamSettings: async (_g: string, s: TeamSettings) => {
        if (fail) throw new Error('database unavailable');
        puts.push(s);
        return { ...s, outcome: { appliesFrom: '2025-03-05T12:00:00.000Z', standardsChanged: false, dueTimes: null, pastHolidaysKept: [], pastHolidaysNotAdded: [] } };
      },
    },
  };
}

const renderConfig = (fake: ReturnType<typeof fakeConfigHost>, api: ReturnType<typeof fakeApi>['api']) =>
  render(<FluentProvider theme={webLightTheme}><ConfigView host={fake.host} api={api} origin="https://turnaround.test" /></FluentProvider>);

describe('ConfigView', () => {
  it('lets an owner confirm the standards and pick the start view; Save stores them and sets the tab config', async () => {
    const fake = fakeConfigHost();
    const { api, puts } = fakeApi(true);
    renderConfig(fake, api);
    await screen.findByText('Add Turnaround to Payroll Services');
    await screen.findByText(/Default \(any category, any priority\): first response within 4 h, resolved within 16 h/);
    expect(fake.validity.at(-1)).toBe(false); // not confirmed yet
    fireEvent.click(screen.getByRole('checkbox', { name: /Use these standards/ }));
    await waitFor(() => expect(fake.validity.at(-1)).toBe(true));
    fireEvent.click(screen.getByRole('radio', { name: 'Standards editor' }));
    let result = '';
    await act(async () => { result = await fake.pressSave(); });
    expect(result).toBe('success');
    expect(puts).toEqual([settings()]);
    expect(fake.configs).toEqual([{
      entityId: 'turnaround-team-g-payroll',
      contentUrl: 'https://turnaround.test/manager?team=g-payroll&view=standards',
      websiteUrl: 'https://turnaround.test/manager?team=g-payroll&view=standards',
      suggestedDisplayName: 'Turnaround',
    }]);
  });

  it('lets a member add the tab, says only owners edit standards, and never saves standards', async () => {
    const fake = fakeConfigHost();
    const { api, puts } = fakeApi(false);
    renderConfig(fake, api);
    await screen.findByText(/Only the team's owners edit standards/);
    expect(screen.queryByRole('checkbox')).toBeNull();
    await waitFor(() => expect(fake.validity.at(-1)).toBe(true));
    let result = '';
    await act(async () => { result = await fake.pressSave(); });
    expect(result).toBe('success');
    expect(puts).toEqual([]);
    expect(fake.configs).toEqual([expect.objectContaining({ contentUrl: 'https://turnaround.test/manager?team=g-payroll&view=dashboard' })]);
  });

  it('reports a failed save to the host with the reason and sets no config', async () => {
    const fake = fakeConfigHost();
    const { api } = fakeApi(true, true);
    renderConfig(fake, api);
    fireEvent.click(await screen.findByRole('checkbox', { name: /Use these standards/ }));
    let result = '';
    await act(async () => { result = await fake.pressSave(); });
    expect(result).toBe('failure: Turnaround could not be added: database unavailable');
    expect(fake.configs).toEqual([]);
  });

  it('asks to be added from a team channel when there is no team in the context', async () => {
    const fake = fakeConfigHost({ teamGroupId: null, teamName: null });
    renderConfig(fake, fakeApi(true).api);
    expect(screen.getByText('Add Turnaround to a team channel')).toBeTruthy();
    expect(fake.validity.every((v) => v === false)).toBe(true);
  });
});
