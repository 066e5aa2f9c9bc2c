import type { DemoUser } from '../demo-organization';
import { GraphSimulatorError, badRequest } from '../graph-errors';
import { USER_DEFAULT_PROPERTIES, project, userJson } from '../graph-serializers';
import type { FilterClause } from '../odata-query';
import { page, type RouteContext, type SimResponse } from './graph-route-context';

/**
 * `GET /users` as Graph answers it, for the `$filter` forms the simulator knows. Graph's directory splits filters into
 * those that work by default and "advanced queries", which need the `ConsistencyLevel: eventual` header and
 * `$count=true` (https://learn.microsoft.com/graph/aad-advanced-queries and its table of user properties, checked
 * 2026-11-29): `eq` and `startsWith` on mail, userPrincipalName, displayName and department, `eq` on id and userType
 * and `proxyAddresses/any(x:x eq '…')` work by default; `ne` and `endsWith` (mail, userPrincipalName, proxyAddresses
 * only) need the advanced parameters. Without them Graph answers 400 Request_UnsupportedQuery; with them the answer is
 * the same users plus `@odata.count`. `$count=true` without the header is silently ignored, as Graph does. String
 * comparisons ignore case (Entra's do for mail and userPrincipalName; the simulator treats the others alike).
 */

type Operator = FilterClause['operator'];

interface FilterableProperty {
  values(u: DemoUser): string[];
  byDefault: Operator[];
  advanced: Operator[];
}

const FILTERABLE: Record<string, FilterableProperty> = {
  id: { values: (u) => [u.id], byDefault: ['eq'], advanced: ['ne'] },
  mail: { values: (u) => [u.mail], byDefault: ['eq', 'startsWith'], advanced: ['ne', 'endsWith'] },
  userPrincipalName: { values: (u) => [u.userPrincipalName], byDefault: ['eq', 'startsWith'], advanced: ['ne', 'endsWith'] },
  displayName: { values: (u) => [u.displayName], byDefault: ['eq', 'startsWith'], advanced: ['ne'] },
  department: { values: (u) => [u.department], byDefault: ['eq', 'startsWith'], advanced: ['ne'] },
  userType: { values: (u) => [u.userType], byDefault: ['eq'], advanced: ['ne'] },
  // A collection: only through the `any` lambda.
  proxyAddresses: { values: (u) => u.proxyAddresses, byDefault: ['any-eq'], advanced: ['any-endsWith'] },
};

/** Graph's default and largest page of users. */
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 999;

const unsupported = (message: string): GraphSimulatorError => new GraphSimulatorError(400, 'Request_UnsupportedQuery', message);

/** Graph's answer when an advanced operator comes without ConsistencyLevel: eventual and $count=true. */
function advancedQueryRequired(operator: string): GraphSimulatorError {
  return unsupported(`Operator '${operator}' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information`);
}

function checkClause(c: FilterClause, advancedParameters: boolean): void {
  const property = FILTERABLE[c.property];
  if (!property || !(property.byDefault.includes(c.operator) || property.advanced.includes(c.operator))) {
    throw unsupported(`Unsupported or invalid query filter clause specified for property '${c.property}' of resource 'User'.`);
  }
  if (!property.byDefault.includes(c.operator) && !advancedParameters) throw advancedQueryRequired(c.operator === 'any-endsWith' ? 'endsWith' : c.operator);
}

function matches(u: DemoUser, c: FilterClause): boolean {
  const wanted = c.value.toLowerCase();
  const values = (FILTERABLE[c.property]?.values(u) ?? []).map((v) => v.toLowerCase());
  switch (c.operator) {
    case 'eq':
    case 'any-eq': return values.includes(wanted);
    case 'ne': return !values.includes(wanted);
    case 'startsWith': return values.some((v) => v.startsWith(wanted));
    case 'endsWith':
    case 'any-endsWith': return values.some((v) => v.endsWith(wanted));
    default: return false;
  }
}

/** Answers `GET /users` over `users` (the caller's tenant): `$filter` (with `or`), `$select`, `$top`, `$count`. */
export function listUsers(ctx: RouteContext, users: readonly DemoUser[], origin: string): SimResponse {
  const advancedParameters = ctx.q.count && (ctx.req.headers.consistencylevel ?? '').toLowerCase() === 'eventual';
  const anyOf = ctx.q.filterAnyOf;
  if (anyOf) for (const alternative of anyOf) for (const c of alternative) checkClause(c, advancedParameters);
  if (ctx.q.orderBy) throw badRequest('BadRequest', 'The simulator does not support $orderby on users.');
  const top = ctx.q.top ?? DEFAULT_PAGE_SIZE;
  if (top < 1 || top > MAX_PAGE_SIZE) throw unsupported(`Invalid page size specified: '${top}'. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`);
  const found = anyOf ? users.filter((u) => anyOf.some((alternative) => alternative.every((c) => matches(u, c)))) : [...users];
  return page(origin, ctx, found, top, (u) => project(userJson(u), ctx.q.select, USER_DEFAULT_PROPERTIES), advancedParameters ? { '@odata.count': found.length } : {});
}
