import { GraphSimulatorError, badRequest, notFound } from '../graph-errors';
import { USER_DEFAULT_PROPERTIES, memberJson, organizationJson, project, teamJson, userJson } from '../graph-serializers';
import type { DemoTeam, DemoUser } from '../demo-organization';
import { ok, type GraphRouteDeps, type RouteContext, type RouteTable, type SimResponse } from './graph-route-context';
import { listUsers } from './users-query';

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
  u('GET', /^\/joinedTeams$/, '/joinedTeams', (ctx) => {
    // Graph serves a person's joined teams to that person (delegated) or to an application, not to a colleague.
    if (ctx.target.id !== ctx.caller.id) throw new GraphSimulatorError(403, 'Forbidden', 'Forbidden. A delegated token may list only its own user\'s joined teams.');
    return ok({
      value: ctx.callerIsOtherTenant ? [] : org.teams.filter((t) => t.members.some((m) => m.userIndex === ctx.target.index)).map((t) => project(teamJson(org, t), ctx.q.select, null)),
    });
  });
  const g = routes.global.bind(routes);
  // The directory's users, found by $filter (mail, userPrincipalName, proxyAddresses…): the caller's own tenant only.
  g('GET', /^\/users$/, '/users', (ctx) => listUsers(ctx, ctx.callerIsOtherTenant ? (org.otherTenant?.users ?? []) : org.users, origin()));
  g('GET', /^\/organization$/, '/organization', (ctx) => {
    const other = ctx.callerIsOtherTenant ? org.otherTenant : null;
    const entity = other
      ? { ...organizationJson(org), id: other.tenantId, displayName: other.displayName, verifiedDomains: other.verifiedDomains.map((d) => ({ capabilities: 'Email', isDefault: d.isDefault, isInitial: d.isInitial, name: d.name, type: 'Managed' })) }
      : organizationJson(org);
    return ok({ value: [project(entity, ctx.q.select, null)] });
  });
  g('GET', /^\/teams\/([^/]+)\/members$/, '/teams/{id}/members', (ctx, [id]) => teamMembers(ctx, id ?? ''));

  // Membership changes as Teams makes them: owners add members, change roles and remove members; a member may remove
  // only themselves (leaving the team). A membership id is base64 of '{teamId}##{userId}' (memberJson).
  const team = (ctx: RouteContext, teamId: string): DemoTeam => {
    const found = ctx.callerIsOtherTenant ? undefined : org.teams.find((t) => t.id === teamId);
    if (!found) throw new GraphSimulatorError(404, 'NotFound', `No team found with Group Id ${teamId}`);
    return found;
  };
  const isOwner = (t: DemoTeam, userIndex: number): boolean => t.members.some((m) => m.userIndex === userIndex && m.roles.includes('owner'));
  const requireOwnerOf = (ctx: RouteContext, t: DemoTeam): void => {
    if (!isOwner(t, ctx.caller.index)) throw new GraphSimulatorError(403, 'Forbidden', 'Only a team owner can change its members.');
  };
  const memberOf = (t: DemoTeam, membershipId: string): DemoUser => {
    const [teamId, userId] = Buffer.from(membershipId, 'base64').toString('utf8').split('##');
    const user = teamId === t.id && userId ? org.userById(userId) : undefined;
    if (!user || !t.members.some((m) => m.userIndex === user.index)) throw new GraphSimulatorError(404, 'NotFound', `Member ${membershipId} was not found in team ${t.id}.`);
    return user;
  };
  const rolesOf = (body: unknown): string[] => {
    const roles = (body as { roles?: unknown } | null)?.roles;
    if (!Array.isArray(roles) || !roles.every((r) => r === 'owner')) throw badRequest('BadRequest', 'roles must be [] or ["owner"].');
    return roles as string[];
  };
  const memberResponse = (t: DemoTeam, user: DemoUser, status: number): SimResponse => {
    const roles = t.members.find((m) => m.userIndex === user.index)?.roles ?? [];
    return ok({ '@odata.context': `${origin()}/v1.0/$metadata#teams('${t.id}')/members/$entity`, ...memberJson(user, roles, t.createdMs, t.id) }, status);
  };
  g('POST', /^\/teams\/([^/]+)\/members$/, '/teams/{id}/members', (ctx, [id]) => {
    const t = team(ctx, id ?? '');
    requireOwnerOf(ctx, t);
    const bind = (ctx.req.body as Record<string, unknown> | null)?.['user@odata.bind'];
    const userId = typeof bind === 'string' ? /\/users\('([^']+)'\)$/.exec(bind)?.[1] : undefined;
    const user = userId === undefined ? undefined : org.userByIdOrUpn(userId);
    if (!user) throw badRequest('BadRequest', 'user@odata.bind must name a user of this tenant: https://graph.microsoft.com/v1.0/users(\'{id}\').');
    org.addTeamMember(t, user.index, rolesOf(ctx.req.body));
    return memberResponse(t, user, 201);
  });
  g('PATCH', /^\/teams\/([^/]+)\/members\/(.+)$/, '/teams/{id}/members/{id}', (ctx, [id, membershipId]) => {
    const t = team(ctx, id ?? '');
    requireOwnerOf(ctx, t);
    const user = memberOf(t, membershipId ?? '');
    org.setTeamMemberRoles(t, user.index, rolesOf(ctx.req.body));
    return memberResponse(t, user, 200);
  });
  g('DELETE', /^\/teams\/([^/]+)\/members\/(.+)$/, '/teams/{id}/members/{id}', (ctx, [id, membershipId]) => {
    const t = team(ctx, id ?? '');
    const user = memberOf(t, membershipId ?? '');
    if (user.index !== ctx.caller.index) requireOwnerOf(ctx, t);
    org.removeTeamMember(t, user.index);
    return { status: 204, headers: {} };
  });
}
