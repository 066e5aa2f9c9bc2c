/**
 * The owners' digest switch in the team's settings (issue 20): off by default, an owner turns it on and the save sends
 * `ownersDigest: true`; its text says what is sent and when, and whether people are named (only with individual view
 * on); members see it read-only. Rendered in Teams' light, dark and high-contrast themes like the rest of the tab.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { FluentProvider, teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, type Theme } from '@fluentui/react-components';
import type { SavedTeamSettings, TeamSettings } from '../../../src/contracts/api';
import { StandardsEditor } from '../../../src/ui/manager/standards-editor';
import { settings } from './dashboard-fixtures';

function fakeApi(initial: TeamSettings) {
  const saved: TeamSettings[] = [];
  return {
    saved,
    api: {
      getTeamSettings: jest.fn(async () => initial),
      putTeamSettings: jest.fn(async (_g: string, s: TeamSettings): Promise<SavedTeamSettings> => {
        saved.push(s);
        return { ...s, outcome: { appliesFrom: '2025-03-05T12:00:00.000Z', standardsChanged: false, dueTimes: null, pastHolidaysKept: [], pastHolidaysNotAdded: [] } };
      }),
    },
  };
}

const renderEditor = (api: ReturnType<typeof fakeApi>['api'], isOwner: boolean, theme: Theme = teamsLightTheme) =>
  render(<FluentProvider theme={theme}><StandardsEditor api={api} groupId="g-payroll" isOwner={isOwner} currentYear={2025} /></FluentProvider>);

const digestSwitch = () => screen.getByRole('switch', { name: /Owners' digest/ }) as HTMLInputElement;

describe('the owners’ digest switch', () => {
  it.each([['light', teamsLightTheme], ['dark', teamsDarkTheme], ['high contrast', teamsHighContrastTheme]] as [string, Theme][])(
    'lets an owner turn it on; the save sends it and the text says what is sent and when (%s theme)',
    async (_name, theme) => {
      const { api, saved } = fakeApi(settings());
      renderEditor(api, true, theme);
      await screen.findByText('Service standards');
      expect(screen.getByRole('heading', { name: 'Owners\' digest' })).toBeTruthy();
      expect(digestSwitch().checked).toBe(false);
      expect(screen.getByText(/^Off: owners get no digest\./)).toBeTruthy();
      // Individual view is off in the fixture: counts only.
      expect(screen.getByText('Individual view is off, so the digest names nobody: counts only.')).toBeTruthy();

      fireEvent.click(digestSwitch());
      expect(digestSwitch().checked).toBe(true);
      expect(screen.getByText(/At the start of each owner's working day, Turnaround posts to their Teams activity feed how many of the team's requests are breached and at risk, and the age of the oldest open request\./)).toBeTruthy();
      await act(async () => { fireEvent.click(screen.getByRole('button', { name: 'Save standards' })); });
      await waitFor(() => expect(saved).toHaveLength(1));
      expect(saved[0]).toMatchObject({ ownersDigest: true, privacy: { minGroupSize: 5, individualView: false } });
    },
  );

  it('says people are named while individual view is on, and follows the individual view switch', async () => {
    const { api } = fakeApi(settings({ ownersDigest: true, privacy: { minGroupSize: 5, individualView: true } }));
    renderEditor(api, true);
    await screen.findByText('Service standards');
    expect(digestSwitch().checked).toBe(true);
    expect(screen.getByText('Individual view is on, so the digest names the people holding those requests.')).toBeTruthy();
    fireEvent.click(screen.getByRole('switch', { name: /Individual view/ }));
    expect(screen.getByText('Individual view is off, so the digest names nobody: counts only.')).toBeTruthy();
  });

  it('shows a member the setting read-only', async () => {
    const { api } = fakeApi(settings({ ownersDigest: true }));
    renderEditor(api, false);
    await screen.findByText("Only the team's owners edit standards. You can see them here.");
    expect(digestSwitch().checked).toBe(true);
    expect(digestSwitch().disabled).toBe(true);
  });
});
