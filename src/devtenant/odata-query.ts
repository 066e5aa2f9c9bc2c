import { badRequest } from './graph-errors';

/**
 * One comparison of the `$filter` subset the simulator understands: `property op value`, `collection/any(x:x eq 'v')`,
 * `startsWith(property,'v')`, `endsWith(property,'v')` and `collection/any(x:endsWith(x,'v'))`. Operator `or` stands
 * for a whole filter with `or` in {@link ODataQuery.filter} (see there).
 */
export interface FilterClause {
  property: string;
  operator: 'eq' | 'ne' | 'ge' | 'gt' | 'lt' | 'le' | 'any-eq' | 'startsWith' | 'endsWith' | 'any-endsWith' | 'or';
  value: string;
}

/** The parsed OData system query options of one request. */
export interface ODataQuery {
  select: string[] | null;
  top: number | null;
  /**
   * `$filter` as comparisons joined by `and`. A filter with `or` is one clause of operator `or` here (value: the
   * filter's text), which routes that check their clauses reject; routes that support `or` read {@link filterAnyOf}.
   */
  filter: FilterClause[] | null;
  /** `$filter` as alternatives joined by `or`, each comparisons joined by `and` (`and` binds tighter, as in OData). */
  filterAnyOf: FilterClause[][] | null;
  /** `$count=true`. */
  count: boolean;
  orderBy: { property: string; descending: boolean }[] | null;
  expand: string[] | null;
  skipToken: string | null;
  deltaToken: string | null;
}

const CLAUSE = /^\s*([A-Za-z/]+)\s+(eq|ne|ge|gt|lt|le)\s+('(?:[^']|'')*'|[0-9T:.\-+Z]+)\s*$/;
const ANY_CLAUSE = /^\s*([A-Za-z]+)\/any\(\s*(\w+)\s*:\s*\2\s+eq\s+'((?:[^']|'')*)'\s*\)\s*$/;
const FUNCTION_CLAUSE = /^\s*(startsWith|endsWith)\(\s*([A-Za-z/]+)\s*,\s*'((?:[^']|'')*)'\s*\)\s*$/i;
const ANY_ENDS_WITH_CLAUSE = /^\s*([A-Za-z]+)\/any\(\s*(\w+)\s*:\s*endsWith\(\s*\2\s*,\s*'((?:[^']|'')*)'\s*\)\s*\)\s*$/i;

const unquote = (quoted: string): string => quoted.replace(/''/g, "'");

/** Splits `text` at each ` word ` (case-insensitive) outside quotes and parentheses. */
function splitTopLevel(text: string, word: 'and' | 'or'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  const separator = new RegExp(`^\\s+${word}\\s+`, 'i');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quoted = !quoted; // '' inside a literal toggles twice
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && /\s/.test(c ?? '')) {
      const m = separator.exec(text.slice(i));
      if (m) {
        parts.push(text.slice(start, i));
        i += m[0].length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function parseClause(part: string): FilterClause {
  const any = ANY_CLAUSE.exec(part);
  if (any) return { property: any[1] ?? '', operator: 'any-eq', value: unquote(any[3] ?? '') };
  const anyEnds = ANY_ENDS_WITH_CLAUSE.exec(part);
  if (anyEnds) return { property: anyEnds[1] ?? '', operator: 'any-endsWith', value: unquote(anyEnds[3] ?? '') };
  const fn = FUNCTION_CLAUSE.exec(part);
  if (fn) return { property: fn[2] ?? '', operator: (fn[1] ?? '').toLowerCase() === 'startswith' ? 'startsWith' : 'endsWith', value: unquote(fn[3] ?? '') };
  const m = CLAUSE.exec(part);
  if (!m) throw badRequest('BadRequest', `Invalid filter clause: '${part.trim()}' is not supported.`);
  const value = (m[3] ?? '').startsWith("'") ? unquote((m[3] ?? '').slice(1, -1)) : (m[3] ?? '');
  return { property: m[1] ?? '', operator: m[2] as FilterClause['operator'], value };
}

/**
 * Parses the `$filter` subset into alternatives (joined by `or`), each a list of clauses (joined by `and`): see
 * {@link FilterClause} for the clause forms. Anything else is a 400.
 */
export function parseFilterAnyOf(raw: string): FilterClause[][] {
  return splitTopLevel(raw, 'or').map((alternative) => splitTopLevel(alternative, 'and').map(parseClause));
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
  const filterAnyOf = filter === null ? null : parseFilterAnyOf(filter);
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
    filter: filter === null || filterAnyOf === null ? null : filterAnyOf.length === 1 ? (filterAnyOf[0] ?? []) : [{ property: '', operator: 'or', value: filter }],
    filterAnyOf,
    count: get('count')?.toLowerCase() === 'true',
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
    case 'ne': return valueMs !== t;
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
