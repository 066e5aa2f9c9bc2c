import { randomUUID } from 'node:crypto';
import type { DemoUser, MailAddress, MailboxMessage } from '../demo-organization';
import { GraphSimulatorError, badRequest, notFound } from '../graph-errors';
import { MAIL_FOLDERS, type MailFolderName } from '../graph-ids';
import { MASTER_CATEGORIES, MESSAGE_DEFAULT_PROPERTIES, mailboxSettingsJson, messageJson, project } from '../graph-serializers';
import { decodeToken, encodeToken, matchesTime, type FilterClause } from '../odata-query';
import { seededGuid } from '../seeded-random';
import { ok, page, requireOwnMailbox, type GraphRouteDeps, type Json, type RouteTable, type SimResponse, type UserRouteContext } from './graph-route-context';

const MESSAGES_TOP_MAX = 1000;
const DEFAULT_MESSAGE_PAGE = 10;

/**
 * Outlook mail: messages in the well-known folders Inbox, Sent Items, Archive, Deleted Items and Drafts (list — one
 * folder or all of them, get, delta with tombstones, categories and read state, move, delete, reply, send), mailbox
 * settings and master categories.
 */
export function registerMailRoutes(routes: RouteTable, { org, clock, origin }: GraphRouteDeps): void {
  const folder = '/mailFolders/([^/]+)';

  /** A well-known folder name (any case) or one of the target's folder ids. */
  const resolveFolder = (ctx: UserRouteContext, folderRef: string): MailFolderName => {
    const wellKnown = MAIL_FOLDERS.find((f) => f === folderRef.toLowerCase());
    if (wellKnown) return wellKnown;
    const parsed = org.ids.parseFolderId(folderRef);
    if (!parsed || parsed.userIndex !== ctx.target.index) throw notFound(folderRef);
    return parsed.folder;
  };

  /** One folder's live messages, or every folder's (`/messages` reads the whole mailbox, as Graph's does). */
  const folderMessages = (ctx: UserRouteContext, which: MailFolderName | null): MailboxMessage[] => {
    if (ctx.callerIsOtherTenant) return [];
    const lists = (which ? [which] : MAIL_FOLDERS).map((f) => org.folder(ctx.target.index, f));
    return lists.flatMap((l) => l.filter((m) => !m.deleted));
  };

  const ownMessage = (ctx: UserRouteContext, id: string): MailboxMessage => {
    requireOwnMailbox(ctx);
    const m = org.messageById(id);
    if (!m || m.ownerIndex !== ctx.target.index || ctx.callerIsOtherTenant) throw notFound(id);
    return m;
  };

  const messageFilter = (clauses: FilterClause[] | null, allowConversation: boolean): ((m: MailboxMessage) => boolean) => {
    if (!clauses) return () => true;
    for (const c of clauses) {
      const okClause = (allowConversation && c.property === 'conversationId' && c.operator === 'eq')
        || (['receivedDateTime', 'sentDateTime', 'lastModifiedDateTime'].includes(c.property) && c.operator !== 'any-eq');
      if (!okClause) throw badRequest('ErrorInvalidUrlQueryFilter', 'The query filter contains one or more invalid nodes.');
    }
    return (m) => clauses.every((c) => {
      if (c.property === 'conversationId') return m.mail.conversationId === c.value;
      if (c.property === 'lastModifiedDateTime') return matchesTime(m.lastModifiedMs, c);
      return matchesTime(m.mail.sentMs, c);
    });
  };

  const listMessages = (ctx: UserRouteContext, folderRef: string | null): SimResponse => {
    requireOwnMailbox(ctx);
    const which = folderRef === null ? null : resolveFolder(ctx, folderRef);
    const { q } = ctx;
    if (q.top !== null && (q.top < 1 || q.top > MESSAGES_TOP_MAX)) throw badRequest('ErrorInvalidArgument', `The value of $top must be between 1 and ${MESSAGES_TOP_MAX}.`);
    const orderBy = q.orderBy ?? [{ property: 'receivedDateTime', descending: true }];
    for (const o of orderBy) if (!['receivedDateTime', 'sentDateTime', 'createdDateTime', 'lastModifiedDateTime', 'subject'].includes(o.property)) throw badRequest('ErrorInvalidProperty', `The property '${o.property}' does not support sorting.`);
    if (q.filter && q.orderBy) {
      // Graph: properties in $orderby must also be in $filter, in the same order, before any others.
      const filterProps = q.filter.map((c) => c.property);
      const ordered = q.orderBy.map((o) => o.property);
      if (!ordered.every((p, i) => filterProps[i] === p)) throw badRequest('InefficientFilter', 'The restriction or sort order is too complex for this operation.');
    }
    const keep = messageFilter(q.filter, true);
    const key = (m: MailboxMessage, p: string): number | string =>
      p === 'subject' ? m.mail.subject : p === 'lastModifiedDateTime' ? m.lastModifiedMs : p === 'createdDateTime' ? m.createdMs : m.mail.sentMs;
    const items = folderMessages(ctx, which).filter(keep).sort((a, b) => {
      for (const o of orderBy) {
        const x = key(a, o.property);
        const y = key(b, o.property);
        if (x !== y) return (x < y ? -1 : 1) * (o.descending ? -1 : 1);
      }
      return b.number - a.number;
    });
    return page(origin(), ctx, items, q.top ?? DEFAULT_MESSAGE_PAGE, (m) => project(messageJson(org, m), q.select, MESSAGE_DEFAULT_PROPERTIES));
  };

  const delta = (ctx: UserRouteContext, folderRef: string): SimResponse => {
    requireOwnMailbox(ctx);
    const which = resolveFolder(ctx, folderRef);
    interface DeltaState { u: number; f: string; since: number; up: number; pos: number; sel: string[] | null; flt: FilterClause[] | null; n: number | null }
    let state: DeltaState;
    const token = ctx.q.deltaToken ?? ctx.q.skipToken;
    if (token) {
      state = decodeToken<DeltaState>(token);
      if (state.u !== ctx.target.index || state.f !== which) throw badRequest('ErrorInvalidUrlQuery', 'The delta token does not belong to this folder.');
      if (ctx.q.deltaToken) state = { ...state, since: state.up, up: org.currentChangeSeq(), pos: state.up };
    } else {
      if (ctx.q.filter) for (const c of ctx.q.filter) if (c.property !== 'receivedDateTime' || !['ge', 'gt'].includes(c.operator)) throw badRequest('ErrorInvalidUrlQueryFilter', 'Delta supports only receivedDateTime ge/gt in $filter.');
      if (ctx.q.orderBy && !(ctx.q.orderBy.length === 1 && ctx.q.orderBy[0]?.property === 'receivedDateTime' && ctx.q.orderBy[0].descending)) throw badRequest('ErrorInvalidUrlQuery', 'Delta supports only $orderby=receivedDateTime desc.');
      if (ctx.q.top !== null && (ctx.q.top < 1 || ctx.q.top > MESSAGES_TOP_MAX)) throw badRequest('ErrorInvalidArgument', `The value of $top must be between 1 and ${MESSAGES_TOP_MAX}.`);
      state = { u: ctx.target.index, f: which, since: 0, up: org.currentChangeSeq(), pos: 0, sel: ctx.q.select, flt: ctx.q.filter, n: ctx.q.top };
    }
    const prefer = /odata\.maxpagesize=(\d+)/i.exec(ctx.req.headers.prefer ?? '');
    const pageSize = prefer?.[1] ? Math.max(1, Math.min(MESSAGES_TOP_MAX, Number(prefer[1]))) : state.n ?? DEFAULT_MESSAGE_PAGE;
    const keep = messageFilter(state.flt, false);
    const list = ctx.callerIsOtherTenant ? [] : org.folder(ctx.target.index, which);
    // Folders are kept ordered by changeSeq: binary-search the first change after `pos`.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid]?.changeSeq ?? 0) <= state.pos) lo = mid + 1;
      else hi = mid;
    }
    const value: Json[] = [];
    let pos = state.pos;
    let i = lo;
    for (; i < list.length && value.length < pageSize; i++) {
      const m = list[i];
      if (!m || m.changeSeq > state.up) break;
      pos = m.changeSeq;
      if (m.deleted) {
        if (state.since > 0 && m.createdMs >= 0) value.push({ '@odata.type': '#microsoft.graph.message', id: org.ids.messageId(m.number), '@removed': { reason: 'deleted' } });
        continue;
      }
      if (!keep(m)) continue;
      value.push({ '@odata.type': '#microsoft.graph.message', ...project(messageJson(org, m), state.sel, MESSAGE_DEFAULT_PROPERTIES) });
    }
    const more = i < list.length && (list[i]?.changeSeq ?? Infinity) <= state.up;
    const body: Json = { '@odata.context': `${origin()}/v1.0/$metadata#Collection(message)`, value };
    const base = `${origin()}/v1.0${ctx.req.path}`;
    if (more) body['@odata.nextLink'] = `${base}?$skiptoken=${encodeToken({ ...state, pos })}`;
    else body['@odata.deltaLink'] = `${base}?$deltatoken=${encodeToken({ ...state, pos: state.up })}`;
    return { status: 200, headers: prefer ? { 'preference-applied': `odata.maxpagesize=${pageSize}` } : {}, body };
  };

  const patchMessage = (ctx: UserRouteContext, id: string): SimResponse => {
    const m = ownMessage(ctx, id);
    const body = (ctx.req.body ?? {}) as Json;
    const allowed = ['categories', 'isRead', 'flag', 'importance', 'inferenceClassification'];
    for (const k of Object.keys(body)) if (!allowed.includes(k) && !k.startsWith('@')) throw badRequest('ErrorInvalidPropertyUpdateSentMessage', `Property '${k}' cannot be updated.`);
    if (body.categories !== undefined) {
      if (!Array.isArray(body.categories) || body.categories.some((c) => typeof c !== 'string')) throw badRequest('ErrorInvalidProperty', 'categories must be a collection of strings.');
      org.setCategories(m, body.categories as string[], clock.nowMs());
    }
    if (typeof body.isRead === 'boolean') org.setRead(m, body.isRead, clock.nowMs());
    return ok(project(messageJson(org, m), null, MESSAGE_DEFAULT_PROPERTIES));
  };

  /**
   * Graph's `move`: `destinationId` is a well-known folder name or a folder id; the moved message gets a new id (201 with
   * it); the old id answers 404 and the source folder's delta reports it `@removed`.
   */
  const move = (ctx: UserRouteContext, id: string): SimResponse => {
    const m = ownMessage(ctx, id);
    const destinationId = ((ctx.req.body ?? {}) as { destinationId?: unknown }).destinationId;
    if (typeof destinationId !== 'string' || destinationId.trim() === '') throw badRequest('ErrorInvalidParameter', "The 'destinationId' parameter is required.");
    const wellKnown = MAIL_FOLDERS.find((f) => f === destinationId.toLowerCase());
    const parsed = wellKnown ? null : org.ids.parseFolderId(destinationId);
    if (!wellKnown && !parsed) throw badRequest('ErrorInvalidIdMalformed', 'Id is malformed.');
    if (parsed && parsed.userIndex !== ctx.target.index) throw notFound(destinationId);
    const moved = org.moveMessage(m, wellKnown ?? parsed?.folder ?? m.folder, clock.nowMs());
    return ok({ '@odata.context': `${origin()}/v1.0/$metadata#users('${ctx.target.id}')/messages/$entity`, ...project(messageJson(org, moved), null, MESSAGE_DEFAULT_PROPERTIES) }, 201);
  };

  const reply = (ctx: UserRouteContext, id: string, replyAll: boolean): SimResponse => {
    const m = ownMessage(ctx, id);
    const body = (ctx.req.body ?? {}) as { comment?: unknown };
    org.replyTo(m, typeof body.comment === 'string' ? body.comment : '', clock.nowMs(), replyAll);
    return { status: 202, headers: {} };
  };

  const sendMail = (ctx: UserRouteContext): SimResponse => {
    requireOwnMailbox(ctx);
    if (ctx.callerIsOtherTenant) throw new GraphSimulatorError(403, 'ErrorAccessDenied', 'Access is denied.');
    const message = ((ctx.req.body ?? {}) as { message?: Json }).message;
    if (!message || typeof message !== 'object') throw badRequest('ErrorInvalidParameter', "The 'message' parameter is required.");
    const recipients = (v: unknown): MailAddress[] => (Array.isArray(v) ? v : []).map((r: { emailAddress?: { address?: string; name?: string } }) => {
      const address = r?.emailAddress?.address;
      if (typeof address !== 'string' || !address.includes('@')) throw badRequest('ErrorInvalidRecipients', 'At least one recipient is not valid.');
      return { address, name: r.emailAddress?.name ?? org.userByAddress(address)?.displayName ?? address };
    });
    const to = recipients(message.toRecipients);
    if (to.length === 0) throw badRequest('ErrorInvalidRecipients', 'At least one recipient is not valid., Recipient is missing.');
    const bodyContent = (message.body as { content?: unknown } | undefined)?.content;
    org.sendMailWithAutoReplies(ctx.target.index, {
      subject: typeof message.subject === 'string' ? message.subject : '', bodyText: typeof bodyContent === 'string' ? bodyContent : '',
      to, cc: recipients(message.ccRecipients), importance: message.importance === 'high' ? 'high' : 'normal',
    }, clock.nowMs());
    return { status: 202, headers: {} };
  };

  const categoriesByUser = new Map<string, Json[]>();
  const masterCategories = (user: DemoUser): Json[] => {
    let list = categoriesByUser.get(user.id);
    if (!list) {
      list = MASTER_CATEGORIES.map(([displayName, color], i) => ({ id: seededGuid(user.index, 9000 + i), displayName, color }));
      categoriesByUser.set(user.id, list);
    }
    return list;
  };

  const u = routes.user.bind(routes);
  u('GET', /^\/mailboxSettings$/, '/mailboxSettings', (ctx) => { requireOwnMailbox(ctx); return ok(project(mailboxSettingsJson(ctx.target, clock.nowMs(), org.ids.folderId(ctx.target.index, 'archive')), ctx.q.select, null)); });
  u('GET', /^\/mailboxSettings\/workingHours$/, '/mailboxSettings/workingHours', (ctx) => { requireOwnMailbox(ctx); return ok(mailboxSettingsJson(ctx.target, clock.nowMs()).workingHours); });
  u('GET', /^\/mailboxSettings\/automaticRepliesSetting$/, '/mailboxSettings/automaticRepliesSetting', (ctx) => { requireOwnMailbox(ctx); return ok(mailboxSettingsJson(ctx.target, clock.nowMs()).automaticRepliesSetting); });
  u('GET', new RegExp(`^${folder}/messages$`), '/mailFolders/{id}/messages', (ctx, [f]) => listMessages(ctx, f ?? ''));
  u('GET', /^\/messages$/, '/messages', (ctx) => listMessages(ctx, null));
  u('GET', new RegExp(`^${folder}/messages/delta$`), '/mailFolders/{id}/messages/delta', (ctx, [f]) => delta(ctx, f ?? ''));
  u('GET', /^\/messages\/([^/]+)$/, '/messages/{id}', (ctx, [id]) => ok(project(messageJson(org, ownMessage(ctx, id ?? '')), ctx.q.select, MESSAGE_DEFAULT_PROPERTIES)));
  u('PATCH', /^\/messages\/([^/]+)$/, '/messages/{id}', (ctx, [id]) => patchMessage(ctx, id ?? ''));
  u('DELETE', /^\/messages\/([^/]+)$/, '/messages/{id}', (ctx, [id]) => { org.deleteMessage(ownMessage(ctx, id ?? ''), clock.nowMs()); return { status: 204, headers: {} }; });
  u('POST', /^\/messages\/([^/]+)\/move$/, '/messages/{id}/move', (ctx, [id]) => move(ctx, id ?? ''));
  u('POST', new RegExp(`^${folder}/messages/([^/]+)/move$`), '/mailFolders/{id}/messages/{id}/move', (ctx, [, id]) => move(ctx, id ?? ''));
  u('POST', /^\/messages\/([^/]+)\/reply$/, '/messages/{id}/reply', (ctx, [id]) => reply(ctx, id ?? '', false));
  u('POST', /^\/messages\/([^/]+)\/replyAll$/, '/messages/{id}/replyAll', (ctx, [id]) => reply(ctx, id ?? '', true));
  u('POST', /^\/sendMail$/, '/sendMail', (ctx) => sendMail(ctx));
  u('GET', /^\/outlook\/masterCategories$/, '/outlook/masterCategories', (ctx) => {
    requireOwnMailbox(ctx);
    return ok({ value: masterCategories(ctx.target).map((c) => project(c, ctx.q.select, null)) });
  });
  u('POST', /^\/outlook\/masterCategories$/, '/outlook/masterCategories', (ctx) => {
    requireOwnMailbox(ctx);
    const body = (ctx.req.body ?? {}) as { displayName?: unknown; color?: unknown };
    if (typeof body.displayName !== 'string' || body.displayName.trim() === '') throw badRequest('ErrorInvalidParameter', 'displayName is required.');
    const list = masterCategories(ctx.target);
    if (list.some((c) => String(c.displayName).toLowerCase() === String(body.displayName).toLowerCase())) {
      throw new GraphSimulatorError(409, 'ErrorAlreadyExists', 'An object with this name already exists.');
    }
    const color = typeof body.color === 'string' && /^(none|preset\d{1,2})$/.test(body.color) ? body.color : 'none';
    const created = { id: randomUUID(), displayName: body.displayName, color };
    list.push(created);
    return ok(created, 201);
  });
}
