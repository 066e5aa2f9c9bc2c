import type { FastifyInstance } from 'fastify';
import type { DevTenant } from './dev-tenant';
import { problem } from './dev-routes';

/** One entry of `GET /dev/activity`: what the person's Teams activity feed shows. */
export interface ActivityEntryJson {
  id: string;
  type: string;
  /** The manifest's template text, filled in. */
  text: string;
  previewText: string;
  /** What the tab opens on when the entry is clicked (the deep link's subEntityId), or null. */
  subEntityId: string | null;
  topic: { source: 'entityUrl' | 'text'; value: string; webUrl: string | null };
  chainId: number | null;
  /** When the simulator received it, on the simulated clock (ISO 8601, UTC). */
  time: string;
}

/**
 * The dev tenant's view of the Teams activity feed, beside the other `/dev` routes:
 * - `GET /dev/activity?upn=<user principal name or id>`: what the person received through
 *   `sendActivityNotification…` (type, text, preview, sub-entity, topic, time), newest first, and whether the Teams
 *   app is installed for them; 400 without `upn`, 404 for no such person;
 * - `POST /dev/activity/installation` (`{ "upn": "…", "installed": true | false }`): installs or removes Turnaround's
 *   Teams app for the person (Graph refuses notifications to someone without it); 204.
 */
export async function activityControlRoutes(app: FastifyInstance, options: { devTenant: DevTenant }): Promise<void> {
  const { org, activityFeed } = options.devTenant;

  app.get('/dev/activity', async (req, reply) => {
    const upn = (req.query as { upn?: unknown }).upn;
    if (typeof upn !== 'string' || upn === '') return problem(reply, 400, 'invalid_request', 'Bad request', 'Send ?upn=<user principal name or id>.');
    const user = org.userByIdOrUpn(upn);
    if (!user) return problem(reply, 404, 'unknown_user', 'Unknown user', `No demo user '${upn}'.`);
    const value: ActivityEntryJson[] = activityFeed.receivedBy(user.id).map((a) => ({
      id: a.id, type: a.activityType, text: a.text, previewText: a.previewText, subEntityId: a.subEntityId, topic: { ...a.topic }, chainId: a.chainId,
      time: new Date(a.receivedMs).toISOString(),
    }));
    return { upn: user.userPrincipalName, userId: user.id, teamsAppInstalled: org.teamsAppInstalledFor(user.id), value };
  });

  app.post('/dev/activity/installation', async (req, reply) => {
    const body = (req.body ?? {}) as { upn?: unknown; installed?: unknown };
    if (typeof body.upn !== 'string' || body.upn === '' || typeof body.installed !== 'boolean') {
      return problem(reply, 400, 'invalid_request', 'Bad request', 'Send { "upn": "<user principal name or id>", "installed": true | false }.');
    }
    const user = org.userByIdOrUpn(body.upn);
    if (!user) return problem(reply, 404, 'unknown_user', 'Unknown user', `No demo user '${body.upn}'.`);
    org.setTeamsAppInstalled(user.id, body.installed);
    return reply.code(204).send();
  });
}
