/**
 * Entry of the personal tab (dist/tab.html): connects to the host (teams-js, via tab-host.ts), then renders the tab
 * with the real API client. In a plain browser it says so at once and, when the server runs the demo, links to the
 * Teams workbench for each demo user.
 */
import { createRoot } from 'react-dom/client';
import { createApiClient } from '../shared/api-client';
import type { HostStartFailure } from '../shared/host-types';
import { NotInHostView, type DemoUserLink } from './not-in-host-view';
import { TabApp } from './tab-app';
import { connectTabHost, toTabStartFailure } from './tab-host';

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
  const root = createRoot(container);
  try {
    const host = await connectTabHost({ ownOrigin: window.location.origin });
    const api = createApiClient({ getToken: host.getToken });
    root.render(<TabApp api={api} host={host} />);
  } catch (error) {
    const failure: HostStartFailure = typeof error === 'object' && error !== null && 'code' in error ? (error as HostStartFailure) : toTabStartFailure(error);
    root.render(<NotInHostView failure={failure} demoUsers={null} />);
    const users = await demoUserLinks();
    if (users) root.render(<NotInHostView failure={failure} demoUsers={users} />);
  }
}

void main();
