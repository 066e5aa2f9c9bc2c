import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import { ApiError } from '../shared/api-error';
import { tabStrings } from './tab-strings';

export function LoadingState({ label = tabStrings.loading }: { label?: string }) {
  return <Spinner size="medium" label={label} style={{ padding: 32 }} />;
}

function errorCode(error: unknown): string {
  if (error instanceof ApiError) return error.code;
  if (typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string') return (error as { code: string }).code;
  return 'unknown';
}

/**
 * An error as the user should see it: a consent prompt (`consent_required` — Entra ID needs consent; Graph rejecting a
 * token is `graph_unauthorized`, where consenting would not help), an offline retry, a stored-calendar fault on the
 * server's side, or the problem's detail with retry.
 */
export function ErrorState({ error, onRetry, onConsent }: { error: unknown; onRetry: () => void; onConsent?: () => void }) {
  const code = errorCode(error);
  if (code === 'consent_required') {
    return (
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{tabStrings.errors.consentTitle}</MessageBarTitle>
          {tabStrings.errors.consentBody}
        </MessageBarBody>
        <MessageBarActions>
          <Button appearance="primary" onClick={onConsent ?? onRetry}>{tabStrings.errors.consentAction}</Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
  const text = code === 'offline'
    ? tabStrings.errors.offline
    : code === 'graph_unauthorized'
      ? tabStrings.errors.graphUnauthorized
      : code === 'stored_calendar_invalid' && error instanceof ApiError
        ? tabStrings.errors.storedCalendarInvalid(error.problem.requestId ?? '—')
        : tabStrings.errors.generic(error instanceof Error ? error.message : String(error));
  return (
    <MessageBar intent={code === 'offline' ? 'warning' : 'error'} layout="multiline">
      <MessageBarBody>{text}</MessageBarBody>
      <MessageBarActions>
        <Button onClick={onRetry}>{tabStrings.retry}</Button>
      </MessageBarActions>
    </MessageBar>
  );
}

export function EmptyState({ text }: { text: string }) {
  return <p role="status" style={{ padding: '24px 0' }}>{text}</p>;
}
