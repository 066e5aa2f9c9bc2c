/**
 * Whether Microsoft 365 lets Turnaround's background work in, per tenant — for admins (`/readyz` detail and one log
 * line), not for the people using the API, who are served either way.
 *
 * Background sync runs with the app's own (application) access. When a tenant's admin withdraws it — Graph answers 403
 * (ErrorAccessDenied, Authorization_RequestDenied, Forbidden) to an application-token call, or the identity provider
 * refuses the app a token (`application_access_refused`) — every person's sync fails the same way at every tick. This
 * records the refusal once per tenant and reports only the transitions (refused, restored), so the caller logs one line
 * per change instead of one per person per tick. A tenant stays refused until every person refused there has synced
 * again: with Exchange's RBAC for Applications scoping the app to a group, a person outside it is refused at every tick
 * while the others sync, and that must not flap between refused and restored. Pure state: the instant is a parameter.
 */

/** Graph's error codes of a 403 that refuses the app, not one item. */
const GRAPH_REFUSALS = new Set(['ErrorAccessDenied', 'Authorization_RequestDenied', 'Forbidden', 'AccessDenied']);

/** The health of one tenant's application access. */
export type ApplicationAccessState =
  | { status: 'ok' }
  | {
      status: 'refused';
      /** `application_access_refused` (the identity provider) or Graph's error code (e.g. `ErrorAccessDenied`). */
      code: string;
      /** When the refusal was first seen (UTC). */
      since: Date;
      /** What was refused, for an admin (never a token). */
      detail: string;
    };

/** A change {@link ApplicationAccessHealth} reports: the caller logs it. */
export type ApplicationAccessChange =
  | { kind: 'refused'; tenantId: string; code: string; detail: string }
  | { kind: 'restored'; tenantId: string; refusedSince: Date };

/** Tenants whose refusal is remembered at most (the oldest is forgotten first; it is recorded again at its next tick). */
const MAX_TENANTS = 10_000;

/**
 * The refusal an error of background (application-access) work means, or null when it means something else (a
 * throttled or missing item, a network failure…). Reads the adapters' `code` and Graph's `graphCode`.
 */
export function applicationAccessRefusal(error: unknown): { code: string; detail: string } | null {
  const e = error as { code?: unknown; graphCode?: unknown; status?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : '';
  if (e?.code === 'application_access_refused') return { code: 'application_access_refused', detail: message || 'The identity provider refused Turnaround an application token.' };
  if (e?.code === 'graph_forbidden' && typeof e.graphCode === 'string' && GRAPH_REFUSALS.has(e.graphCode)) {
    return { code: e.graphCode, detail: message || 'Microsoft Graph refused Turnaround\'s application access.' };
  }
  return null;
}

/** A tenant's refusal: the first one seen, and the people whose background sync is refused there now. */
interface TenantRefusal {
  code: string;
  since: Date;
  detail: string;
  people: Set<string>;
}

export class ApplicationAccessHealth {
  private readonly refused = new Map<string, TenantRefusal>();

  /** Records a failed background sync of `personId` in `tenantId`; returns the change when it turns the tenant to refused. */
  recordFailure(tenantId: string, personId: string, error: unknown, now: Date): ApplicationAccessChange | null {
    const refusal = applicationAccessRefusal(error);
    if (refusal === null) return null;
    const known = this.refused.get(tenantId);
    if (known !== undefined) {
      known.people.add(personId);
      return null;
    }
    if (this.refused.size >= MAX_TENANTS) {
      const oldest = this.refused.keys().next();
      if (oldest.done !== true) this.refused.delete(oldest.value);
    }
    this.refused.set(tenantId, { ...refusal, since: now, people: new Set([personId]) });
    return { kind: 'refused', tenantId, ...refusal };
  }

  /**
   * Records a background sync of `personId` in `tenantId` that succeeded; returns the change when it was the last
   * refused person of a refused tenant.
   */
  recordSuccess(tenantId: string, personId: string): ApplicationAccessChange | null {
    const was = this.refused.get(tenantId);
    if (was === undefined) return null;
    was.people.delete(personId);
    if (was.people.size > 0) return null;
    this.refused.delete(tenantId);
    return { kind: 'restored', tenantId, refusedSince: was.since };
  }

  /** One tenant's state. */
  stateOf(tenantId: string): ApplicationAccessState {
    const r = this.refused.get(tenantId);
    return r === undefined ? { status: 'ok' } : { status: 'refused', code: r.code, since: r.since, detail: `${r.detail} (${peopleRefused(r.people.size)})` };
  }

  /** The server's state: ok, or the earliest refusal still in force (its detail says how many people and tenants). */
  overall(): ApplicationAccessState {
    let first: TenantRefusal | null = null;
    let people = 0;
    for (const r of this.refused.values()) {
      people += r.people.size;
      if (first === null || r.since < first.since) first = r;
    }
    if (first === null) return { status: 'ok' };
    const tenants = this.refused.size > 1 ? ` in ${String(this.refused.size)} tenants` : '';
    return { status: 'refused', code: first.code, since: first.since, detail: `${first.detail} (${peopleRefused(people)}${tenants})` };
  }
}

function peopleRefused(n: number): string {
  return `background sync refused for ${String(n)} ${n === 1 ? 'person' : 'people'}`;
}
