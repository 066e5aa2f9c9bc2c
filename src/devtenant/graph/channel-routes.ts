import type { DemoChannel, DemoChannelMessage, DemoTeam } from '../demo-organization';
import { GraphSimulatorError, badRequest } from '../graph-errors';
import { channelJson, channelMessageJson, project } from '../graph-serializers';
import { decodeToken, encodeToken, matchesTime, type FilterClause } from '../odata-query';
import { ok, page, type GraphRouteDeps, type Json, type RouteContext, type RouteTable, type SimResponse } from './graph-route-context';

/** Graph's page limits for channel messages and replies ($top 1–50; 20 without it). */
const CHANNEL_TOP_MAX = 50;
const DEFAULT_CHANNEL_PAGE = 20;

/** What a channel delta token remembers: the channel, the window of changes and how far the round has read. */
interface ChannelDeltaState {
  /** Team and channel the token belongs to. */
  t: string;
  c: string;
  /** Changes after `since` and up to `up` (lastModified, UTC ms) belong to this round. */
  since: number;
  up: number;
  /** The last root returned in this round: [lastModifiedMs, id]. */
  pos: [number, string] | null;
  sel: string[] | null;
  flt: FilterClause[] | null;
  n: number | null;
}

/**
 * Teams channels as Graph serves them: a team's channels, one channel, its root messages (list, get, delta) and each
 * thread's replies (list, get). A delegated caller must be a member of the team; an application needs
 * Channel.ReadBasic.All for channels and ChannelMessage.Read.All for messages (application-permissions.ts).
 *
 * Delta follows Graph's `chatMessage: delta` on a channel: root messages only, never replies (those are read per
 * thread), new and changed since the last round; `$top` (1–50) and `$filter=lastModifiedDateTime gt …` on the first
 * request only, every later page or round through the opaque `@odata.nextLink` / `@odata.deltaLink`.
 */
