/**
 * Tracking and changing requests: POST /api/requests (idempotent), GET /api/requests/lookup, GET /api/requests/:id (the
 * request with its history), PATCH /api/requests/:id.
 * Only the caller's own requests; another person's id is 404.
 */
import type { FastifyInstance } from 'fastify';
import type { TrackRequestBody } from '../../contracts/api';
import { applyRequestAction, lookupRequest, viewRequest } from '../../app/request-actions';
import { requestHistory } from '../../app/request-history';
import { undoRequestChange } from '../../app/undo-request-change';
import type { ApiServices } from '../api-services';
import { callerOf } from '../auth/authenticate';
import { HttpProblem } from '../http-problem';
import { emptyQuery, lookupQuery, requestActionBody, requestIdParams, trackBody } from './api-schemas';

export async function requestRoutes(app: FastifyInstance, services: ApiServices): Promise<void> {
  app.post('/api/requests', async (request, reply) => {
    emptyQuery.parse(request.query);
    const body = trackBody.parse(request.body) as TrackRequestBody;
    if (services.trackRequest === null) throw new HttpProblem(503, 'unavailable', 'Service unavailable', 'Tracking is not available on this server yet.');
    const user = callerOf(request);
    const { request: record, created } = await services.trackRequest(user, body);
    const view = await viewRequest(services, user, record);
    return reply.code(created ? 201 : 200).header('location', `/api/requests/${record.id}`).send(view);
  });

  app.get('/api/requests/lookup', async (request) => {
    const { source, messageId } = lookupQuery.parse(request.query);
    return lookupRequest(services, callerOf(request), source, messageId);
  });

  app.get('/api/requests/:id', async (request) => {
    const { id } = requestIdParams.parse(request.params);
    emptyQuery.parse(request.query);
    return requestHistory(services, callerOf(request), id);
  });

  app.patch('/api/requests/:id', async (request, reply) => {
    const { id } = requestIdParams.parse(request.params);
    emptyQuery.parse(request.query);
    const action = requestActionBody.parse(request.body);
    const user = callerOf(request);
    if (action.action === 'undo') return undoRequestChange(services, user, id, action.eventId);
    return reply.code(200).send(await applyRequestAction(services, user, id, action));
  });
}
