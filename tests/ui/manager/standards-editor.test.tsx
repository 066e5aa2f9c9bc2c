import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { SavedTeamSettings, TeamSettings, TeamSettingsSaveOutcome } from '../../../src/contracts/api';
import { ApiError } from '../../../src/ui/shared/api-error';
import { StandardsEditor } from '../../../src/ui/manager/standards-editor';
import { settings } from './dashboard-fixtures';

/** What the server says a save did, as it would for `s` saved over `before` (3 open requests, 2 of them moved). */
function outcomeOf(before: TeamSettings, s: TeamSettings): TeamSettingsSaveOutcome {
  const calendarChanged = JSON.stringify([before.calendar, before.holidays, before.pauseForOutOfOffice]) !== JSON.stringify([s.calendar, s.holidays, s.pauseForOutOfOffice]);
  return {
    appliesFrom: '2025-03-05T12:00:00.000Z',
    standardsChanged: JSON.stringify(before.standards) !== JSON.stringify(s.standards),
    dueTimes: calendarChanged ? { recomputed: 3, changed: 2 } : null,
    pastHolidaysKept: [],
    pastHolidaysNotAdded: [],
  };
}

function fakeApi(initial: TeamSettings, put?: (s: TeamSettings) => Promise<SavedTeamSettings>) {
  const saved: TeamSettings[] = [];
  return {
    saved,
    api: {
      getTeamSettings: jest.fn(async () => initial),
      putTeamSettings: jest.fn(async (_g: string, s: TeamSettings) => { saved.push(s); return put ? put(s) : { ...s, outcome: outcomeOf(initial, s) }; }),
    },
  };
}

const renderEditor = (api: ReturnType<typeof fakeApi>['api'], isOwner = true, onSaved = jest.fn()) =>
  render(<FluentProvider theme={webLightTheme}><StandardsEditor api={api} groupId="g-payroll" isOwner={isOwner} currentYear={2025} onSaved={onSaved} /></FluentProvider>);

const input = (name: string) => screen.getByRole('spinbutton', { name }) as HTMLInputElement;

