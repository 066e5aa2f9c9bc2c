/**
 * The caller's data rights: `GET /api/me/export` (a JSON attachment of everything stored about them) and
 * `DELETE /api/me/data` (erasure; 204, idempotent). See src/app/data-rights.ts for what each covers and why.
 * Other methods on these paths answer 405 with `Allow`. Tenant purge has no route: the deployment's operator runs
 * `npm run admin -- purge-tenant` (src/server/admin-cli.ts).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { PersonalDataExport } from '../../contracts/api';
import { deletePersonalData, exportPersonalData } from '../../app/data-rights';
import { isDomainError } from '../../domain/domain-error';
import type { ApiServices } from '../api-services';
import { callerOf } from '../auth/authenticate';
import { HttpProblem } from '../http-problem';
import { emptyQuery } from './api-schemas';

/** The file name a browser saves the export under. */
export const EXPORT_FILE_NAME = 'turnaround-export.json';

/** DELETE takes no parameters: no body, or an empty JSON object. */
const deleteBody = z.strictObject({}).optional();

const OTHER_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function methodNotAllowed(allow: string): HttpProblem {
  return new HttpProblem(405, 'method_not_allowed', 'Method not allowed', `This resource supports ${allow} only.`, { allow });
}

export async function dataRightsRoutes(app: FastifyInstance, services: ApiServices): Promise<void> {
  // One lease owner per server for deletions, distinct from every sync worker's owner, so a sync running here is
  // never mistaken for the deletion's own lease.
  const leaseOwner = `data-deletion:${randomUUID()}`;

  app.get('/api/me/export', async (request, reply): Promise<PersonalDataExport> => {
    emptyQuery.parse(request.query);
    const data = await exportPersonalData(services, callerOf(request));
    reply.header('content-disposition', `attachment; filename="${EXPORT_FILE_NAME}"`).header('cache-control', 'no-store');
    return data;
  });

  app.delete('/api/me/data', async (request, reply) => {
    emptyQuery.parse(request.query);
    deleteBody.parse(request.body);
    const user = callerOf(request);
    try {
      await deletePersonalData(services, user, leaseOwner);
    } catch (error) {
      if (isDomainError(error, 'sync_in_progress')) throw new HttpProblem(409, 'sync_in_progress', 'Conflict', error.message, { 'retry-after': '30' });
      throw error;
    }
    // Forget cached team memberships so nothing in this process answers from before the deletion.
    services.directory.invalidate(user);
    return reply.code(204).header('cache-control', 'no-store').send();
  });

  app.route({
    method: OTHER_METHODS.filter((m) => m !== 'GET'),
    url: '/api/me/export',
    handler: async () => {
      throw methodNotAllowed('GET');
    },
  });
  app.route({
    method: OTHER_METHODS.filter((m) => m !== 'DELETE'),
    url: '/api/me/data',
    handler: async () => {
      throw methodNotAllowed('DELETE');
    },
  });
}
