import { fireEvent, render, screen, within } from '@testing-library/react';
import { TabApp } from '../../../src/ui/tab/tab-app';
import { fakeApi, fakeHost, memoryStorage, stats } from './fake-tab-services';

describe('My turnaround: What counts', () => {
  it('says which requests each figure includes, with numbers that add up', async () => {
    // 9 received = 6 resolved + 3 open; first response 5 met, 1 missed, 2 open past target, 1 within → 5/8;
    // resolution 4 met, 2 missed, 1 open past target, 2 within → 4/7; open now 5 = 3 from the period + 2 earlier
    const answer = stats({
      firstResponse: { count: 6, medianMinutes: 60, p90Minutes: 200, withinStandardShare: 5 / 8, met: 5, missed: 1, breached: 2, running: 1 },
      resolution: { count: 6, medianMinutes: 400, p90Minutes: 900, withinStandardShare: 4 / 7, met: 4, missed: 2, breached: 1, running: 2 },
      openBacklog: 5,
      counts: { received: 9, resolved: 6, open: 3, openReceivedEarlier: 2 },
      weeksTimeZone: 'Europe/Berlin',
    });
    const { api } = fakeApi({ getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [] }), getStats: async () => answer });
    render(<TabApp api={api} host={fakeHost().host} storage={memoryStorage()} initialView="turnaround" syncPollMs={10} />);
    fireEvent.click(await screen.findByRole('button', { name: 'What counts' }));
    const items = within(screen.getByRole('list', { name: 'What counts' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(items[0]).toMatch(/^Received in the period: 9 requests = 6 resolved \+ 3 still open\./);
    expect(items[1]).toMatch(/^First response within standard 63 % = 5 met ÷ \(5 met \+ 1 missed \+ 2 still open and already past the target\)\. 1 request still open within the target is not counted/);
    expect(items[2]).toMatch(/^Resolution within standard 57 % = 4 met ÷ \(4 met \+ 2 missed \+ 1 still open and already past the target\)\. 2 requests still open/);
    expect(items[4]).toBe('Open now: 5 requests, whenever received = 3 received in the period + 2 received before it.');
    expect(items[5]).toBe('Weeks run from Monday 00:00 to the next Monday 00:00 in the Europe/Berlin time zone.');
    // the cards show the same parts
    const firstCard = screen.getAllByRole('heading', { name: 'First response' })[0]!.closest('.fui-Card') as HTMLElement;
    expect(firstCard.textContent).toContain('Met / missed5 / 1');
    expect(firstCard.textContent).toContain('Open past target2');
  });
});
