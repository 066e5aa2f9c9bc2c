/**
 * A team's standards (members read, owners edit), dashboard and CSV export (members; per-person rows per privacy).
 */
import type { FastifyInstance } from 'fastify';
import { getDashboard } from '../../app/dashboard';
import { dashboardCsv } from '../../app/dashboard-csv';
import { exportFileName } from '../../contracts/export-file-name';
import { getTeamSettings, putTeamSettings } from '../../app/team-settings-service';
import type { ApiServices } from '../api-services';
import { callerOf } from '../auth/authenticate';
import { attachmentDisposition } from '../content-disposition';
import { dashboardQuery, emptyQuery, periodDays, teamParams, teamSettingsBody } from './api-schemas';
import { dashboardResponseSchema } from './response-schemas';

export async function teamRoutes(app: FastifyInstance, services: ApiServices): Promise<void> {
  app.get('/api/teams/:groupId/standards', async (request) => {
    const { groupId } = teamParams.parse(request.params);
    emptyQuery.parse(request.query);
    return getTeamSettings(services, callerOf(request), groupId);
  });

  app.put('/api/teams/:groupId/standards', async (request) => {
    const { groupId } = teamParams.parse(request.params);
    emptyQuery.parse(request.query);
    const body = teamSettingsBody.parse(request.body);
    return putTeamSettings(services, callerOf(request), groupId, body);
  });

  app.get('/api/teams/:groupId/dashboard', { schema: { response: { 200: dashboardResponseSchema } } }, async (request) => {
    const { groupId } = teamParams.parse(request.params);
    const { period } = dashboardQuery.parse(request.query);
    return getDashboard(services, callerOf(request), groupId, periodDays(period));
  });

  app.get('/api/teams/:groupId/export.csv', async (request, reply) => {
    const { groupId } = teamParams.parse(request.params);
    const { period } = dashboardQuery.parse(request.query);
    const dashboard = await getDashboard(services, callerOf(request), groupId, periodDays(period));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', attachmentDisposition(exportFileName(dashboard.teamName, period)))
      .send(dashboardCsv(dashboard));
  });
}
