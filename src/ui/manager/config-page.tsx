/** Entry of /manager/config (webpack page `manager-config`): the configurable tab's configuration page. */
import { useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from '../shared/api-client';
import type { ConfigHost } from '../shared/host-types';
import { ConfigView } from './config-view';
import { connectConfigHost } from './manager-host';
import { ManagerShell } from './manager-shell';

function ConfigPage({ host }: { host: ConfigHost }) {
  const api = useMemo(() => createApiClient({ getToken: (rejected) => host.getToken(rejected) }), [host]);
  return <ConfigView host={host} api={api} origin={window.location.origin} />;
}

createRoot(document.getElementById('root')!).render(
  <ManagerShell connect={connectConfigHost}>{(host) => <ConfigPage host={host} />}</ManagerShell>,
);
