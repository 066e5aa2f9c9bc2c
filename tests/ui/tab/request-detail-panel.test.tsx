/**
 * The request detail panel inside the real TabApp, with fakes only at the API and host seams: a row's click (not the
 * "…" button's) opens it; times are in the viewer's zone and locale; durations are the server's working minutes; the
 * note, the links to the message and its reply, the actions; and a deep link opens it at start.
 */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { RequestDetailResponse, RequestEventView, RequestView } from '../../../src/contracts/api';
import { ApiError } from '../../../src/ui/shared/api-error';
import type { SurfaceHost } from '../../../src/ui/shared/host-types';
import { requestIdFromSubPage } from '../../../src/ui/tab/request-detail-model';
import { TabApp } from '../../../src/ui/tab/tab-app';
import { clock, fakeApi, fakeHost, memoryStorage, request } from './fake-tab-services';

beforeAll(() => {
  for (const [prop, value] of [['offsetHeight', 600], ['offsetWidth', 800], ['clientHeight', 600], ['clientWidth', 800]] as const) {
    Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get() { return value; } });
  }
});

const REPLY_LINK = 'https://outlook.office365.com/owa/?ItemID=reply-1';
const adele = { id: 'u-me', displayName: 'Adele Vance', mail: null, department: 'IT' };

function event(id: string, e: Partial<RequestEventView>): RequestEventView {
  return { id, type: 'tracked', at: '2025-03-10T14:05:00Z', actor: adele, response: null, fields: null, clock: null, undid: null, workingMinutes: null, clockStatus: null, ...e };
}

/** Received Mon 10 Mar 2025 12:30 UTC, answered by a reply the sync found, resolved late, then a note added. */
function resolvedRequest(): RequestView {
  return request('r1', {
    subject: 'Payroll access for the new starter', note: 'Called Megan back about the form.', status: 'resolved',
    receivedAt: '2025-03-10T12:30:00Z', firstResponseAt: '2025-03-10T14:40:00Z', firstResponseSource: 'email', resolvedAt: '2025-03-13T15:00:00Z',
    clocks: {
      firstResponse: clock({ status: 'met', usedMinutes: 130, remainingMinutes: 110, targetMinutes: 240, stoppedAt: '2025-03-10T14:40:00Z' }),
      resolution: clock({ status: 'missed', usedMinutes: 1500, remainingMinutes: -540, targetMinutes: 960, stoppedAt: '2025-03-13T15:00:00Z' }),
    },
  });
}

function detailOf(r: RequestView): RequestDetailResponse {
  return {
    request: r,
    events: [
      event('rcv', { type: 'received', at: r.receivedAt, actor: r.requester }),
      event('e1', { type: 'tracked', at: '2025-03-10T14:05:00Z' }),
      event('e2', {
        type: 'responded', at: '2025-03-10T14:40:00Z', actor: null,
        response: { source: 'email', messageId: 'reply-1', webLink: REPLY_LINK, cleared: false }, workingMinutes: 130, clockStatus: 'met',
      }),
      event('e3', { type: 'resolved', at: '2025-03-13T15:00:00Z', workingMinutes: 1500, clockStatus: 'missed' }),
      event('e4', { type: 'updated', at: '2025-03-13T15:01:00Z', fields: ['note'] }),
    ],
  };
}

function renderTab(impl: Parameters<typeof fakeApi>[0], context: { timeZone?: string; subPageId?: string; locale?: string } = {}) {
  const { api, calls } = fakeApi(impl);
  const fake = fakeHost();
  const host: SurfaceHost = { ...fake.host, context: { ...fake.host.context, ...context } };
  render(<TabApp api={api} host={host} storage={memoryStorage()} syncPollMs={10} />);
  return { calls, opened: fake.opened };
}

/*
 * Queries inside the drawer pass `hidden: true`: under jsdom, Tabster (Fluent's focus manager) marks the open drawer
 * aria-hidden a moment after the queue re-renders behind it, which Chromium does not do — the e2e test
 * (tests/e2e/request-detail.test.ts) finds the same heading, history and buttons by role, which excludes aria-hidden.
 */
const panel = () => screen.findByRole('dialog', { hidden: true });

