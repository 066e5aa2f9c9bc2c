/**
 * Demo-only route behind the Teams workbench's Teams (issue 21): `GET /dev/workbench/teams/teams?user=<upn>` — the
 * person's teams in the demo organisation, each team's standard channels, and each channel's newest threads (the root
 * message and its replies, oldest first), as Teams' Teams view lists them. Like the chats route it reads the
 * organisation directly: the browser cannot call the Graph simulator (its certificate is trusted only by the app's
 * Graph client). Registered by {@link teamsMessageActionRoutes}, whose message-action route takes a channel thread too.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DemoChannelMessage, DemoOrganization } from '../demo-organization';
import type { WorkbenchChatMessage } from './teams-message-action-routes';

/** A thread of a channel: its root message and the replies. */
export interface WorkbenchThread {
  /** The root message (its id is the thread's id). */
  root: WorkbenchChatMessage;
  replies: WorkbenchChatMessage[];
}

export interface WorkbenchChannel {
  id: string;
  displayName: string;
  threads: WorkbenchThread[];
}

export interface WorkbenchTeam {
  id: string;
  displayName: string;
  channels: WorkbenchChannel[];
}

const THREAD_LIMIT = 12;

/** Graph's HTML body as plain text, as the workbench shows messages. */
export function plainText(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ').trim();
}

function problem(reply: FastifyReply, status: number, code: string, title: string, detail: string): FastifyReply {
  return reply.code(status).type('application/problem+json').send({ type: 'about:blank', title, status, detail, code });
}

/** Registers GET /dev/workbench/teams/teams. */
export async function teamsChannelsRoute(app: FastifyInstance, org: DemoOrganization): Promise<void> {
  const view = (m: DemoChannelMessage): WorkbenchChatMessage => ({
    id: m.id, from: m.fromUserIndex === null ? null : org.users[m.fromUserIndex]?.displayName ?? null, text: plainText(m.bodyHtml),
    createdAt: new Date(m.createdMs).toISOString(), system: m.messageType !== 'message',
  });

  app.get('/dev/workbench/teams/teams', { config: { public: true } }, async (request, reply) => {
    const query = request.query as { user?: string };
    const user = query.user ? org.userByIdOrUpn(query.user) : undefined;
    if (!user) return problem(reply, 404, 'unknown_user', 'Unknown user', `No demo user '${query.user ?? ''}'.`);
    const teams: WorkbenchTeam[] = org.teams
      .filter((team) => team.members.some((m) => m.userIndex === user.index))
      .map((team) => ({
        id: team.id,
        displayName: team.displayName,
        channels: org.channelsOf(team.id).map((channel) => {
          const live = channel.messages.filter((m) => m.deletedMs === null).sort((a, b) => a.createdMs - b.createdMs);
          const threads = live.filter((m) => m.replyToId === null).slice(-THREAD_LIMIT)
            .map((root) => ({ root: view(root), replies: live.filter((m) => m.replyToId === root.id).map(view) }));
          return { id: channel.id, displayName: channel.displayName, threads };
        }),
      }));
    return reply.header('cache-control', 'no-store').send({ user: { id: user.id, displayName: user.displayName }, teams });
  });
}
