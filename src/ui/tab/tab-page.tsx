/**
 * Entry of the personal tab (dist/tab.html). It holds only teams-js (tab-host.ts) and the API client, so it starts at
 * once: the host handshake, the token (asked for in parallel with the context) and the queue request run while the
 * React part (tab-root.tsx, its own chunk) downloads and evaluates. In a plain browser it says so at once and, when
 * the server runs the demo, links to the Teams workbench for each demo user.
 */
import type { QueueResponse } from '../../contracts/api';
import { createApiClient } from '../shared/api-client';
import type { HostStartFailure } from '../shared/host-types';
import type { DemoUserLink } from './not-in-host-view';
import { markOnce } from './start-marks';
import { connectTabHost, submitDialog, toTabStartFailure } from './tab-host';
import { trackDialogTarget } from './track-dialog-target';

markOnce('tab:script');
const ui = import(/* webpackChunkName: "tab-ui" */ './tab-root');
ui.then(() => markOnce('tab:ui'), () => undefined);

interface DevInfo { users: { userPrincipalName: string; displayName: string; department: string | null }[] }

/** The demo's users, from GET /dev/info (absent outside demo mode → null). */
async function demoUserLinks(): Promise<DemoUserLink[] | null> {
  try {
    const response = await fetch('/dev/info', { headers: { Accept: 'application/json' } });
    if (!response.ok) return null;
    const info = (await response.json()) as DevInfo;
    return info.users.map((u) => ({
      displayName: u.displayName,
      department: u.department,
      href: `/dev/workbench/teams?${new URLSearchParams({ user: u.userPrincipalName, surface: 'tab' }).toString()}`,
    }));
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) throw new Error('#root is missing');
  try {
    const host = await connectTabHost({ ownOrigin: window.location.origin });
    markOnce('tab:host');
    const api = createApiClient({ getToken: host.getToken });
    // Opened as the "Track as request" dialog: the track form for one chat message, not the tab.
    const dialogTarget = trackDialogTarget(window.location.search);
    if (dialogTarget !== null) {
      (await ui).renderTrackDialog(container, { api, host, target: dialogTarget, submit: submitDialog });
      return;
    }
    const initialQueue: Promise<QueueResponse> = api.getQueue('open');
    initialQueue.then(() => markOnce('tab:queue'), () => undefined);
    (await ui).renderTab(container, { api, host, initialQueue });
  } catch (error) {
    const failure: HostStartFailure = typeof error === 'object' && error !== null && 'code' in error ? (error as HostStartFailure) : toTabStartFailure(error);
    const page = (await ui).renderNotInHost(container, failure);
    const users = await demoUserLinks();
    if (users) page.update(users);
  }
}

void main();
