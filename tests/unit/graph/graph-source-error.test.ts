import { GraphSourceError, toGraphSourceError } from '../../../src/graph/graph-source-error';

describe('toGraphSourceError: Graph’s status decides the adapter code', () => {
  // What @microsoft/microsoft-graph-client throws: a GraphError with statusCode and Graph's error code.
  const graphError = (statusCode: number, code: string): unknown => Object.assign(new Error(`${code} from Graph`), { statusCode, code });

  it.each([
    [404, 'ErrorItemNotFound', 'not_found'],
    [410, 'SyncStateNotFound', 'delta_expired'],
    // Graph rejected the token it got: not a consent question (consent is Entra's AADSTS65001 at token time).
    [401, 'InvalidAuthenticationToken', 'graph_unauthorized'],
    [403, 'ErrorAccessDenied', 'graph_forbidden'],
    [429, 'TooManyRequests', 'graph_unavailable'],
    [503, 'ServiceNotAvailable', 'graph_unavailable'],
    [504, 'GatewayTimeout', 'graph_unavailable'],
    [500, 'InternalServerError', 'graph_error'],
  ])('HTTP %i %s → %s', (status, graphCode, code) => {
    const error = toGraphSourceError(graphError(status, graphCode), 'reading a message');
    expect(error).toBeInstanceOf(GraphSourceError);
    expect(error).toMatchObject({ code, status, graphCode });
  });

  it('never turns a Graph 401 or 403 into consent_required', () => {
    for (const status of [401, 403]) expect(toGraphSourceError(graphError(status, 'x'), 'w').code).not.toBe('consent_required');
  });
});
