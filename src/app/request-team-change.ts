/**
 * The team and category a request's update asks for (PATCH /api/requests/:id `{action: "update", teamId?, category?}`),
 * checked before anything is written. The team is the one whose standards and calendar apply (DESIGN "Team of a
 * request"); its assignee may move it to another of their teams as Graph lists them now.
 *
 * A category must be one of the request's team's (stored in the team's spelling). When the request moves, the category
 * it keeps must be one of the new team's too: a category the new team does not have would match none of its standards'
 * category rules (the request silently gets its general standard) and be counted under a name its dashboard does not
 * list. Such a move is refused with `unknown_category`; the same update may name one of the new team's categories, or
 * clear the category (null). Without a move, the category a request has may stay even if its team dropped it since.
 */
import { DomainError } from '../domain/domain-error';
import { matchCategory } from '../domain/request-categories';
import type { DirectoryService } from './directory-service';
import type { UserContext } from './m365-ports';
import type { RequestChanges, RequestRecord } from './records';
import type { Stores } from './store-ports';
import { categoriesOfTeam, requireTeamCategory } from './team-categories';

export interface TeamAndCategoryDeps {
  stores: Stores;
  directory: Pick<DirectoryService, 'teamsOf'>;
}

/** The changes to `teamId` and `category`, and the move recorded in the `updated` event (null when the team stays). */
export interface TeamAndCategoryChanges {
  changes: Pick<RequestChanges, 'teamId' | 'category'>;
  team: { from: string | null; to: string } | null;
}

/**
 * @throws DomainError `not_a_member` (`teamId` is not one of the assignee's teams), `unknown_category` (a category
 * outside the request's — new — team's list).
 */
export async function teamAndCategoryChanges(
  deps: TeamAndCategoryDeps, user: UserContext, record: RequestRecord, update: { teamId?: string; category?: string | null }, now: Date,
): Promise<TeamAndCategoryChanges> {
  const changes: TeamAndCategoryChanges['changes'] = {};
  let team: TeamAndCategoryChanges['team'] = null;
  let teamName: string | null = null;
  if (update.teamId !== undefined && update.teamId !== record.teamId) {
    const mine = (await deps.directory.teamsOf(user)).find((t) => t.id === update.teamId);
    if (mine === undefined) throw new DomainError('not_a_member', 'You are not a member of that team; move the request to one of your teams.');
    changes.teamId = mine.id;
    team = { from: record.teamId, to: mine.id };
    teamName = mine.displayName;
  }
  const teamId = team?.to ?? record.teamId;
  if (update.category !== undefined) {
    changes.category = update.category === null || update.category.trim() === ''
      ? null
      : update.category === record.category && team === null ? record.category : requireTeamCategory(await categoriesOfTeam(deps.stores, user.tenantId, teamId, now), update.category);
  } else if (team !== null && record.category !== null) {
    const categories = await categoriesOfTeam(deps.stores, user.tenantId, teamId, now);
    const kept = matchCategory(categories, record.category);
    if (kept === null) {
      throw new DomainError('unknown_category', `"${record.category}" is not one of ${teamName ?? 'the team'}'s categories (${categories.join(', ')}): move the request with one of them, or with no category.`);
    }
    if (kept !== record.category) changes.category = kept;
  }
  return { changes, team };
}
