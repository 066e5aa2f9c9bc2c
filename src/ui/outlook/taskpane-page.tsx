/**
 * Entry of /taskpane (webpack page `taskpane`): waits for Office, builds the Outlook host, the token source (NAA, then
 * Office SSO) and the API client, and renders the task pane. The NAA code (MSAL) is loaded with import() only when
 * Outlook supports NAA, so the pane's first bundle stays small. `?clientId=` comes from the manifest's page URL.
 */
import { createRoot } from 'react-dom/client';
import { FluentProvider, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { createApiClient } from '../shared/api-client';
import { fluentThemeFor } from '../shared/theme';
import { createOfficeHost, officeGlobal, waitForOffice } from './office-host';
import { TaskPane } from './task-pane';
import { createTaskPaneTokenSource } from './task-pane-token-source';

const root = createRoot(document.getElementById('root') as HTMLElement);
const theme = fluentThemeFor('default');

function renderProblem(title: string, detail: string): void {
  root.render(
    <FluentProvider theme={theme}>
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{title}</MessageBarTitle>
          {detail}
        </MessageBarBody>
      </MessageBar>
    </FluentProvider>,
  );
}

async function start(): Promise<void> {
  const office = officeGlobal();
  if (office === null) {
    renderProblem('Open this from Outlook', 'The Turnaround task pane runs inside Outlook (Office.js did not load).');
    return;
  }
  const hostName = await waitForOffice(office);
  const host = createOfficeHost(office, hostName);
  const clientId = new URLSearchParams(window.location.search).get('clientId');
  const nestedAppAuth =
    host.supportsNestedAppAuth && clientId
      ? async () => {
          const { createNestedAppTokenSource } = await import(/* webpackChunkName: "nested-app-auth" */ './nested-app-auth-host');
          return createNestedAppTokenSource({ clientId, apiScope: `api://${window.location.host}/${clientId}/access_as_user` })();
        }
      : null;
  const getToken = createTaskPaneTokenSource({
    host,
    nestedAppAuth,
    onFallback: (error) => console.warn('Turnaround: nested app authentication failed; using Office SSO', error),
  });
  const api = createApiClient({ getToken });
  root.render(
    <FluentProvider theme={theme}>
      {/* Layout inside the provider: Fluent copies the provider's className onto popup mount nodes (issue 15, item 1). */}
      <div style={{ minHeight: '100vh' }}>
        <TaskPane host={host} api={api} locale={navigator.language} />
      </div>
    </FluentProvider>,
  );
}

start().catch((error: unknown) => renderProblem('Turnaround could not start', error instanceof Error ? error.message : String(error)));
