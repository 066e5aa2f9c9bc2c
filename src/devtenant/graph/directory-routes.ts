import { GraphSimulatorError, badRequest, notFound } from '../graph-errors';
import { USER_DEFAULT_PROPERTIES, memberJson, organizationJson, project, teamJson, userJson } from '../graph-serializers';
import { ok, type GraphRouteDeps, type RouteContext, type RouteTable, type SimResponse } from './graph-route-context';

/** The directory: users, managers and direct reports, the organisation, joined teams and team members. */
export function registerDirectoryRoutes(routes: RouteTable, { org, origin }: GraphRouteDeps): void {
  const teamMembers = (ctx: RouteContext, teamId: string): SimResponse => {
    const team = ctx.callerIsOtherTenant ? undefined : org.teams.find((t) => t.id === teamId);
    if (!team) throw new GraphSimulatorError(404, 'NotFound', `No team found with Group Id ${teamId}`);
    if (ctx.q.filter) for (const c of ctx.q.filter) if (!(c.property === 'roles' && c.operator === 'any-eq')) throw badRequest('BadRequest', 'Only roles/any(r:r eq \'owner\') is supported in $filter.');
    const members = team.members.filter((m) => !ctx.q.filter || ctx.q.filter.every((c) => m.roles.includes(c.value)));
    return ok({
      '@odata.context': `${origin()}/v1.0/$metadata#teams('${team.id}')/members`, '@odata.count': members.length,
      value: members.flatMap((m) => {
        const user = org.users[m.userIndex];
        return user ? [project(memberJson(user, m.roles, team.createdMs, team.id), ctx.q.select, null)] : [];
      }),
    });
  };

  const u = routes.user.bind(routes);
  u('GET', /^$/, '', (ctx) => ok({ '@odata.context': `${origin()}/v1.0/$metadata#users/$entity`, ...project(userJson(ctx.target), ctx.q.select, USER_DEFAULT_PROPERTIES) }));
  u('GET', /^\/manager$/, '/manager', (ctx) => {
    const manager = ctx.target.managerId ? org.userById(ctx.target.managerId) : undefined;
    if (!manager) throw notFound('manager', 'Request_ResourceNotFound');
    return ok({ '@odata.type': '#microsoft.graph.user', ...project(userJson(manager), ctx.q.select, USER_DEFAULT_PROPERTIES) });
  });
  u('GET', /^\/directReports$/, '/directReports', (ctx) => ok({
    value: ctx.callerIsOtherTenant ? [] : org.users.filter((x) => x.managerId === ctx.target.id).map((x) => ({ '@odata.type': '#microsoft.graph.user', ...project(userJson(x), ctx.q.select, USER_DEFAULT_PROPERTIES) })),
  }));
  u('GET', /^\/joinedTeams$/, '/joinedTeams', (ctx) => ok({
    value: ctx.callerIsOtherTenant ? [] : org.teams.filter((t) => t.members.some((m) => m.userIndex === ctx.target.index)).map((t) => project(teamJson(org, t), ctx.q.select, null)),
  }));
  const g = routes.global.bind(routes);
  g('GET', /^\/organization$/, '/organization', (ctx) => {
    const other = ctx.callerIsOtherTenant ? org.otherTenant : null;
    const entity = other
      ? { ...organizationJson(org), id: other.tenantId, displayName: other.displayName, verifiedDomains: other.verifiedDomains.map((d) => ({ capabilities: 'Email', isDefault: d.isDefault, isInitial: d.isInitial, name: d.name, type: 'Managed' })) }
      : organizationJson(org);
    return ok({ value: [project(entity, ctx.q.select, null)] });
  });
  g('GET', /^\/teams\/([^/]+)\/members$/, '/teams/{id}/members', (ctx, [id]) => teamMembers(ctx, id ?? ''));
}