describe('StandardsEditor', () => {
  it('lets an owner change a first-response target in hours and minutes and saves it', async () => {
    const { api, saved } = fakeApi(settings());
    const onSaved = jest.fn();
    renderEditor(api, true, onSaved);
    await screen.findByText('Service standards');
    expect(input('Default: first response within, hours').value).toBe('4'); // 240 min
    fireEvent.change(input('Default: first response within, hours'), { target: { value: '2' } });
    fireEvent.change(input('Default: first response within, minutes'), { target: { value: '30' } });
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: 'Save standards' })); });
    // only the standards changed: they apply to requests tracked from now on, and no due time was recomputed
    await screen.findByText('Saved. The new standards apply to requests tracked from now on; requests already tracked keep the targets they were tracked under.');
    expect(screen.queryByText(/Due times/)).toBeNull();
    expect(saved).toHaveLength(1);
    expect(saved[0]!.standards[0]!.firstResponseTargetMinutes).toBe(150); // 2 h 30 m
    expect(saved[0]!.standards[0]!.resolutionTargetMinutes).toBe(960);
    expect(onSaved).toHaveBeenCalledWith(saved[0]);
  });

  it('adds a second working window and a category-specific standard', async () => {
    const { api, saved } = fakeApi(settings());
    renderEditor(api);
    await screen.findByText('Service standards');
    fireEvent.click(screen.getByRole('button', { name: 'Add working window' }));
    const second = screen.getByRole('group', { name: 'Working window 2' });
    fireEvent.change(within(second).getByRole('textbox', { name: /starts/ }), { target: { value: '18:00' } });
    fireEvent.change(within(second).getByRole('textbox', { name: /ends/ }), { target: { value: '20:00' } });
    fireEvent.click(within(second).getByRole('checkbox', { name: 'Working window 2: friday' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add standard' }));
    const card = screen.getByRole('group', { name: 'Standard 2: Standard 2' });
    fireEvent.change(within(card).getByRole('textbox', { name: 'Name' }), { target: { value: 'Salary urgent' } });
    fireEvent.change(within(card).getByRole('combobox', { name: 'Category' }), { target: { value: 'Salary change' } });
    fireEvent.change(within(card).getByRole('combobox', { name: 'Priority' }), { target: { value: 'urgent' } });
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: 'Save standards' })); });
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.calendar.windows[1]).toEqual({ days: ['monday', 'tuesday', 'wednesday', 'thursday'], start: '18:00', end: '20:00' });
    expect(saved[0]!.standards[1]).toMatchObject({ name: 'Salary urgent', category: 'Salary change', priority: 'urgent', firstResponseTargetMinutes: 240, resolutionTargetMinutes: 960 });
  });

  it('does not send invalid settings and says what to fix, next to each field too', async () => {
    const { api, saved } = fakeApi(settings());
    renderEditor(api);
    await screen.findByText('Service standards');
    fireEvent.change(input('Default: resolution within, hours'), { target: { value: '1' } });
    fireEvent.change(input('Default: resolution within, minutes'), { target: { value: '0' } });
    fireEvent.change(input('Minimum group size'), { target: { value: '2' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Working window 1 ends (HH:MM)' }), { target: { value: '09:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save standards' }));
    const alert = await screen.findByText('Fix these 3 before saving');
    const list = alert.parentElement!;
    expect(within(list).getByText('Default: the resolution target must be at least the first-response target.')).toBeTruthy();
    expect(within(list).getByText('The minimum group size must be a whole number of at least 3.')).toBeTruthy();
    expect(within(list).getByText('Working window 1: the start and end must differ.')).toBeTruthy();
    expect(screen.getAllByText('The minimum group size must be a whole number of at least 3.')).toHaveLength(2); // list + field
    expect(saved).toHaveLength(0);
    fireEvent.change(input('Minimum group size'), { target: { value: '3' } });
    // fixing a field clears its message at once; the others stay until fixed
    expect(screen.queryAllByText('The minimum group size must be a whole number of at least 3.')).toHaveLength(0);
    expect(screen.getByText('Working window 1: the start and end must differ.')).toBeTruthy();
  });

  it('shows a non-owner the settings read-only with the owners-only notice', async () => {
    const { api } = fakeApi(settings({ privacy: { minGroupSize: 5, individualView: true } }));
    renderEditor(api, false);
    await screen.findByText("Only the team's owners edit standards. You can see them here.");
    expect(screen.queryByRole('button', { name: 'Save standards' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add standard' })).toBeNull();
    expect(input('Default: first response within, hours').readOnly).toBe(true);
    expect((screen.getByRole('switch', { name: /Individual view/ }) as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText(/Every member of the team is told in their own tab/)).toBeTruthy();
  });

  it('imports a country\'s public holidays for a year from date-holidays', async () => {
    const { api, saved } = fakeApi(settings({ holidays: ['2025-12-25'] }));
    renderEditor(api);
    const country = await screen.findByRole('combobox', { name: 'Country' });
    await waitFor(() => expect((country as HTMLSelectElement).disabled).toBe(false));
    fireEvent.change(country, { target: { value: 'GB' } });
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: 'Import public holidays' })); });
    // UK-wide 2025 public holidays: 1 Jan, 18 Apr, 21 Apr, 5 May, 26 May, 25 Dec, 26 Dec (the August bank holiday is
    // regional in date-holidays) — 25 Dec was already listed, so 6 are added
    await screen.findByText('Added 6 public holidays for United Kingdom 2025 (1 already listed).');
    const holidays = within(screen.getByRole('list', { name: 'Holidays' })).getAllByRole('listitem').map((li) => li.textContent?.replace('✕', ''));
    expect(holidays).toEqual(['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-12-25', '2025-12-26']);
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: 'Save standards' })); });
    await waitFor(() => expect(saved[0]?.holidays).toHaveLength(7));
  });

  it('shows the server\'s refusal with its code and field errors', async () => {
    const { api } = fakeApi(settings(), async () => {
      throw new ApiError({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'Only owners of the team can change its standards.', code: 'not_team_owner' });
    });
    renderEditor(api);
    await screen.findByText('Service standards');
    fireEvent.click(screen.getByRole('switch', { name: /Pause clocks/ }));
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: 'Save standards' })); });
    await screen.findByText(/Only owners of the team can change its standards. \(not_team_owner\)/);
  });

  it('shows the outcome in a MessageBar at the top of the form, scrolled into view with focus on it', async () => {
    const scrolled: Element[] = [];
    const original = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = function scrollIntoView(this: Element) { scrolled.push(this); };
    try {
      const { api } = fakeApi(settings());
      renderEditor(api);
      await screen.findByText('Service standards');
      fireEvent.change(input('Default: first response within, hours'), { target: { value: '2' } });
      await act(async () => { fireEvent.click(screen.getByRole('button', { name: 'Save standards' })); });
      const saved = await screen.findByText(/^Saved\. The new standards apply/);
      const status = screen.getByTestId('standards-status');
      expect(status.contains(saved)).toBe(true);
      // at the top: before the first section's heading, right after the editor's heading
      const heading = screen.getByRole('heading', { name: 'Standards, calendar and privacy' });
      const categories = screen.getByRole('heading', { name: 'Categories' });
      expect(heading.compareDocumentPosition(status) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
      expect(status.compareDocumentPosition(categories) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
      await waitFor(() => expect(document.activeElement).toBe(status));
      expect(scrolled).toContain(status);
    } finally {
      Element.prototype.scrollIntoView = original;
    }
  });

  it("shows the server's unknown time zone next to the time zone field and at the top", async () => {
    const { api } = fakeApi(settings(), async () => {
      throw new ApiError({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Unknown time zone "Mars/Olympus".', code: 'validation_failed', errors: [{ path: 'unknown_time_zone', message: 'Unknown time zone "Mars/Olympus".' }] });
    });
    renderEditor(api);
    const zone = await screen.findByRole('textbox', { name: /Time zone/ });
    fireEvent.change(zone, { target: { value: 'Mars/Olympus' } });
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: 'Save standards' })); });
    await screen.findByText('Not saved');
    expect(within(screen.getByTestId('standards-status')).getByText(/Unknown time zone "Mars\/Olympus"\. \(validation_failed\)/)).toBeTruthy();
    // Field puts its validation message right under the input and points the input at it
    const describedBy = zone.getAttribute('aria-describedby') ?? '';
    const message = describedBy.split(' ').map((id) => document.getElementById(id)).find((el) => el?.textContent?.includes('Unknown time zone'));
    expect(message?.textContent).toBe('Unknown time zone "Mars/Olympus".');
    expect(zone.getAttribute('aria-invalid')).toBe('true');
  });

  it('asks the browser to confirm a reload while edits are unsaved, and reports them to the parent', async () => {
    const { api } = fakeApi(settings());
    const dirty: boolean[] = [];
    render(<FluentProvider theme={webLightTheme}><StandardsEditor api={api} groupId="g-payroll" isOwner currentYear={2025} onDirtyChange={(d) => dirty.push(d)} /></FluentProvider>);
    await screen.findByText('Service standards');
    const unload = () => { const e = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(e); return e.defaultPrevented; };
    expect(unload()).toBe(false); // nothing changed yet
    fireEvent.change(input('Default: first response within, hours'), { target: { value: '2' } });
    expect(unload()).toBe(true);
    expect(dirty[dirty.length - 1]).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Discard changes' }));
    expect(unload()).toBe(false);
    expect(dirty[dirty.length - 1]).toBe(false);
  });

  it('says due times were recomputed only when the server recomputed them, with the count', async () => {
    const { api } = fakeApi(settings());
    renderEditor(api);
    await screen.findByText('Service standards');
    fireEvent.change(screen.getByRole('textbox', { name: 'Working window 1 ends (HH:MM)' }), { target: { value: '16:00' } });
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: 'Save standards' })); });
    await screen.findByText('Saved. Due times of 3 open requests were recomputed for the new calendar (2 moved); time already counted keeps the calendar it was counted with.');
    expect(screen.queryByText(/new standards/)).toBeNull();
  });

  it('says plainly "Saved." when nothing that moves a clock changed, and names past holidays the server kept or did not add', async () => {
    const { api } = fakeApi(settings(), async (s) => ({
      ...s,
      holidays: ['2025-01-01', ...s.holidays],
      outcome: { appliesFrom: '2025-03-05T12:00:00.000Z', standardsChanged: false, dueTimes: null, pastHolidaysKept: ['2025-01-01'], pastHolidaysNotAdded: ['2025-02-14'] },
    }));
    renderEditor(api);
    await screen.findByText('Service standards');
    fireEvent.change(input('Minimum group size'), { target: { value: '7' } });
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: 'Save standards' })); });
    await screen.findByText('Saved. Past holidays stay as they were, so 2025-01-01 is kept. Holidays before today are not added: 2025-02-14.');
    // the list shows what the server kept
    expect(within(screen.getByRole('list', { name: 'Holidays' })).getByText('2025-01-01')).toBeTruthy();
  });

  it('tells owners that a change applies from the save on (standards, calendar, past holidays)', async () => {
    const { api } = fakeApi(settings());
    renderEditor(api);
    await screen.findByText('Service standards');
    expect(screen.getByText(/A change applies to requests tracked after you save it; requests already tracked keep the targets they were tracked under\./)).toBeTruthy();
    expect(screen.getByText(/A change applies from when you save it: time already counted keeps the calendar it was counted with\./)).toBeTruthy();
    expect(screen.getByText(/Holidays before today stay as they were/)).toBeTruthy();
  });
});
