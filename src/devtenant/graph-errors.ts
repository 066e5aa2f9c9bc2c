/** An error the Graph simulator answers with Graph's error body. `code` is Graph's code (e.g. ErrorItemNotFound). */
export class GraphSimulatorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GraphSimulatorError';
  }
}

/** Graph's error body: `{error: {code, message, innerError: {date, request-id, client-request-id}}}`. */
export function graphErrorBody(code: string, message: string, requestId: string, clientRequestId: string, date: Date): unknown {
  return {
    error: {
      code,
      message,
      innerError: { date: date.toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': requestId, 'client-request-id': clientRequestId },
    },
  };
}

export const notFound = (what: string, code = 'ErrorItemNotFound'): GraphSimulatorError =>
  new GraphSimulatorError(404, code, code === 'ErrorItemNotFound' ? 'The specified object was not found in the store.' : `Resource '${what}' does not exist or one of its queried reference-property objects are not present.`);

export const badRequest = (code: string, message: string): GraphSimulatorError => new GraphSimulatorError(400, code, message);