describe('request detail panel', () => {
  it('opens from a row’s click with the facts, the note, the history in the viewer’s zone and working-time durations', async () => {
    const r = resolvedRequest();
    const { calls, opened } = renderTab({ getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [r] }), getRequestDetail: async () => detailOf(r) }, { timeZone: 'America/New_York', locale: 'en-GB' });
    const row = (await screen.findAllByRole('listitem'))[0] as HTMLElement;
    fireEvent.click(within(row).getByText('Requester r1 · Payroll', { exact: false }));

    const dialog = await panel();
    expect(within(dialog).getByRole('heading', { name: 'Payroll access for the new starter', hidden: true })).toBeTruthy();
    expect(calls.filter((c) => c.method === 'getRequestDetail').map((c) => c.args)).toEqual([['r1']]);
    expect(dialog.textContent).toContain('Requester r1 · Payroll');
    expect(dialog.textContent).toContain('Called Megan back about the form.');
    const history = await within(dialog).findByRole('list', { name: /History of the request/, hidden: true });
    const entries = within(history).getAllByRole('listitem', { hidden: true });
    expect(entries.map((e) => e.getAttribute('data-event'))).toEqual(['received', 'tracked', 'responded', 'resolved', 'updated']);

    // 12:30 UTC on 10 March 2025 is 08:30 in New York (EDT, UTC−4 since 9 March), in British English.
    expect(entries[0]?.querySelector('time')?.textContent).toMatch(/^Mon 10 Mar(,| at)? 08:30 GMT-4$/);
    expect(entries[0]?.textContent).toContain('Email received');
    expect(entries[0]?.textContent).toContain('from Requester r1');
    expect(entries[1]?.textContent).toContain('by Adele Vance');
    expect(entries[2]?.textContent).toContain('First response by email');
    expect(entries[2]?.textContent).toContain('found by Sync');
    expect(entries[2]?.textContent).toContain('First response after 2 h 10 m of working time, within the 4 h target');
    // Three calendar days between received and resolved, but 25 working hours: the server's minutes, not the clock's.
    expect(entries[3]?.textContent).toContain('Resolved after 25 h of working time, over the 16 h target');
    expect(entries[4]?.textContent).toContain('Changed the note');

    fireEvent.click(within(entries[2] as HTMLElement).getByRole('button', { name: 'Open the reply', hidden: true }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Open the original email', hidden: true }));
    await waitFor(() => expect(opened).toEqual([REPLY_LINK, 'https://outlook.office.com/mail/deeplink/read/r1']));
  });

  it('shows the same instants in another viewer’s zone and locale', async () => {
    const r = resolvedRequest();
    renderTab({ getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [r] }), getRequestDetail: async () => detailOf(r) }, { timeZone: 'Asia/Tokyo', locale: 'en-US' });
    fireEvent.click(await screen.findByRole('button', { name: 'Payroll access for the new starter' }));
    const history = await within(await panel()).findByRole('list', { name: /History of the request/, hidden: true });
    // 12:30 UTC is 21:30 in Tokyo: "Mon, Mar 10, 09:30 PM GMT+9".
    expect(within(history).getAllByRole('listitem', { hidden: true })[0]?.querySelector('time')?.textContent).toMatch(/Mar 10.*09:30\sPM GMT\+9/);
  });

  it('opens by Enter on the row’s subject button; the "…" button opens only its menu; actions run from the panel', async () => {
    let r = request('r1', { subject: 'Laptop for the new starter' });
    const { calls } = renderTab({
      getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [r] }),
      getRequestDetail: async () => ({ request: r, events: [event('rcv', { type: 'received', at: r.receivedAt, actor: r.requester })] }),
      changeRequest: async (id) => {
        r = request(id, { subject: 'Laptop for the new starter', status: 'resolved', resolvedAt: '2025-03-10T11:00:00Z' });
        return { request: r, undo: null };
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Actions for Laptop for the new starter' }));
    await screen.findByRole('menuitem', { name: 'Resolve' });
    expect(screen.queryByRole('dialog', { hidden: true })).toBeNull();
    expect(calls.some((c) => c.method === 'getRequestDetail')).toBe(false);
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());

    // A native button turns Enter into a click; jsdom does not, so the click is what Enter produces.
    const subject = screen.getByRole('button', { name: 'Laptop for the new starter' });
    expect(subject.getAttribute('aria-haspopup')).toBe('dialog');
    subject.focus();
    fireEvent.click(subject);
    const dialog = await panel();
    expect(within(dialog).getByRole('group', { name: 'Actions', hidden: true }).textContent).toBe('ResolveWait on requesterMark respondedUntrack');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Resolve', hidden: true }));
    await waitFor(() => expect(calls.find((c) => c.method === 'changeRequest')?.args).toEqual(['r1', { action: 'resolve' }]));
    // The queue's row changed, so the panel reads the history again and offers what fits the new state.
    await waitFor(() => expect(calls.filter((c) => c.method === 'getRequestDetail')).toHaveLength(2));
    await waitFor(() => expect(within(dialog).getByRole('group', { name: 'Actions', hidden: true }).textContent).toBe('ReopenUntrack'));

    fireEvent.click(within(dialog).getByRole('button', { name: 'Close details', hidden: true }));
    await waitFor(() => expect(screen.queryByRole('dialog', { hidden: true })).toBeNull());
  });

  it('edits the note: a counter, Save refused while too long and nothing cut, then saved and shown in the panel', async () => {
    let r = request('r1', { subject: 'Laptop for the new starter', note: null });
    const { calls } = renderTab({
      getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [r] }),
      getRequestDetail: async () => ({ request: r, events: [event('rcv', { type: 'received', at: r.receivedAt, actor: r.requester })] }),
      changeRequest: async (id, action) => {
        r = request(id, { subject: 'Laptop for the new starter', note: action.action === 'update' ? action.note ?? null : null });
        return { request: r, undo: null };
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Laptop for the new starter' }));
    const dialog = await panel();
    expect(dialog.textContent).toContain('No note.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add a note', hidden: true }));
    const box = within(dialog).getByRole('textbox', { name: /Note/, hidden: true }) as HTMLTextAreaElement;
    const long = 'x'.repeat(5000);
    fireEvent.change(box, { target: { value: long } });
    expect(box.value).toHaveLength(5000); // kept whole, never cut
    expect(within(dialog).getByTestId('note-counter').textContent).toBe('5,000 / 1,000');
    expect(dialog.textContent).toContain('The note is 4,000 characters too long');
    const save = within(dialog).getByRole('button', { name: 'Save note', hidden: true }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);

    fireEvent.change(box, { target: { value: 'Ordered from the supplier; arrives Thursday.' } });
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    await waitFor(() => expect(calls.find((c) => c.method === 'changeRequest')?.args).toEqual(['r1', { action: 'update', note: 'Ordered from the supplier; arrives Thursday.' }]));
    await waitFor(() => expect(within(dialog).queryByRole('textbox', { hidden: true })).toBeNull());
    expect(dialog.textContent).toContain('Ordered from the supplier; arrives Thursday.');
    expect(within(dialog).getByRole('button', { name: 'Edit note', hidden: true })).toBeTruthy();
  });

  it('opens at start for a deep link request:<id>, also for a request the open queue does not hold', async () => {
    const r = resolvedRequest();
    const { calls } = renderTab({ getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [] }), getRequestDetail: async () => detailOf(r) }, { subPageId: 'request:r1' });
    const dialog = await panel();
    await within(dialog).findByRole('heading', { name: 'Payroll access for the new starter', hidden: true });
    expect(calls.find((c) => c.method === 'getRequestDetail')?.args).toEqual(['r1']);
    await within(dialog).findByText('Resolved after 25 h of working time, over the 16 h target');
  });

  it('says how often a reopened request was reopened, and shows the clock still running (resolution) after a resolve without a reply', async () => {
    // Resolved by phone (no reply) Mon 10:00, reopened twice: the first-response clock stopped at the first resolve.
    const r = request('r2', {
      subject: 'VPN keeps dropping', status: 'open', reopenCount: 2, firstResponseAt: null,
      clocks: {
        firstResponse: clock({ status: 'met', usedMinutes: 60, remainingMinutes: 180, stoppedAt: '2025-03-10T10:00:00Z' }),
        resolution: clock({ status: 'onTrack', targetMinutes: 960, usedMinutes: 300, remainingMinutes: 660, dueAt: '2025-03-12T11:00:00Z' }),
      },
    });
    renderTab({ getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [r] }), getRequestDetail: async () => ({ request: r, events: [] }) });
    fireEvent.click(await screen.findByRole('button', { name: 'VPN keeps dropping' }));
    const dialog = await panel();
    const facts = within(dialog).getByText('Reopened', { selector: 'dt' }).parentElement as HTMLElement;
    expect(facts.textContent).toContain('Reopened2 times');
    expect(facts.textContent).toContain('Resolution:');
    expect(facts.textContent).not.toContain('First response:');
  });

  it('says so when the request is not (or no longer) the viewer’s', async () => {
    renderTab({
      getQueue: async () => ({ stamp: 'stamp-1', now: 'x', requests: [] }),
      getRequestDetail: async () => { throw new ApiError({ type: 'about:blank', title: 'Not found', status: 404, detail: 'The request was not found.', code: 'not_found' }); },
    }, { subPageId: 'request:someone-elses' });
    const dialog = await panel();
    await act(async () => undefined);
    expect(within(dialog).getByRole('heading', { name: 'This request is no longer tracked by you.', hidden: true })).toBeTruthy();
    expect(within(dialog).queryByRole('group', { name: 'Actions', hidden: true })).toBeNull();
  });
});

describe('requestIdFromSubPage', () => {
  it.each([
    ['request:0190a6b2-0000-7000-8000-000000000000', '0190a6b2-0000-7000-8000-000000000000'],
    ['request:', null],
    ['request:a b', null],
    ['dashboard', null],
    [null, null],
    [undefined, null],
  ])('%s → %s', (subPageId, id) => {
    expect(requestIdFromSubPage(subPageId)).toBe(id);
  });
});
