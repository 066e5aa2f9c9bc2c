/**
 * Reading the demo server as a test does: its public `/dev` routes, and its API as a demo person (a token from the
 * dev identity provider's token endpoint, as the workbench gets one).
 */

/** GET `path` on the demo server; throws on a non-2xx answer. */
export async function demoJson<T>(baseUrl: string, path: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** GET `path` of the API as the demo person `upn`; throws on a non-2xx answer. */
export async function demoApi<T>(baseUrl: string, upn: string, path: string): Promise<T> {
  const token = ((await (await fetch(`${baseUrl}/dev/idp/token`, { method: 'POST', body: new URLSearchParams({ username: upn }) })).json()) as { access_token: string }).access_token;
  const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}
