/**
 * What a request looks like in the log: method, path and query with secret-looking parameters masked. Headers are
 * never logged (the Authorization header carries the bearer token), so no token reaches a log line even if a client
 * wrongly puts one in a URL.
 */
import type { FastifyRequest } from 'fastify';

const SECRET_PARAMS = /^(access_token|id_token|token|code|client_secret|assertion|refresh_token|authorization)$/i;

/** Masks the values of secret-looking query parameters in `url` (path + query). */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of [...params.keys()]) if (SECRET_PARAMS.test(key)) params.set(key, '[redacted]');
  return `${url.slice(0, q)}?${params.toString()}`;
}

export const logSerializers = {
  req(request: FastifyRequest): Record<string, unknown> {
    return { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip };
  },
};

/**
 * The server's log settings, for Fastify's logger and the background worker's (pino): the level, the request
 * serializer above, and the Authorization header redacted wherever headers appear.
 */
export function loggerOptions(level: string): { level: string; serializers: typeof logSerializers; redact: string[] } {
  return { level, serializers: logSerializers, redact: ['req.headers.authorization', 'headers.authorization'] };
}
