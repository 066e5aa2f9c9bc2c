/**
 * Waits until the demo server has tracked the organisation's already-tracked requests (GET /dev/info `seeding`), so a
 * test or benchmark starts from the demo's real queue and statistics.
 */
export interface SeedingProgress {
  state: 'pending' | 'running' | 'done' | 'failed';
  done: number;
  total: number;
  failed: number;
}

/** Polls /dev/info until seeding is done; throws when it failed or `timeoutMs` passed. */
export async function waitForDemoSeeded(baseUrl: string, timeoutMs = 90_000): Promise<SeedingProgress> {
  const deadline = Date.now() + timeoutMs;
  let last: SeedingProgress | null = null;
  while (Date.now() < deadline) {
    const info = (await (await fetch(`${baseUrl}/dev/info`)).json()) as { seeding: SeedingProgress | null };
    last = info.seeding;
    if (last === null) throw new Error('the demo server does not seed (DEMO_SEED_REQUESTS=off?)');
    if (last.state === 'done') return last;
    if (last.state === 'failed') throw new Error(`demo seeding failed: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`demo seeding did not finish in ${timeoutMs} ms: ${JSON.stringify(last)}`);
}
