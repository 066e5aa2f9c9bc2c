/**
 * What reaches a person's Teams activity feed, chosen in My turnaround (issue 20), with fakes only at the API and host
 * seams: the three choices as a labelled radio group with the default checked for a person who never chose; the text
 * that says what is sent, when and how to stop it; a choice saved as it is made; a refused save put back; a failed
 * read that can be retried; the same in Teams' light, dark and high-contrast themes.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { MyPreferences } from '../../../src/contracts/api';
import { ApiError } from '../../../src/ui/shared/api-error';
import type { TeamsThemeName } from '../../../src/ui/shared/theme';
import { TabApp } from '../../../src/ui/tab/tab-app';
import { fakeApi, fakeHost, memoryStorage, stats } from './fake-tab-services';

beforeAll(() => {
  for (const [prop, value] of [['offsetHeight', 600], ['offsetWidth', 800], ['clientHeight', 600], ['clientWidth', 800]] as const) {
    Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get() { return value; } });
  }
});

const WHAT_IS_SENT = 'Turnaround posts to your Teams activity feed when a request you hold is at risk (75 % of its target used) or breached, only inside your working hours; outside them it waits for your digest at the start of your next working day. A request whose time ran out overnight is counted in that morning\'s digest, not warned about on its own.';

function renderTurnaround(impl: Parameters<typeof fakeApi>[0], theme: TeamsThemeName = 'default') {
  const { api, calls } = fakeApi({ getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [] }), getStats: async () => stats(), ...impl });
  render(<TabApp api={api} host={fakeHost(theme).host} storage={memoryStorage()} syncPollMs={10} initialView="turnaround" />);
  return { calls };
}

const group = () => screen.findByRole('radiogroup', { name: 'Send me' });
const radio = (name: string) => screen.getByRole('radio', { name: new RegExp(`^${name}`) }) as HTMLInputElement;
const checked = () => screen.getAllByRole('radio').filter((r) => (r as HTMLInputElement).checked).map((r) => (r as HTMLInputElement).value);
const saves = (calls: ReturnType<typeof fakeApi>['calls']) => calls.filter((c) => c.method === 'setPreferences').map((c) => c.args[0]);

describe('warnings in Teams, in My turnaround', () => {
  it.each(['default', 'dark', 'contrast'] as TeamsThemeName[])('offers the three choices with the default checked and says what is sent, when and how to stop it (%s theme)', async (theme) => {
    renderTurnaround({}, theme);
    const choices = await group();
    const section = screen.getByRole('region', { name: 'Warnings in Teams' });
    expect(within(section).getByText(WHAT_IS_SENT)).toBeTruthy();
    expect(within(choices).getAllByRole('radio').map((r) => (r as HTMLInputElement).value)).toEqual(['warningsAndDigest', 'digestOnly', 'off']);
    expect(radio('Warnings and digest').checked).toBe(true);
    expect(radio('Digest only').checked).toBe(false);
    expect(radio('Off').checked).toBe(false);
    // Each choice's label carries what it means.
    expect(radio('Digest only').labels?.[0]?.textContent).toContain('no warnings during the day');
    expect(within(section).getByText(/Off stops both/)).toBeTruthy();
  });

  it('shows the stored choice, and saves a new one as it is made', async () => {
    const { calls } = renderTurnaround({
      getPreferences: async () => ({ warnings: 'off' }),
      setPreferences: async (p: MyPreferences) => p,
    });
    await group();
    await waitFor(() => expect(checked()).toEqual(['off']));
    fireEvent.click(radio('Digest only'));
    await waitFor(() => expect(saves(calls)).toEqual([{ warnings: 'digestOnly' }]));
    // Announced to screen readers as a status.
    expect((await screen.findByText('Saved: Digest only.')).getAttribute('role')).toBe('status');
    expect(checked()).toEqual(['digestOnly']);
    // Choosing what is already chosen sends nothing.
    fireEvent.click(radio('Digest only'));
    expect(saves(calls)).toEqual([{ warnings: 'digestOnly' }]);
  });

  it('puts the previous choice back and says why when the server refuses the save', async () => {
    const { calls } = renderTurnaround({
      setPreferences: async () => {
        throw new ApiError({ type: 'about:blank', title: 'Bad request', status: 400, detail: 'The request is not valid.', code: 'validation_failed' });
      },
    });
    await group();
    fireEvent.click(radio('Off'));
    await waitFor(() => expect(saves(calls)).toEqual([{ warnings: 'off' }]));
    expect(await screen.findByText(/^Not saved: /)).toBeTruthy();
    await waitFor(() => expect(checked()).toEqual(['warningsAndDigest']));
    expect(screen.queryByText(/^Saved: /)).toBeNull();
  });

  it('says when the choice cannot be read, and reads it again on Retry', async () => {
    let reads = 0;
    renderTurnaround({
      getPreferences: async () => {
        reads += 1;
        if (reads === 1) throw new ApiError({ type: 'about:blank', title: 'Service unavailable', status: 503, detail: 'Try again.', code: 'unavailable' });
        return { warnings: 'digestOnly' };
      },
    });
    const section = await screen.findByRole('region', { name: 'Warnings in Teams' });
    expect(await within(section).findByText('Your choice could not be read.')).toBeTruthy();
    expect(within(section).queryByRole('radiogroup')).toBeNull();
    fireEvent.click(within(section).getByRole('button', { name: 'Retry' }));
    await group();
    expect(checked()).toEqual(['digestOnly']);
    expect(reads).toBe(2);
  });
});
