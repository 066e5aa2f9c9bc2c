import { ApplicationAccessHealth, applicationAccessRefusal } from '../../../src/app/application-access-health';

const T1 = 'aaaaaaaa-0000-0000-0000-000000000001';
const T2 = 'aaaaaaaa-0000-0000-0000-000000000002';
const at = (iso: string): Date => new Date(iso);
/** What the Graph adapters throw (GraphSourceError's shape), without importing the adapter layer. */
const graphError = (code: string, graphCode: string | null, message = 'mail: access denied'): Error & { code: string; graphCode: string | null } =>
  Object.assign(new Error(message), { code, graphCode });

describe('applicationAccessRefusal', () => {
  it.each([
    ['Graph 403 ErrorAccessDenied (Exchange refuses the app)', graphError('graph_forbidden', 'ErrorAccessDenied'), 'ErrorAccessDenied'],
    ['Graph 403 Authorization_RequestDenied (a permission the token lacks)', graphError('graph_forbidden', 'Authorization_RequestDenied'), 'Authorization_RequestDenied'],
    ['Graph 403 Forbidden (Teams refuses the app)', graphError('graph_forbidden', 'Forbidden'), 'Forbidden'],
    ['the identity provider refusing the app', graphError('application_access_refused', null, 'Entra ID refused (AADSTS7000112)'), 'application_access_refused'],
  ])('%s is a refusal', (_name, error, code) => {
    expect(applicationAccessRefusal(error)?.code).toBe(code);
  });

  it.each([
    ['a 403 without a Graph code', graphError('graph_forbidden', null)],
    ['throttling', graphError('graph_unavailable', null)],
    ['a missing item', graphError('not_found', 'ErrorItemNotFound')],
    ['an expired delegated token', graphError('token_expired', null)],
    ['a plain Error', new Error('boom')],
    ['nothing', null],
  ])('%s is not', (_name, error) => {
    expect(applicationAccessRefusal(error)).toBeNull();
  });
});

describe('ApplicationAccessHealth', () => {
  const denied = graphError('graph_forbidden', 'ErrorAccessDenied');

  it('reports the change to refused once per tenant however many people fail, and the change back once', () => {
    const health = new ApplicationAccessHealth();
    const changes = [
      // Tick 1: three people of T1 fail the same way; only the first is a change.
      health.recordFailure(T1, 'p1', denied, at('2026-11-29T10:00:00Z')),
      health.recordFailure(T1, 'p2', denied, at('2026-11-29T10:00:01Z')),
      health.recordFailure(T1, 'p3', denied, at('2026-11-29T10:00:02Z')),
      // Tick 2, five minutes later: the same again, no change.
      health.recordFailure(T1, 'p1', denied, at('2026-11-29T10:05:00Z')),
      health.recordFailure(T1, 'p2', denied, at('2026-11-29T10:05:01Z')),
      health.recordFailure(T1, 'p3', denied, at('2026-11-29T10:05:02Z')),
    ].filter((c) => c !== null);
    expect(changes).toEqual([{ kind: 'refused', tenantId: T1, code: 'ErrorAccessDenied', detail: 'mail: access denied' }]);
    expect(health.stateOf(T1)).toEqual({ status: 'refused', code: 'ErrorAccessDenied', since: at('2026-11-29T10:00:00Z'), detail: 'mail: access denied (background sync refused for 3 people)' });
    expect(health.stateOf(T2)).toEqual({ status: 'ok' });

    // An admin grants access again: restored when the last refused person has synced, once.
    expect(health.recordSuccess(T1, 'p1')).toBeNull();
    expect(health.recordSuccess(T1, 'p2')).toBeNull();
    expect(health.recordSuccess(T1, 'p3')).toEqual({ kind: 'restored', tenantId: T1, refusedSince: at('2026-11-29T10:00:00Z') });
    expect(health.recordSuccess(T1, 'p1')).toBeNull();
    expect(health.overall()).toEqual({ status: 'ok' });
  });

  it('does not flap when one person is refused at every tick while the others sync (RBAC scoping leaves them out)', () => {
    const health = new ApplicationAccessHealth();
    const changes = [];
    for (let tick = 0; tick < 3; tick += 1) {
      const now = new Date(Date.parse('2026-11-29T10:00:00Z') + tick * 300_000);
      changes.push(health.recordSuccess(T1, 'in-scope-1'), health.recordFailure(T1, 'outside-scope', denied, now), health.recordSuccess(T1, 'in-scope-2'));
    }
    expect(changes.filter((c) => c !== null)).toEqual([{ kind: 'refused', tenantId: T1, code: 'ErrorAccessDenied', detail: 'mail: access denied' }]);
    expect(health.overall()).toEqual({ status: 'refused', code: 'ErrorAccessDenied', since: at('2026-11-29T10:00:00Z'), detail: 'mail: access denied (background sync refused for 1 person)' });
  });

  it('ignores failures that are not refusals, and a success of a tenant that was never refused', () => {
    const health = new ApplicationAccessHealth();
    expect(health.recordFailure(T1, 'p1', graphError('graph_unavailable', null), at('2026-11-29T10:00:00Z'))).toBeNull();
    expect(health.recordSuccess(T1, 'p1')).toBeNull();
    expect(health.overall()).toEqual({ status: 'ok' });
  });

  it('shows the earliest refusal still in force, with how many people and tenants are refused', () => {
    const health = new ApplicationAccessHealth();
    health.recordFailure(T2, 'q1', graphError('application_access_refused', null, 'AADSTS7000112'), at('2026-11-29T11:00:00Z'));
    health.recordFailure(T1, 'p1', denied, at('2026-11-29T10:00:00Z'));
    health.recordFailure(T1, 'p2', denied, at('2026-11-29T10:00:01Z'));
    expect(health.overall()).toEqual({ status: 'refused', code: 'ErrorAccessDenied', since: at('2026-11-29T10:00:00Z'), detail: 'mail: access denied (background sync refused for 3 people in 2 tenants)' });
    health.recordSuccess(T1, 'p1');
    health.recordSuccess(T1, 'p2');
    expect(health.overall()).toEqual({ status: 'refused', code: 'application_access_refused', since: at('2026-11-29T11:00:00Z'), detail: 'AADSTS7000112 (background sync refused for 1 person)' });
  });
});
