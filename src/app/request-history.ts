/**
 * One request with its history, for the detail panel: GET /api/requests/:id. Only the caller's own request (another
 * person's or tenant's id is `not_found`, never revealed). The history is the stored events, oldest first, after a
 * `received` entry from the request's receivedAt; actors are resolved to people ("Sync" is the system, null here).
 * Working-time durations are the clocks the server evaluates for the request view — never wall-clock differences.
 */
import type { PersonRef } from './records';
import type { RequestDetailResponse, RequestEventKind, RequestEventView, RequestView } from './views/request-views';
import type { ResponseSource } from '../domain/request-lifecycle';
import type { UserContext } from './m365-ports';
import { SYSTEM_ACTOR_ID, type RequestEvent } from './records';
import { getOwnRequest, viewRequest, type RequestActionDeps } from './request-actions';

const KINDS: ReadonlySet<string> = new Set<RequestEventKind>(['tracked', 'responded', 'waiting', 'resumed', 'resolved', 'reopened', 'updated', 'untracked', 'breach', 'undone']);
const RESPONSE_SOURCES: ReadonlySet<string> = new Set<ResponseSource>(['email', 'chat', 'manual']);

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * The caller's request `id` with its timeline.
 * @throws DomainError `not_found` for an id that is not the caller's request.
 */
export async function requestHistory(deps: RequestActionDeps, user: UserContext, id: string): Promise<RequestDetailResponse> {
  const record = await getOwnRequest(deps, user, id);
  const [view, stored] = await Promise.all([viewRequest(deps, user, record), deps.stores.requests.listEvents(user.tenantId, record.id)]);
  const actorIds = stored.map((e) => e.actorId).filter((a) => a !== SYSTEM_ACTOR_ID);
  const people = await deps.directory.people(user.tenantId, actorIds);
  const events = [receivedEntry(view)];
  for (const e of stored) events.push(...entriesOf(e, view, e.actorId === SYSTEM_ACTOR_ID ? null : people.get(e.actorId) ?? null));
  // Stable: entries at one instant keep the order they were written in.
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  markClockStops(events, view);
  return { request: view, events };
}

function entry(id: string, type: RequestEventKind, at: string, actor: PersonRef | null, extra: Partial<RequestEventView> = {}): RequestEventView {
  return { id, type, at, actor, response: null, fields: null, clock: null, undid: null, workingMinutes: null, clockStatus: null, ...extra };
}

function receivedEntry(view: RequestView): RequestEventView {
  return entry(`${view.id}:received`, 'received', view.receivedAt, view.requester);
}

/**
 * A stored event as timeline entries. A `tracked` event that already found the first response (it was answered before
 * it was tracked) also gives a `responded` entry at the response's time, with the message when the event recorded it.
 */
function entriesOf(e: RequestEvent, view: RequestView, actor: PersonRef | null): RequestEventView[] {
  if (!KINDS.has(e.type)) return [];
  const at = e.at.toISOString();
  const data = e.data ?? {};
  switch (e.type) {
    case 'tracked': {
      const tracked = entry(e.id, 'tracked', at, actor);
      const foundAt = text(data.firstResponseAt);
      if (foundAt === null || Number.isNaN(Date.parse(foundAt))) return [tracked];
      const source = view.source;
      return [tracked, entry(`${e.id}:response`, 'responded', new Date(foundAt).toISOString(), actor, {
        response: { source, messageId: text(data.firstResponseMessageId), webLink: text(data.firstResponseWebLink), cleared: false },
      })];
    }
    case 'responded': {
      const source = text(data.source);
      return [entry(e.id, 'responded', at, actor, {
        response: {
          source: source !== null && RESPONSE_SOURCES.has(source) ? (source as ResponseSource) : 'manual',
          messageId: text(data.messageId),
          webLink: text(data.webLink),
          cleared: data.cleared === true,
        },
      })];
    }
    case 'updated':
      return [entry(e.id, 'updated', at, actor, { fields: Array.isArray(data.fields) ? data.fields.filter((f): f is string => typeof f === 'string') : [] })];
    case 'undone': {
      const undid = text(data.undid);
      return [entry(e.id, 'undone', at, actor, { undid: undid !== null && KINDS.has(undid) ? (undid as RequestEventKind) : null })];
    }
    case 'breach':
      return [entry(e.id, 'breach', at, actor, { clock: data.clock === 'resolution' ? 'resolution' : 'firstResponse' })];
    default:
      return [entry(e.id, e.type as RequestEventKind, at, actor)];
  }
}

/**
 * Puts the evaluated working minutes on the entries that stopped the clocks as they stand now: the last `responded`
 * entry at the current first response, and the last `resolved` entry at the current resolution.
 */
function markClockStops(events: RequestEventView[], view: RequestView): void {
  const mark = (type: 'responded' | 'resolved', stoppedAt: string | null, clock: RequestView['clocks']['firstResponse']) => {
    if (stoppedAt === null || (clock.status !== 'met' && clock.status !== 'missed')) return;
    const when = Date.parse(stoppedAt);
    const stop = [...events].reverse().find((e) => e.type === type && Date.parse(e.at) === when && e.response?.cleared !== true);
    if (stop === undefined) return;
    stop.workingMinutes = clock.usedMinutes;
    stop.clockStatus = clock.status;
  };
  // The response stopped the first-response clock unless the request was resolved (without a reply) before it.
  const fr = view.clocks.firstResponse;
  const responseStopped = view.firstResponseAt !== null && fr.stoppedAt !== null && Date.parse(view.firstResponseAt) <= Date.parse(fr.stoppedAt);
  mark('responded', responseStopped ? view.firstResponseAt : null, fr);
  mark('resolved', view.resolvedAt, view.clocks.resolution);
}
