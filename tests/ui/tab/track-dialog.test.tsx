/**
 * The "Track as request" dialog (issue 21) in jsdom with Fluent UI: the message read through the API (never from the
 * URL beyond its ids), the one track form, submitting (the choices handed to the host, which closes the dialog — the
 * dialog itself never tracks), and its error states. The API and the host are fakes at the tab's seam.
 */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { MyCategoriesResponse, RecentChatMessage } from '../../../src/contracts/api';
import { ApiError } from '../../../src/ui/shared/api-error';
import type { ApiClient } from '../../../src/ui/shared/api-client';
import { TrackDialog, type TrackDialogResult } from '../../../src/ui/tab/track-dialog';
import { trackDialogTarget } from '../../../src/ui/tab/track-dialog-target';
import { fakeApi, fakeHost } from './fake-tab-services';

const IT_DESK: MyCategoriesResponse = { team: { id: 'g-it', displayName: 'IT Service Desk' }, categories: ['Access', 'Hardware'] };
const ANA: RecentChatMessage = {
  chatId: 'c1', messageId: 'cm1', chatTopic: 'Laptops', from: { id: 'u-ana', displayName: 'Ana Ruiz', mail: null, department: 'Finance' },
  preview: 'Could you order a replacement charger for me?', createdAt: '2025-03-10T08:05:00Z', tracked: false,
};
const OTHER: RecentChatMessage = { ...ANA, messageId: 'cm2', preview: 'Thanks!' };

function show(impl: Partial<ApiClient>, submit: (result: TrackDialogResult) => void = () => undefined, timeZone?: string) {
  const { api, calls } = fakeApi({ getMyCategories: async () => IT_DESK, ...impl });
  const host = fakeHost('dark');
  if (timeZone !== undefined) host.host.context.timeZone = timeZone;
  render(<TrackDialog api={api} host={host.host} target={{ source: 'chat', chatId: 'c1', messageId: 'cm1' }} submit={submit} />);
  return { calls, host };
}

describe('the query of the dialog page', () => {
  it('is the dialog only with dialog=track, source=chat and both ids', () => {
    expect(trackDialogTarget('?dialog=track&source=chat&chatId=19%3Aa%40thread.v2&messageId=171')).toEqual({ source: 'chat', chatId: '19:a@thread.v2', messageId: '171' });
    expect(trackDialogTarget('')).toBeNull();
    expect(trackDialogTarget('?dialog=track&source=chat&chatId=c1')).toBeNull();
    expect(trackDialogTarget('?dialog=track&source=email&chatId=c1&messageId=m1')).toBeNull();
  });
});

describe('the "Track as request" dialog', () => {
  it('shows the message as the API reads it, with the track form, in the host\'s theme', async () => {
    show({ getRecentChats: async () => ({ messages: [OTHER, ANA] }) });
    const card = await screen.findByRole('group', { name: 'Track the message from Ana Ruiz' });
    expect(within(card).getByText('Could you order a replacement charger for me?')).toBeTruthy();
    expect(within(card).getByText('Ana Ruiz · Finance')).toBeTruthy();
    expect(within(card).queryByText('Thanks!')).toBeNull();
    const form = screen.getByRole('form', { name: 'Track this chat message' });
    expect(within(form).getByRole('combobox', { name: /Category/ })).toBeTruthy();
    expect(within(form).getByRole('textbox', { name: /Note/ })).toBeTruthy();
    expect(await screen.findByText(/IT Service Desk’s categories/)).toBeTruthy();
    expect(document.querySelector('[data-theme="dark"]')).not.toBeNull();
  });

  it('hands the choices to the host on submit, shows that it is submitting, and tracks nothing itself', async () => {
    const submitted: TrackDialogResult[] = [];
    const { calls } = show({ getRecentChats: async () => ({ messages: [ANA] }) }, (r) => { submitted.push(r); });
    await screen.findByText(/IT Service Desk’s categories/);
    fireEvent.click(screen.getByRole('combobox', { name: /Category/ }));
    fireEvent.click(within(await screen.findByRole('listbox')).getByRole('option', { name: 'Hardware' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Priority' }), { target: { value: 'high' } });
    fireEvent.change(screen.getByRole('textbox', { name: /Note/ }), { target: { value: '  USB-C, 65 W  ' } });
    const button = screen.getByRole('button', { name: 'Track request' }) as HTMLButtonElement;
    fireEvent.click(button);
    expect(submitted).toEqual([{ priority: 'high', category: 'Hardware', note: 'USB-C, 65 W' }]);
    expect(screen.getByText('Tracking…')).toBeTruthy();
    expect(button.disabled).toBe(true);
    expect(calls.map((c) => c.method)).not.toContain('trackRequest');
  });

  it('says when the host does not take the form, and lets the person try again', async () => {
    let refuse = true;
    const submitted: TrackDialogResult[] = [];
    show({ getRecentChats: async () => ({ messages: [ANA] }) }, (r) => {
      if (refuse) throw new Error('Not supported on platform');
      submitted.push(r);
    });
    const button = (await screen.findByRole('button', { name: 'Track request' })) as HTMLButtonElement;
    fireEvent.click(button);
    expect(await screen.findByText(/Teams did not take the form: Not supported on platform/)).toBeTruthy();
    expect(button.disabled).toBe(false);
    refuse = false;
    fireEvent.click(button);
    expect(submitted).toEqual([{ priority: 'normal' }]);
  });

  it('says when the message cannot be read, and retries', async () => {
    let fail = true;
    const { calls } = show({
      getRecentChats: async () => {
        if (fail) throw new ApiError({ type: 'about:blank', title: 'Unavailable', status: 503, code: 'graph_unavailable', detail: 'Microsoft Graph is unavailable' });
        return { messages: [ANA] };
      },
    });
    expect(await screen.findByText('The message could not be read')).toBeTruthy();
    expect(screen.getByText(/Microsoft Graph is unavailable/)).toBeTruthy();
    expect(screen.queryByRole('form')).toBeNull();
    fail = false;
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: 'Retry' })); });
    expect(await screen.findByRole('group', { name: 'Track the message from Ana Ruiz' })).toBeTruthy();
    expect(calls.filter((c) => c.method === 'getRecentChats')).toHaveLength(2);
  });

  it('still offers the form for a message not among the recent chats, and says so', async () => {
    show({ getRecentChats: async () => ({ messages: [OTHER] }) });
    expect(await screen.findByText(/not among your recent chats/)).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('form', { name: 'Track this chat message' })).toBeTruthy());
  });

  it('shows when the message was sent in the viewer\'s zone when the host says it', async () => {
    show({ getRecentChats: async () => ({ messages: [ANA] }) }, undefined, 'Europe/Berlin');
    const card = await screen.findByRole('group', { name: 'Track the message from Ana Ruiz' });
    expect(within(card).getByText('Laptops · 10 Mar, 09:05')).toBeTruthy();
  });

  it('says when the message is already tracked', async () => {
    show({ getRecentChats: async () => ({ messages: [{ ...ANA, tracked: true }] }) });
    expect(await screen.findByText(/You already track this message/)).toBeTruthy();
  });
});
