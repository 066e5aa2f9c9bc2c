/**
 * The caller's own data: profile and teams, categories, preferences, queue, stats, asks, suggestions, recent chats, and
 * sync.
 */
import type { FastifyInstance } from 'fastify';
import type { MeResponse } from '../../contracts/api';
import { getAsks } from '../../app/asks';
import { toPersonRef } from '../../app/directory-service';
import { getQueue, getQueueStamp } from '../../app/queue';
import { dismissSuggestion } from '../../app/suggestions/suggestions-service';
import { getOwnStats } from '../../app/stats';
import { getHomeTeam, setHomeTeam } from '../../app/home-team';
import { getMyPreferences, setMyPreferences } from '../../app/warning-preferences';
import { myCategories } from '../../app/team-categories';
import type { ApiServices } from '../api-services';
import { callerOf } from '../auth/authenticate';
import { HttpProblem } from '../http-problem';
import { emptyQuery, homeTeamBody, periodDays, preferencesBody, queueQuery, requestIdParams, statsQuery } from './api-schemas';
import { queueResponseSchema, queueStampResponseSchema, statsResponseSchema } from './response-schemas';

function unavailable(what: string): HttpProblem {
  return new HttpProblem(503, 'unavailable', 'Service unavailable', `${what} is not available on this server yet.`);
}

export async function meRoutes(app: FastifyInstance, services: ApiServices): Promise<void> {
  app.get('/api/me', async (request): Promise<MeResponse> => {
    emptyQuery.parse(request.query);
    const user = callerOf(request);
    const [person, teams] = await Promise.all([services.directory.me(user, user.name), services.directory.teamsOf(user)]);
    const settings = await Promise.all(teams.map((t) => services.stores.teamSettings.get(user.tenantId, t.id)));
    return {
      user: toPersonRef(person),
      tenantId: user.tenantId,
      teams: teams.map((t, i) => ({ id: t.id, displayName: t.displayName, isOwner: t.role === 'owner', individualView: settings[i]?.individualView ?? false })),
      demo: services.demo,
    };
  });

  // The categories of the team my requests belong to (my home team), for the tab and the Outlook task pane.
  app.get('/api/me/categories', async (request) => {
    emptyQuery.parse(request.query);
    return myCategories(services, callerOf(request));
  });

  // The team my requests count for: asked once in the tab when I am in several teams; 400 not_a_member for a team
  // I am not in (nothing changes).
  app.get('/api/me/home-team', async (request) => {
    emptyQuery.parse(request.query);
    return getHomeTeam(services, callerOf(request));
  });

  app.put('/api/me/home-team', async (request) => {
    emptyQuery.parse(request.query);
    const { teamId } = homeTeamBody.parse(request.body);
    const user = callerOf(request);
    return setHomeTeam(services, user, teamId, user.name);
  });

  // What reaches my Teams activity feed (issue 20). A body that is not exactly {warnings: one of the three choices} is
  // 400 validation_failed and stores nothing (it is parsed before anything is written).
  app.get('/api/me/preferences', async (request) => {
    emptyQuery.parse(request.query);
    return getMyPreferences(services, callerOf(request));
  });

  app.put('/api/me/preferences', async (request) => {
    emptyQuery.parse(request.query);
    const body = preferencesBody.parse(request.body);
    return setMyPreferences(services, callerOf(request), body);
  });

  app.get('/api/me/queue', { schema: { response: { 200: queueResponseSchema } } }, async (request) => {
    const { include } = queueQuery.parse(request.query);
    return getQueue(services, callerOf(request), include);
  });

  app.get('/api/me/queue/stamp', { schema: { response: { 200: queueStampResponseSchema } } }, async (request) => {
    emptyQuery.parse(request.query);
    return getQueueStamp(services, callerOf(request));
  });

  app.get('/api/me/stats', { schema: { response: { 200: statsResponseSchema } } }, async (request) => {
    const { period } = statsQuery.parse(request.query);
    return getOwnStats(services, callerOf(request), periodDays(period));
  });

  app.get('/api/me/asks', async (request) => {
    emptyQuery.parse(request.query);
    return getAsks(services, callerOf(request));
  });

  app.get('/api/me/suggestions', async (request) => {
    emptyQuery.parse(request.query);
    if (services.suggestions === null) throw unavailable('Suggestions');
    return services.suggestions.list(callerOf(request));
  });

  // Dismissals are kept by the store (an upsert never un-dismisses), so they hold on every device. 404 for an id that
  // is not one of the caller's suggestions — another person's id looks exactly like one that does not exist.
  app.post('/api/me/suggestions/:id/dismiss', async (request, reply) => {
    const { id } = requestIdParams.parse(request.params);
    emptyQuery.parse(request.query);
    await dismissSuggestion(services, callerOf(request), id);
    return reply.code(204).send();
  });

  app.get('/api/me/chats/recent', async (request) => {
    emptyQuery.parse(request.query);
    if (services.recentChats === null) throw unavailable('Recent chats');
    return services.recentChats(callerOf(request));
  });

  app.post('/api/sync', async (request, reply) => {
    emptyQuery.parse(request.query);
    if (services.sync === null) throw unavailable('Sync');
    const user = callerOf(request);
    await services.sync.start(user);
    return reply.code(202).send(await services.sync.status(user));
  });

  app.get('/api/sync/status', async (request) => {
    emptyQuery.parse(request.query);
    if (services.sync === null) throw unavailable('Sync');
    return services.sync.status(callerOf(request));
  });
}
