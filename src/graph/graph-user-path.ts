import type { UserContext } from '../app/m365-ports';

/**
 * The Graph path of the person a call is for, `/users/{id}` — never `/me`. Background work uses application tokens
 * (client credentials), for which Graph answers `/me` with 400 ("/me request is only valid with delegated
 * authentication flow"); a delegated token may address its own person as `/users/{their id}` too, so this one form
 * serves both kinds of access (issue 18). Another person's mailbox with a delegated token is Graph's 403.
 */
export function userPath(user: UserContext): string {
  return `/users/${encodeURIComponent(user.userId)}`;
}

/**
 * A stored absolute Graph link (a delta or next link) of `user`, in the `/users/{id}` form: links saved before
 * issue 18 name `/me/…`, which an application token cannot follow. `versionRootUrl` is Graph's root with its version
 * and a trailing '/', e.g. 'https://graph.microsoft.com/v1.0/'. Any other link is returned as it is.
 */
export function userScopedLink(link: string, user: UserContext, versionRootUrl: string): string {
  const me = `${versionRootUrl}me/`;
  return link.startsWith(me) ? `${versionRootUrl}${userPath(user).slice(1)}/${link.slice(me.length)}` : link;
}
