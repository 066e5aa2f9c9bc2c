/**
 * The dev tenant's HTTPS servers (the Graph simulator and the identity provider's token endpoint) are started and
 * stopped the same way: on 127.0.0.1 under the name `localhost` (the certificate's), with a short keep-alive, and closed
 * at once, open connections included, so a test or the demo stops without waiting for idle clients.
 */
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * Starts an HTTPS server on 127.0.0.1 (`port` 0 = ephemeral) that collects each request's body and answers with what
 * `respond` returns; resolves with the server and its origin, e.g. https://localhost:51234.
 */
export async function listenOnLocalhost(
  port: number,
  tls: { key: string; cert: string },
  respond: (req: IncomingMessage, body: Buffer) => Promise<{ status: number; headers: Record<string, string>; text: string }>,
): Promise<{ server: https.Server; origin: string }> {
  const server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void respond(req, Buffer.concat(chunks)).then((r) => {
        res.writeHead(r.status, r.headers);
        res.end(r.text);
      });
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, origin: `https://localhost:${(server.address() as AddressInfo).port}` };
}

/** Closes `server` now, open connections included. */
export async function closeNow(server: https.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
