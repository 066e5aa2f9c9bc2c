import { DOMAIN_ERROR_CODES, DomainError, type DomainErrorCode } from '../../../src/domain/domain-error';
import { GraphSourceError, type GraphSourceErrorCode } from '../../../src/graph/graph-source-error';
import { toProblem } from '../../../src/server/problem';

/** The status each DomainError code must answer with, written out here so a change to the mapper is a visible diff. */
const EXPECTED: Record<DomainErrorCode, number> = {
  validation_failed: 400,
  note_too_long: 400,
  unknown_category: 400,
  not_a_member: 400,
  invalid_standard: 400,
  invalid_period: 400,
  unknown_time_zone: 400,
  invalid_time: 400,
  invalid_date: 400,
  invalid_instant: 400,
  invalid_day_of_week: 400,
  invalid_calendar: 400,
  no_working_time: 400,
  not_colleague: 422,
  not_found: 404,
  message_not_found: 404,
  forbidden: 403,
  invalid_transition: 409,
  undo_expired: 409,
  undo_superseded: 409,
  undo_unavailable: 409,
  sync_in_progress: 409,
  invalid_duration: 500,
  invalid_percentile: 500,
  stored_calendar_invalid: 500,
};

describe('toProblem: every DomainError code has its own status and keeps its code', () => {
  it('lists exactly the codes the domain declares', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...DOMAIN_ERROR_CODES].sort());
  });

  it.each(DOMAIN_ERROR_CODES.map((code) => [code, EXPECTED[code]] as const))('%s → %i', (code, status) => {
    const mapped = toProblem(new DomainError(code, `secret detail of ${code}`), 'req-1');
    expect(mapped.problem.status).toBe(status);
    expect(mapped.problem.code).toBe(code);
    expect(mapped.problem.type).toBe(`https://turnaround.dev/problems/${code.replace(/_/g, '-')}`);
    expect(mapped.serverFault).toBe(status >= 500);
    if (status >= 500) {
      // The server's fault: the internal message stays in the log, the caller gets the request id to quote.
      expect(mapped.problem.detail).not.toContain('secret detail');
      expect(mapped.problem.detail).toContain('req-1');
      expect(mapped.problem.errors).toBeUndefined();
    } else {
      expect(mapped.problem.detail).toBe(`secret detail of ${code}`);
    }
  });

  it('points field errors at the field the caller can fix', () => {
    expect(toProblem(new DomainError('not_colleague', 'x'), 'r').problem.errors).toEqual([{ path: 'override', message: 'x' }]);
    expect(toProblem(new DomainError('unknown_category', 'x'), 'r').problem.errors).toEqual([{ path: 'category', message: 'x' }]);
    expect(toProblem(new DomainError('note_too_long', 'x'), 'r').problem.errors).toEqual([{ path: 'note', message: 'x' }]);
    expect(toProblem(new DomainError('unknown_time_zone', 'x'), 'r').problem.errors).toEqual([{ path: 'calendar.timeZone', message: 'x' }]);
  });

  it('asks to retry a busy sync after 30 s', () => {
    expect(toProblem(new DomainError('sync_in_progress', 'busy'), 'r').headers).toEqual({ 'retry-after': '30' });
  });

  it('names a stored calendar fault without blaming the caller', () => {
    const mapped = toProblem(new DomainError('stored_calendar_invalid', 'person p-1: unknown_time_zone: Mars/Olympus'), 'req-9');
    expect(mapped.problem).toMatchObject({ status: 500, code: 'stored_calendar_invalid', requestId: 'req-9' });
    expect(mapped.problem.detail).toMatch(/stored on our side/);
    expect(mapped.problem.detail).not.toMatch(/Mars|p-1/);
  });
});

describe('toProblem: Graph adapter errors', () => {
  // The last column: logged as our fault. Graph being throttled or down is not (the caller is told to retry).
  const EXPECTED_GRAPH: [GraphSourceErrorCode, number, string, boolean][] = [
    ['consent_required', 403, 'consent_required', false],
    // The tab gets a new API token silently and retries.
    ['token_expired', 401, 'token_expired', false],
    // An admin must grant or repair the app's access; the caller is not at fault and neither is our code.
    ['application_access_refused', 503, 'application_access_refused', false],
    ['graph_unauthorized', 502, 'graph_unauthorized', true],
    ['graph_forbidden', 403, 'graph_forbidden', false],
    ['not_found', 404, 'message_not_found', false],
    ['graph_unavailable', 503, 'unavailable', false],
    ['delta_expired', 500, 'internal', true],
    ['graph_error', 502, 'graph_error', true],
  ];

  it.each(EXPECTED_GRAPH)('%s → %i %s', (graphCode, status, code, serverFault) => {
    const mapped = toProblem(new GraphSourceError(graphCode, 'reading a message: token eyJ.secret', 401), 'req-2');
    expect(mapped.problem).toMatchObject({ status, code });
    expect(mapped.problem.detail).not.toContain('eyJ');
    expect(mapped.serverFault).toBe(serverFault);
  });

  it('asks to retry an unavailable Graph after 10 s', () => {
    expect(toProblem(new GraphSourceError('graph_unavailable', 'x', 503), 'r').headers).toEqual({ 'retry-after': '10' });
  });
});
