/** What an endpoint answered to one POST from the dev tenant's notification service. */
export type WebhookAnswer =
  | { kind: 'answered'; status: number; contentType: string; body: string }
  | { kind: 'timeout' }
  | { kind: 'unreachable'; reason: string }
  | { kind: 'aborted' };

/**
 * POSTs to an app's notification or lifecycle endpoint as Graph's notification service does, waiting at most
 * `timeoutMs` (real time) for the whole answer. `stop` aborts it (the dev tenant is stopping).
 */
export async function postToEndpoint(url: string, body: string, contentType: string, timeoutMs: number, stop: AbortSignal): Promise<WebhookAnswer> {
  if (stop.aborted) return { kind: 'aborted' };
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
      redirect: 'manual',
      signal: AbortSignal.any([stop, timeout.signal]),
    });
    const text = await res.text();
    return { kind: 'answered', status: res.status, contentType: res.headers.get('content-type') ?? '', body: text };
  } catch (err) {
    if (stop.aborted) return { kind: 'aborted' };
    if (timeout.signal.aborted) return { kind: 'timeout' };
    return { kind: 'unreachable', reason: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** `url` with `validationToken` added to its query (Graph's handshake). */
export function withValidationToken(url: string, token: string): string {
  const u = new URL(url);
  u.searchParams.set('validationToken', token);
  return u.toString();
}
