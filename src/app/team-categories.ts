/**
 * One category list per team: the team's standards name its categories (TeamSettings.categories; the defaults until
 * its owners save their own). A request belongs to its holder's home team (DESIGN "Team of a request", home-team.ts),
 * so the list a person picks from — in the tab, the Outlook task pane and the API's check — is that team's.
 */
import type { MyCategoriesResponse } from './views/team-views';
import { DomainError } from '../domain/domain-error';
import { matchCategory } from '../domain/request-categories';
import { CATEGORY_MAX_CHARACTERS } from '../domain/request-text';
import type { Clock } from './clock';
import type { UserContext } from './m365-ports';
import type { Stores } from './store-ports';
import type { DirectoryService } from './directory-service';
import { homeTeamAmong } from './home-team';
import { defaultTeamSettings } from './team-settings';

/** A team's categories: its saved standards' list, or the default list; `teamId` null (no team) gets the defaults. */
export async function categoriesOfTeam(stores: Stores, tenantId: string, teamId: string | null, now: Date): Promise<string[]> {
  const saved = teamId === null ? null : await stores.teamSettings.get(tenantId, teamId);
  return [...(saved ?? defaultTeamSettings(tenantId, teamId ?? '', now)).categories];
}

/**
 * The team's spelling of `category` when it is in `categories`.
 * @throws DomainError `unknown_category` otherwise.
 */
export function requireTeamCategory(categories: readonly string[], category: string): string {
  const found = matchCategory(categories, category);
  if (found === null) {
    throw new DomainError('unknown_category', `"${category.slice(0, CATEGORY_MAX_CHARACTERS)}" is not one of the team's categories (${categories.join(', ')}).`);
  }
  return found;
}

export interface MyCategoriesDeps {
  stores: Stores;
  clock: Clock;
  directory: Pick<DirectoryService, 'teamsOf'>;
}

/** GET /api/me/categories: the caller's home team and its categories (the defaults without one). */
export async function myCategories(deps: MyCategoriesDeps, user: UserContext): Promise<MyCategoriesResponse> {
  const [teams, chosen] = await Promise.all([deps.directory.teamsOf(user), deps.stores.directory.getHomeTeamId(user.tenantId, user.userId)]);
  const home = homeTeamAmong(teams, chosen).team;
  const categories = await categoriesOfTeam(deps.stores, user.tenantId, home?.id ?? null, deps.clock.now());
  return { team: home === null ? null : { id: home.id, displayName: home.displayName }, categories };
}
