/**
 * The tab's React part, loaded as its own chunk by tab-page.tsx so that it downloads and evaluates while the teams-js
 * handshake, the token and the queue request are already under way.
 */
import type { Root } from 'react-dom/client';
import { createRoot } from 'react-dom/client';
import type { QueueResponse } from '../../contracts/api';
import type { ApiClient } from '../shared/api-client';
import type { HostStartFailure, SurfaceHost } from '../shared/host-types';
import { NotInHostView, type DemoUserLink } from './not-in-host-view';
import { TabApp } from './tab-app';
import { TrackDialog, type TrackDialogProps } from './track-dialog';

/** Renders the tab with the host and the API (and the queue answer already requested). */
export function renderTab(container: HTMLElement, props: { api: ApiClient; host: SurfaceHost; initialQueue: Promise<QueueResponse> }): Root {
  const root = createRoot(container);
  root.render(<TabApp {...props} />);
  return root;
}

/** Renders the "open me in Teams" page; call `update` when the demo's user links arrive. */
export function renderNotInHost(container: HTMLElement, failure: HostStartFailure): { update(users: DemoUserLink[]): void } {
  const root = createRoot(container);
  root.render(<NotInHostView failure={failure} demoUsers={null} />);
  return { update: (users) => root.render(<NotInHostView failure={failure} demoUsers={users} />) };
}

/** Renders the "Track as request" dialog (the page Teams opens from a chat message's "More actions"). */
export function renderTrackDialog(container: HTMLElement, props: TrackDialogProps): Root {
  const root = createRoot(container);
  root.render(<TrackDialog {...props} />);
  return root;
}
