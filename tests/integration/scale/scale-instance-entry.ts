/**
 * One Turnaround server instance for the scale test, run in its own process by `tsx`. It is the real `buildServer`
 * in TENANT mode with the background scheduler on, configured from its environment only, as `npm start` is: the app
 * registration (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET) at the ONE dev tenant the test process runs —
 * its identity provider as AZURE_AUTHORITY_HOST, its Graph simulator as GRAPH_BASE_URL, its certificate as
 * GRAPH_CA_FILE, its control plane as SIMULATED_CLOCK_URL — and the PostgreSQL schema named by DATABASE_URL
 * (`?options=-c search_path=…`). So background sync runs with application access (client credentials through
 * msal-node) and users' calls on their behalf, exactly as against Microsoft 365.
 *
 * Output on stdout, one JSON object a line with a `scale` key: `listening` (port and lease owner), `synced` (each
 * background sync: person, owner, start and finish in epoch ms) and `failed`. SIGTERM closes the server (scheduler
 * stopped, leases released) and exits.
 */
import { buildServer } from '../../../src/server/build-server';
import { loadConfig } from '../../../src/server/config';

function emit(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ scale: event.scale, ...event })}\n`);
}

async function main(): Promise<void> {
  // Inline background work: the scheduler's observer below reports each sync from the server's own thread (a worker
  // thread cannot call it); the leases the test checks are the same in either mode.
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', BACKGROUND_WORK: 'inline' });
  if (config.mode !== 'tenant') throw new Error('the scale instances run in tenant mode');
  const app = await buildServer(config, {
    syncObserver: {
      onSynced: (lease, startedAt, finishedAt) =>
        emit({ scale: 'synced', personId: lease.personId, owner: lease.owner, startedAtMs: startedAt.getTime(), finishedAtMs: finishedAt.getTime() }),
      onFailed: (error, lease) => emit({ scale: 'failed', personId: lease?.personId ?? null, code: (error as { code?: unknown }).code ?? String(error) }),
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  emit({ scale: 'listening', port: typeof address === 'object' && address !== null ? address.port : 0, owner: app.services.instanceId });
  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    app.close().then(
      () => {
        emit({ scale: 'closed' });
        process.exit(0);
      },
      (error: unknown) => {
        emit({ scale: 'failed', personId: null, code: `close: ${String(error)}` });
        process.exit(1);
      },
    );
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
