/**
 * Team authorisation: team routes are for members only (others get `not_found`, so a team's existence is not
 * revealed), editing and per-person rows for owners only (members get `forbidden`). Membership comes from Graph
 * through the {@link DirectoryService}, in the caller's own tenant only, read again from Graph when older than its
 * refresh interval (at most 10 minutes): a person who left a team or lost the owner role is refused within that time.
 */
import { DomainError } from '../domain/domain-error';
import type { UserContext } from './m365-ports';
import type { TeamRole } from './records';
import type { DirectoryService } from './directory-service';

/** The caller's role in `teamId`; DomainError `not_found` when not a member. */
export async function requireMember(directory: DirectoryService, user: UserContext, teamId: string): Promise<TeamRole> {
  const role = await directory.roleIn(user, teamId);
  if (role === null) throw new DomainError('not_found', 'The team was not found.');
  return role;
}

/** DomainError `not_found` for non-members, `forbidden` for members who are not owners. */
export async function requireOwner(directory: DirectoryService, user: UserContext, teamId: string): Promise<void> {
  const role = await requireMember(directory, user, teamId);
  if (role !== 'owner') throw new DomainError('forbidden', 'Only the team’s owners can change its settings.');
}
