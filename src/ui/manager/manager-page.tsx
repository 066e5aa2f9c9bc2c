/** Entry of /manager (webpack page `manager`): the team channel tab. */
import { useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from '../shared/api-client';
import type { SurfaceHost } from '../shared/host-types';
import { ManagerApp, readManagerQuery } from './manager-app';
import { connectManagerHost } from './manager-host';
import { ManagerShell } from './manager-shell';

const { groupId, view } = readManagerQuery(window.location.search);

function ManagerPage({ host }: { host: SurfaceHost }) {
  const api = useMemo(() => createApiClient({ getToken: (rejected) => host.getToken(rejected) }), [host]);
  return <ManagerApp host={host} api={api} groupId={groupId} initialView={view} currentYear={new Date().getFullYear()} />;
}

createRoot(document.getElementById('root')!).render(
  <ManagerShell connect={connectManagerHost}>{(host) => <ManagerPage host={host} />}</ManagerShell>,
);
