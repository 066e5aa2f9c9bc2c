/**
 * The floor for bench/api.bench.ts: a node:http server that does no work — it answers every request with the same
 * bytes (a real queue answer the API server gave, read from the file named by argv[2]) and the same JSON headers. The
 * benchmark loads it exactly as it loads GET /api/me/queue, so the difference between the two runs is the API server's
 * own cost, and this run shows what latency the machine and the load generator allow at all.
 * Prints `{"port": N}` on stdout once listening; SIGTERM closes it.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const body = readFileSync(process.argv[2] ?? '');
const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  response.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
