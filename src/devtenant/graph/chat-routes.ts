import type { DemoChat } from '../demo-organization';
import { GraphSimulatorError, badRequest } from '../graph-errors';
import { chatJson, chatMessageJson, memberJson, project } from '../graph-serializers';
import { matchesTime } from '../odata-query';
import { ok, page, type GraphRouteDeps, type Json, type RouteContext, type RouteTable, type SimResponse, type UserRouteContext } from './graph-route-context';

const CHATS_TOP_MAX = 50;
const DEFAULT_CHAT_PAGE = 20;

/** Teams chats: the caller's chats, one chat with its members, its messages (list, get, post, softDelete). */
export function registerChatRoutes(routes: RouteTable, { org, clock, origin }: GraphRouteDeps): void {
  const memberChat = (ctx: RouteContext, id: string): DemoChat => {
    const chat = ctx.callerIsOtherTenant ? undefined : org.chatById(id);
    if (!chat) throw new GraphSimulatorError(404, 'NotFound', 'Resource not found.');
    if (!chat.memberIndexes.includes(ctx.caller.index)) throw new GraphSimulatorError(403, 'Forbidden', 'Forbidden. The caller is not a member of the chat.');
    return chat;
  };

  const chatMembers = (chat: DemoChat): Json[] => {
    const internal = chat.memberIndexes.flatMap((i) => {
      const user = org.users[i];
      return user ? [memberJson(user, ['owner'], chat.createdMs, chat.id)] : [];
    });
    return [...internal, ...(chat.guestMembers ?? []).map((g) => memberJson(g, ['guest'], chat.createdMs, chat.id))];
  };

  const chatEntity = (ctx: RouteContext, chat: DemoChat): Json => {
    const entity = project(chatJson(org, chat), ctx.q.select, null);
    if (ctx.q.expand?.includes('members')) entity.members = chatMembers(chat);
    return entity;
  };

  const listChats = (ctx: UserRouteContext): SimResponse => {
    if (ctx.target.id !== ctx.caller.id) throw new GraphSimulatorError(403, 'Forbidden', 'Forbidden.');
    const { q } = ctx;
    if (q.top !== null && (q.top < 1 || q.top > CHATS_TOP_MAX)) throw badRequest('BadRequest', `Invalid page size requested. Page size should be between 1 and ${CHATS_TOP_MAX}.`);
    if (q.filter) for (const c of q.filter) if (!(c.property === 'chatType' && c.operator === 'eq')) throw badRequest('BadRequest', 'The $filter query is not supported for this request.');
    if (q.expand) for (const e of q.expand) if (e !== 'members' && e !== 'lastMessagePreview') throw badRequest('BadRequest', `Expand on '${e}' is not supported.`);
    // Graph sorts chats only by lastMessagePreview/createdDateTime desc (which needs $expand=lastMessagePreview).
    if (q.orderBy && !(q.orderBy.length === 1 && q.orderBy[0]?.property === 'lastMessagePreview/createdDateTime' && q.orderBy[0].descending && q.expand?.includes('lastMessagePreview'))) {
      throw badRequest('BadRequest', 'Only $orderby=lastMessagePreview/createdDateTime desc with $expand=lastMessagePreview is supported.');
    }
    const chats = (ctx.callerIsOtherTenant ? [] : [...org.chatsOf(ctx.caller.index)])
      .filter((c) => !q.filter || q.filter.every((f) => c.chatType === f.value))
      .sort((a, b) => (b.messages[b.messages.length - 1]?.createdMs ?? b.createdMs) - (a.messages[a.messages.length - 1]?.createdMs ?? a.createdMs));
    return page(origin(), ctx, chats, q.top ?? DEFAULT_CHAT_PAGE, (c) => {
      const entity = chatEntity(ctx, c);
      const last = c.messages[c.messages.length - 1];
      if (q.expand?.includes('lastMessagePreview') && last) {
        const full = chatMessageJson(org, c, last);
        entity.lastMessagePreview = { id: last.id, createdDateTime: full.createdDateTime, isDeleted: last.deletedMs !== null, messageType: last.messageType, eventDetail: null, body: full.body, from: full.from };
      }
      return entity;
    });
  };

  const listChatMessages = (ctx: RouteContext, chatId: string): SimResponse => {
    const chat = memberChat(ctx, chatId);
    const { q } = ctx;
    if (q.top !== null && (q.top < 1 || q.top > CHATS_TOP_MAX)) throw badRequest('BadRequest', `Invalid page size requested. Page size should be between 1 and ${CHATS_TOP_MAX}.`);
    const order = q.orderBy?.[0];
    if (q.orderBy && (q.orderBy.length !== 1 || !order?.descending || !['lastModifiedDateTime', 'createdDateTime'].includes(order.property))) {
      throw badRequest('BadRequest', 'Only $orderby=lastModifiedDateTime desc or $orderby=createdDateTime desc is supported.');
    }
    if (q.filter) {
      for (const c of q.filter) {
        const okClause = ['lastModifiedDateTime', 'createdDateTime'].includes(c.property) && ['gt', 'lt'].includes(c.operator) && order?.property === c.property;
        if (!okClause) throw badRequest('BadRequest', '$filter on lastModifiedDateTime (gt, lt) needs $orderby=lastModifiedDateTime desc; createdDateTime likewise. Other filters are not supported.');
      }
    }
    const byModified = order?.property === 'lastModifiedDateTime';
    const items = chat.messages
      .filter((m) => !q.filter || q.filter.every((c) => matchesTime(c.property === 'lastModifiedDateTime' ? m.lastModifiedMs : m.createdMs, c)))
      .sort((a, b) => (byModified ? b.lastModifiedMs - a.lastModifiedMs : b.createdMs - a.createdMs));
    return page(origin(), ctx, items, q.top ?? DEFAULT_CHAT_PAGE, (m) => project(chatMessageJson(org, chat, m), q.select, null), { '@odata.count': Math.min(items.length, q.top ?? DEFAULT_CHAT_PAGE) });
  };

  const postChatMessage = (ctx: RouteContext, chatId: string): SimResponse => {
    const chat = memberChat(ctx, chatId);
    const body = (ctx.req.body ?? {}) as { body?: { content?: unknown; contentType?: unknown } };
    const content = body.body?.content;
    if (typeof content !== 'string' || content.length === 0) throw badRequest('BadRequest', 'Message body cannot be empty.');
    const html = body.body?.contentType === 'html' ? content : `<p>${content.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`;
    const message = org.postChatMessage(chat, ctx.caller.index, html, clock.nowMs());
    return ok(chatMessageJson(org, chat, message), 201);
  };

  /**
   * Graph's `softDelete` of a chat message, as its sender (204): the message stays in the chat with `deletedDateTime`
   * set and an empty body; its id does not change.
   */
  const softDelete = (ctx: UserRouteContext, chatId: string, messageId: string): SimResponse => {
    if (ctx.target.id !== ctx.caller.id) throw new GraphSimulatorError(403, 'Forbidden', 'Forbidden.');
    const chat = memberChat(ctx, chatId);
    const message = chat.messages.find((m) => m.id === messageId);
    if (!message) throw new GraphSimulatorError(404, 'NotFound', 'Resource not found.');
    if (message.fromUserIndex !== ctx.caller.index) throw new GraphSimulatorError(403, 'Forbidden', 'Forbidden. Only the sender can delete the message.');
    org.softDeleteChatMessage(chat, message, clock.nowMs());
    return { status: 204, headers: {} };
  };

  routes.user('GET', /^\/chats$/, '/chats', (ctx) => listChats(ctx));
  routes.user('POST', /^\/chats\/([^/]+)\/messages\/([^/]+)\/softDelete$/, '/chats/{id}/messages/{id}/softDelete', (ctx, [id, messageId]) => softDelete(ctx, id ?? '', messageId ?? ''));
  const g = routes.global.bind(routes);
  g('GET', /^\/chats\/([^/]+)$/, '/chats/{id}', (ctx, [id]) => ok(chatEntity(ctx, memberChat(ctx, id ?? ''))));
  g('GET', /^\/chats\/([^/]+)\/members$/, '/chats/{id}/members', (ctx, [id]) => {
    const chat = memberChat(ctx, id ?? '');
    return ok({ '@odata.count': chat.memberIndexes.length, value: chatMembers(chat) });
  });
  g('GET', /^\/chats\/([^/]+)\/messages$/, '/chats/{id}/messages', (ctx, [id]) => listChatMessages(ctx, id ?? ''));
  g('GET', /^\/chats\/([^/]+)\/messages\/([^/]+)$/, '/chats/{id}/messages/{id}', (ctx, [id, messageId]) => {
    const chat = memberChat(ctx, id ?? '');
    const message = chat.messages.find((m) => m.id === messageId);
    if (!message) throw new GraphSimulatorError(404, 'NotFound', 'Resource not found.');
    return ok(project(chatMessageJson(org, chat, message), ctx.q.select, null));
  });
  g('POST', /^\/chats\/([^/]+)\/messages$/, '/chats/{id}/messages', (ctx, [id]) => postChatMessage(ctx, id ?? ''));
}
