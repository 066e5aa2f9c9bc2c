/**
 * A person's home team (DESIGN "Team of a request"): the team whose standards apply to a request they track outside a
 * channel. A person in exactly one team has it without asking; a person in several chooses once in the tab (GET, PUT
 * /api/me/home-team) and may change it later. Until they choose, their requests get no team — the default standards —
 * rather than a guess: a guessed team would put requests on a team's dashboard and standards the person never picked,
 * and nothing would tell them. Each request's team can be changed afterwards (request-actions.ts).
 */
import type { HomeTeamResponse } from './views/team-views';
import { DomainError } from '../domain/domain-error';
import type { UserContext } from './m365-ports';
import type { Stores } from './store-ports';
import type { DirectoryService } from './directory-service';

/** How a person's home team stands among their teams. */
export interface HomeTeam<T> {
  team: T | null;
  source: 'chosen' | 'onlyTeam' | null;
  /** In several teams and no choice among them (a choice of a team they have left no longer counts). */
  choiceNeeded: boolean;
}

/**
 * The home team among a person's `teams`: the one they chose when they are still in it, else their only team, else
 * none (several teams and no choice: `choiceNeeded`; no team at all: nothing to choose).
 */
export function homeTeamAmong<T extends { id: string }>(teams: readonly T[], chosenTeamId: string | null): HomeTeam<T> {
  const chosen = chosenTeamId === null ? undefined : teams.find((t) => t.id === chosenTeamId);
  if (chosen !== undefined) return { team: chosen, source: 'chosen', choiceNeeded: false };
  const only = teams.length === 1 ? teams[0] : undefined;
  if (only !== undefined) return { team: only, source: 'onlyTeam', choiceNeeded: false };
  return { team: null, source: null, choiceNeeded: teams.length > 1 };
}

/**
 * The id of the team a request the person tracks now belongs to, from the stored memberships and choice (no Graph
 * call: the memberships are as fresh as the person's last API call that read their teams). Null without a home team.
 */
export async function storedHomeTeamId(stores: Stores, tenantId: string, personId: string): Promise<string | null> {
  const [teams, chosen] = await Promise.all([stores.directory.listTeamsOf(tenantId, personId), stores.directory.getHomeTeamId(tenantId, personId)]);
  return homeTeamAmong(teams, chosen).team?.id ?? null;
}

export interface HomeTeamDeps {
  stores: Stores;
  directory: Pick<DirectoryService, 'teamsOf' | 'me'>;
}

/** GET /api/me/home-team: the caller's home team among their teams (memberships refreshed from Graph when stale). */
export async function getHomeTeam(deps: HomeTeamDeps, user: UserContext): Promise<HomeTeamResponse> {
  const [teams, chosen] = await Promise.all([deps.directory.teamsOf(user), deps.stores.directory.getHomeTeamId(user.tenantId, user.userId)]);
  return homeTeamResponse(teams, chosen);
}

/**
 * PUT /api/me/home-team: the caller chooses `teamId`, one of their teams as Graph lists them now.
 * @throws DomainError `not_a_member` when the caller is not in that team (nothing is written).
 */
export async function setHomeTeam(deps: HomeTeamDeps, user: UserContext, teamId: string, displayName: string | null): Promise<HomeTeamResponse> {
  const teams = await deps.directory.teamsOf(user);
  if (!teams.some((t) => t.id === teamId)) throw new DomainError('not_a_member', 'You are not a member of that team; choose one of your teams.');
  // The choice lives on the person's row, which their first call creates; make sure it exists.
  await deps.directory.me(user, displayName);
  if (!(await deps.stores.directory.setHomeTeamId(user.tenantId, user.userId, teamId))) throw new Error(`no person row for ${user.userId} after me()`);
  return homeTeamResponse(teams, teamId);
}

function homeTeamResponse(teams: readonly { id: string; displayName: string }[], chosen: string | null): HomeTeamResponse {
  const home = homeTeamAmong(teams, chosen);
  return {
    team: home.team === null ? null : { id: home.team.id, displayName: home.team.displayName },
    source: home.source,
    choiceNeeded: home.choiceNeeded,
    teams: teams.map((t) => ({ id: t.id, displayName: t.displayName })),
  };
}
