/**
 * The queue keeps itself current (issue 19, "the tab stays live"): while the page is visible it asks for the open
 * queue's stamp and reads the queue again only when the stamp differs from the one its queue came with — so a first
 * response that a change notification brought in shows without the person doing anything, and an unchanged queue
 * costs one small ask per turn, never a queue read. A hidden page does not ask.
 */
import { configure, render, screen, waitFor } from '@testing-library/react';
import type { RequestView } from '../../../src/contracts/api';
import { TabApp } from '../../../src/ui/tab/tab-app';
import { clock, fakeApi, fakeHost, memoryStorage, request } from './fake-tab-services';

configure({ asyncUtilTimeout: 5_000 });

beforeAll(() => {
  for (const [prop, value] of [['offsetHeight', 600], ['offsetWidth', 800], ['clientHeight', 600], ['clientWidth', 800]] as const) {
    Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get() { return value; } });
  }
});

let visibility: DocumentVisibilityState = 'visible';
beforeEach(() => {
  visibility = 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
});

/** A server whose queue and stamp move together: `change` replaces the rows and gives the queue a new stamp. */
function server(initial: RequestView[]) {
  let rows = initial;
  let version = 1;
  return {
    change(next: RequestView[]) { rows = next; version += 1; },
    impl: {
      getQueue: async () => ({ stamp: `v${version}`, now: '2025-03-10T10:00:00Z', requests: rows }),
      getQueueStamp: async () => ({ stamp: `v${version}` }),
    },
  };
}

function renderTab(impl: Parameters<typeof fakeApi>[0]) {
  const { api, calls } = fakeApi(impl);
  render(<TabApp api={api} host={fakeHost().host} storage={memoryStorage()} syncPollMs={10} queueStampPollMs={20} />);
  return { count: (method: string) => calls.filter((c) => c.method === method).length };
}

it('shows a first response that arrived on the server without any action of the person', async () => {
  const s = server([request('r1')]);
  renderTab(s.impl);
  await screen.findByText('Subject r1');
  const due = () => screen.getByText('Subject r1').closest('[role="listitem"]')?.querySelector('[data-part="due"]')?.textContent ?? '';
  expect(due()).toContain('First response: due in');

  const answered = request('r1', {
    firstResponseAt: '2025-03-10T10:05:00Z', firstResponseSource: 'email',
    clocks: { firstResponse: clock({ status: 'met', usedMinutes: 125, remainingMinutes: 115, stoppedAt: '2025-03-10T10:05:00Z' }), resolution: clock({ targetMinutes: 960, remainingMinutes: 835 }) },
  });
  s.change([answered, request('r2')]);
  await screen.findByText('Subject r2');
  await waitFor(() => expect(due()).not.toContain('First response'));
});

it('asks for the stamp but does not read the queue again while the stamp is unchanged', async () => {
  const s = server([request('r1')]);
  const { count } = renderTab(s.impl);
  await screen.findByText('Subject r1');
  const reads = count('getQueue');
  await waitFor(() => expect(count('getQueueStamp')).toBeGreaterThanOrEqual(5));
  expect(count('getQueue')).toBe(reads);
});

it('does not ask while the page is hidden, and asks again once it is visible', async () => {
  const s = server([request('r1')]);
  const { count } = renderTab(s.impl);
  await screen.findByText('Subject r1');
  visibility = 'hidden';
  const asked = count('getQueueStamp');
  s.change([request('r1'), request('r3')]);
  // Many poll turns pass (20 ms each) without an ask or a read.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(count('getQueueStamp')).toBe(asked);
  expect(screen.queryByText('Subject r3')).toBeNull();

  visibility = 'visible';
  await screen.findByText('Subject r3');
});

it('keeps the queue on screen when asking for the stamp fails', async () => {
  const s = server([request('r1')]);
  let failures = 0;
  const { count } = renderTab({ ...s.impl, getQueueStamp: async () => { failures += 1; throw new Error('offline'); } });
  await screen.findByText('Subject r1');
  await waitFor(() => expect(failures).toBeGreaterThanOrEqual(3));
  expect(screen.getByText('Subject r1')).toBeTruthy();
  expect(count('getQueue')).toBe(1);
});
