import { badRequest } from './graph-errors';

/** One comparison of the `$filter` subset the simulator understands. */
export interface FilterClause {
  property: string;
  operator: 'eq' | 'ge' | 'gt' | 'lt' | 'le' | 'any-eq';
  value: string;
}

/** The parsed OData system query options of one request. */
export interface ODataQuery {
  select: string[] | null;
  top: number | null;
  filter: FilterClause[] | null;
  orderBy: { property: string; descending: boolean }[] | null;
  expand: string[] | null;
  skipToken: string | null;
  deltaToken: string | null;
}

const CLAUSE = /^\s*([A-Za-z/]+)\s+(eq|ge|gt|lt|le)\s+('(?:[^']|'')*'|[0-9T:.\-+Z]+)\s*$/;
const ANY_CLAUSE = /^\s*([A-Za-z]+)\/any\(\s*(\w+)\s*:\s*\2\s+eq\s+'((?:[^']|'')*)'\s*\)\s*$/;

/** Parses the `$filter` subset: comparisons joined by `and`, and `collection/any(x:x eq 'v')`. Anything else is a 400. */
export function parseFilter(raw: string): FilterClause[] {
  const parts = raw.split(/\s+and\s+/i);
  return parts.map((part) => {
    const any = ANY_CLAUSE.exec(part);
    if (any) return { property: any[1] ?? '', operator: 'any-eq' as const, value: (any[3] ?? '').replace(/''/g, "'") };
    const m = CLAUSE.exec(part);
    if (!m) throw badRequest('BadRequest', `Invalid filter clause: '${part.trim()}' is not supported.`);
    const value = (m[3] ?? '').startsWith("'") ? (m[3] ?? '').slice(1, -1).replace(/''/g, "'") : (m[3] ?? '');
    return { property: m[1] ?? '', operator: m[2] as FilterClause['operator'], value };
  });
}

/** Parses the query string of a request into OData options (names are case-insensitive, `$` optional like Graph). */
export function parseODataQuery(params: URLSearchParams): ODataQuery {
  const get = (name: string): string | null => {
    for (const [k, v] of params) if (k.toLowerCase() === `$${name}` || k.toLowerCase() === name) return v;
    return null;
  };
  const select = get('select');
  const top = get('top');
  const filter = get('filter');
  const orderBy = get('orderby');
  const expand = get('expand');
  let topValue: number | null = null;
  if (top !== null) {
    if (!/^\d+$/.test(top)) throw badRequest('BadRequest', `Invalid value '${top}' for $top.`);
    topValue = Number(top);
  }
  return {
    select: select === null ? null : select.split(',').map((s) => s.trim()).filter(Boolean),
    top: topValue,
    filter: filter === null ? null : parseFilter(filter),
    orderBy: orderBy === null ? null : orderBy.split(',').map((part) => {
      const [property = '', dir = 'asc'] = part.trim().split(/\s+/);
      if (!['asc', 'desc'].includes(dir.toLowerCase())) throw badRequest('BadRequest', `Invalid $orderby direction '${dir}'.`);
      return { property, descending: dir.toLowerCase() === 'desc' };
    }),
    expand: expand === null ? null : expand.split(',').map((s) => s.trim()),
    skipToken: get('skiptoken'),
    deltaToken: get('deltatoken'),
  };
}

/** Compares an instant (ms) against a filter clause's ISO value. */
export function matchesTime(valueMs: number, clause: FilterClause): boolean {
  const t = Date.parse(clause.value);
  if (Number.isNaN(t)) throw badRequest('BadRequest', `Invalid DateTimeOffset '${clause.value}' in $filter.`);
  switch (clause.operator) {
    case 'eq': return valueMs === t;
    case 'ge': return valueMs >= t;
    case 'gt': return valueMs > t;
    case 'lt': return valueMs < t;
    case 'le': return valueMs <= t;
    default: return false;
  }
}

/** Encodes a paging or delta state as an opaque token. */
export function encodeToken(state: unknown): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

/** Decodes a token made by encodeToken, or throws a Graph 400. */
export function decodeToken<T>(token: string): T {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    throw badRequest('ErrorInvalidUrlQuery', 'The skip or delta token is not valid.');
  }
}