export function registerChannelRoutes(routes: RouteTable, { org, clock, origin }: GraphRouteDeps): void {
  const memberTeam = (ctx: RouteContext, teamId: string): DemoTeam => {
    const team = ctx.callerIsOtherTenant ? undefined : org.teams.find((t) => t.id === teamId);
    if (!team) throw new GraphSimulatorError(404, 'NotFound', `No team found with Group Id ${teamId}`);
    if (!ctx.appOnly && !team.members.some((m) => m.userIndex === ctx.caller.index)) throw new GraphSimulatorError(403, 'Forbidden', 'Forbidden. The caller is not a member of the team.');
    return team;
  };

  const channelOf = (ctx: RouteContext, teamId: string, channelId: string): DemoChannel => {
    const team = memberTeam(ctx, teamId);
    const channel = org.channelsOf(team.id).find((c) => c.id === channelId);
    if (!channel) throw new GraphSimulatorError(404, 'NotFound', 'Channel not found.');
    return channel;
  };

  const rootOf = (channel: DemoChannel, messageId: string): DemoChannelMessage => {
    const root = channel.messages.find((m) => m.id === messageId && m.replyToId === null);
    if (!root) throw new GraphSimulatorError(404, 'NotFound', 'Resource not found.');
    return root;
  };

  const checkTop = (top: number | null): void => {
    if (top !== null && (top < 1 || top > CHANNEL_TOP_MAX)) throw badRequest('BadRequest', `Invalid page size requested. Page size should be between 1 and ${CHANNEL_TOP_MAX}.`);
  };

  const newestFirst = (a: DemoChannelMessage, b: DemoChannelMessage): number => b.createdMs - a.createdMs || Number(b.id) - Number(a.id);
  const repliesOf = (channel: DemoChannel, root: DemoChannelMessage): DemoChannelMessage[] => channel.messages.filter((m) => m.replyToId === root.id).sort(newestFirst);

  const messageEntity = (ctx: RouteContext, channel: DemoChannel, m: DemoChannelMessage, select: readonly string[] | null, expandReplies: boolean): Json => {
    const entity = project(channelMessageJson(org, channel, m), select, null);
    if (expandReplies) entity.replies = repliesOf(channel, m).map((r) => channelMessageJson(org, channel, r));
    return entity;
  };

  const checkExpand = (ctx: RouteContext): boolean => {
    for (const e of ctx.q.expand ?? []) if (e !== 'replies') throw badRequest('BadRequest', `Expand on '${e}' is not supported.`);
    return ctx.q.expand?.includes('replies') ?? false;
  };

  const listChannels = (ctx: RouteContext, teamId: string): SimResponse => {
    const team = memberTeam(ctx, teamId);
    if (ctx.q.filter) for (const c of ctx.q.filter) if (!(c.property === 'membershipType' && c.operator === 'eq')) throw badRequest('BadRequest', 'The $filter query is not supported for this request.');
    const channels = org.channelsOf(team.id).filter(() => !ctx.q.filter || ctx.q.filter.every((f) => f.value === 'standard'));
    return ok({ '@odata.context': `${origin()}/v1.0/$metadata#teams('${team.id}')/channels`, '@odata.count': channels.length, value: channels.map((c) => project(channelJson(org, c), ctx.q.select, null)) });
  };

  const listMessages = (ctx: RouteContext, teamId: string, channelId: string): SimResponse => {
    const channel = channelOf(ctx, teamId, channelId);
    checkTop(ctx.q.top);
    if (ctx.q.filter || ctx.q.orderBy) throw badRequest('BadRequest', 'The query specified in the URI is not valid. $filter and $orderby are not supported on channel messages.');
    const expand = checkExpand(ctx);
    const roots = channel.messages.filter((m) => m.replyToId === null).sort(newestFirst);
    return page(origin(), ctx, roots, ctx.q.top ?? DEFAULT_CHANNEL_PAGE, (m) => messageEntity(ctx, channel, m, ctx.q.select, expand), { '@odata.count': Math.min(roots.length, ctx.q.top ?? DEFAULT_CHANNEL_PAGE) });
  };

  const listReplies = (ctx: RouteContext, teamId: string, channelId: string, messageId: string): SimResponse => {
    const channel = channelOf(ctx, teamId, channelId);
    const root = rootOf(channel, messageId);
    checkTop(ctx.q.top);
    if (ctx.q.filter || ctx.q.orderBy || ctx.q.expand) throw badRequest('BadRequest', 'The query specified in the URI is not valid. Only $top and $select are supported on replies.');
    const replies = repliesOf(channel, root);
    return page(origin(), ctx, replies, ctx.q.top ?? DEFAULT_CHANNEL_PAGE, (m) => project(channelMessageJson(org, channel, m), ctx.q.select, null), { '@odata.count': Math.min(replies.length, ctx.q.top ?? DEFAULT_CHANNEL_PAGE) });
  };

  const delta = (ctx: RouteContext, teamId: string, channelId: string): SimResponse => {
    const channel = channelOf(ctx, teamId, channelId);
    const token = ctx.q.deltaToken ?? ctx.q.skipToken;
    // The snapshot ends a millisecond before now, so a message posted later in this same millisecond is in the next round.
    const snapshot = clock.nowMs() - 1;
    let state: ChannelDeltaState;
    if (token) {
      try {
        state = decodeToken<ChannelDeltaState>(token);
      } catch {
        throw badRequest('BadRequest', 'The delta token is not valid.');
      }
      if (state.t !== teamId || state.c !== channel.id) throw badRequest('BadRequest', 'The delta token does not belong to this channel.');
      if (ctx.q.deltaToken) state = { ...state, since: state.up, up: Math.max(state.up, snapshot), pos: null };
    } else {
      checkTop(ctx.q.top);
      if (ctx.q.filter) for (const c of ctx.q.filter) if (c.property !== 'lastModifiedDateTime' || c.operator !== 'gt') throw badRequest('BadRequest', 'Delta supports only $filter=lastModifiedDateTime gt {time}.');
      if (ctx.q.orderBy || ctx.q.expand) throw badRequest('BadRequest', 'Delta supports only $top, $select and $filter=lastModifiedDateTime gt {time}.');
      state = { t: teamId, c: channel.id, since: -Infinity, up: snapshot, pos: null, sel: ctx.q.select, flt: ctx.q.filter, n: ctx.q.top };
    }
    const after = (m: DemoChannelMessage): boolean => !state.pos || m.lastModifiedMs > state.pos[0] || (m.lastModifiedMs === state.pos[0] && Number(m.id) > Number(state.pos[1]));
    const changed = channel.messages
      .filter((m) => m.replyToId === null && m.lastModifiedMs > state.since && m.lastModifiedMs <= state.up)
      .filter((m) => !state.flt || state.flt.every((c) => matchesTime(m.lastModifiedMs, c)))
      .sort((a, b) => a.lastModifiedMs - b.lastModifiedMs || Number(a.id) - Number(b.id))
      .filter(after);
    const pageSize = state.n ?? DEFAULT_CHANNEL_PAGE;
    const slice = changed.slice(0, pageSize);
    const body: Json = {
      '@odata.context': `${origin()}/v1.0/$metadata#Collection(chatMessage)`,
      value: slice.map((m) => project(channelMessageJson(org, channel, m), state.sel, null)),
    };
    const base = `${origin()}/v1.0${ctx.req.path}`;
    const last = slice[slice.length - 1];
    // JSON has no -Infinity: a first round starts from 0 (before any message).
    const stored = { ...state, since: Number.isFinite(state.since) ? state.since : 0 };
    if (changed.length > pageSize && last) body['@odata.nextLink'] = `${base}?$skiptoken=${encodeToken({ ...stored, pos: [last.lastModifiedMs, last.id] })}`;
    else body['@odata.deltaLink'] = `${base}?$deltatoken=${encodeToken({ ...stored, pos: null })}`;
    return ok(body);
  };

  const g = routes.global.bind(routes);
  const T = '\\/teams\\/([^/]+)\\/channels';
  const C = `${T}\\/([^/]+)`;
  g('GET', new RegExp(`^${T}$`), '/teams/{id}/channels', (ctx, [t]) => listChannels(ctx, t ?? ''));
  g('GET', new RegExp(`^${C}$`), '/teams/{id}/channels/{id}', (ctx, [t, c]) => ok(project(channelJson(org, channelOf(ctx, t ?? '', c ?? '')), ctx.q.select, null)));
  g('GET', new RegExp(`^${C}\\/messages$`), '/teams/{id}/channels/{id}/messages', (ctx, [t, c]) => listMessages(ctx, t ?? '', c ?? ''));
  g('GET', new RegExp(`^${C}\\/messages\\/delta$`), '/teams/{id}/channels/{id}/messages/delta', (ctx, [t, c]) => delta(ctx, t ?? '', c ?? ''));
  g('GET', new RegExp(`^${C}\\/messages\\/([^/]+)$`), '/teams/{id}/channels/{id}/messages/{id}', (ctx, [t, c, m]) => {
    const channel = channelOf(ctx, t ?? '', c ?? '');
    return ok(messageEntity(ctx, channel, rootOf(channel, m ?? ''), ctx.q.select, checkExpand(ctx)));
  });
  g('GET', new RegExp(`^${C}\\/messages\\/([^/]+)\\/replies$`), '/teams/{id}/channels/{id}/messages/{id}/replies', (ctx, [t, c, m]) => listReplies(ctx, t ?? '', c ?? '', m ?? ''));
  g('GET', new RegExp(`^${C}\\/messages\\/([^/]+)\\/replies\\/([^/]+)$`), '/teams/{id}/channels/{id}/messages/{id}/replies/{id}', (ctx, [t, c, m, r]) => {
    const channel = channelOf(ctx, t ?? '', c ?? '');
    const root = rootOf(channel, m ?? '');
    const reply = channel.messages.find((x) => x.id === r && x.replyToId === root.id);
    if (!reply) throw new GraphSimulatorError(404, 'NotFound', 'Resource not found.');
    return ok(project(channelMessageJson(org, channel, reply), ctx.q.select, null));
  });
}
