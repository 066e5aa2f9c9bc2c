/**
 * The Graph token provider the server runs on, in tenant and demo mode alike: the two kinds of Graph access, each where
 * it belongs. A call made for a signed-in request (its context carries the caller's API token) acts as the person —
 * delegated access through OboTokenProvider, so writes such as setting a category are the person's own. A call without
 * one is background work: with application access (`background: 'application'`) it uses Turnaround's own token for the
 * tenant (ApplicationTokenProvider); with `background: 'delegated'` (for tenants whose admins refuse application
 * permissions) it fails with `consent_required`, because background sync then only runs while the person uses the app.
 */
import type { GraphTokenProvider, UserContext } from '../app/m365-ports';
import { ApplicationTokenProvider } from './application-token-provider';
import type { EntraCredentials } from './entra-client';
import { GraphSourceError } from './graph-source-error';
import { OboTokenProvider } from './obo-token-provider';

/**
 * How background work (no signed-in caller) reaches Graph: `application` = Turnaround's own application permissions
 * (client credentials), so sync runs for everyone; `delegated` = not at all, so background sync runs only while a
 * person uses the app (for tenants whose admins refuse application permissions).
 */
export type BackgroundAccess = 'application' | 'delegated';

export interface GraphAccessTokensOptions {
  delegated: OboTokenProvider;
  /** Required when `background` is 'application'. */
  application: ApplicationTokenProvider | null;
  background: BackgroundAccess;
}

export class GraphAccessTokens implements GraphTokenProvider {
  constructor(private readonly options: GraphAccessTokensOptions) {
    if (options.background === 'application' && options.application === null) throw new Error('application background access needs an ApplicationTokenProvider');
  }

  /**
   * @throws GraphSourceError from the provider of this kind of access; `consent_required` for background work when
   * background access is delegated.
   */
  getGraphToken(user: UserContext): Promise<string> {
    if (user.accessToken !== undefined) return this.options.delegated.getGraphToken(user);
    if (this.options.background === 'application' && this.options.application !== null) return this.options.application.getToken(user.tenantId);
    return Promise.reject(new GraphSourceError('consent_required', 'background sync without application access only runs while the person uses Turnaround'));
  }

  /** Forgets a token Graph refused, at the provider that issued it for this kind of call. */
  invalidate(user: UserContext, token: string): void {
    if (user.accessToken !== undefined) this.options.delegated.invalidate(user, token);
    else this.options.application?.invalidate(user.tenantId, token);
  }
}

/**
 * Both kinds of access for one app registration: delegated for signed-in calls and, unless `background` is
 * 'delegated', application access for background work. `now`: the clock cached tokens' lifetimes run on.
 */
export function graphAccessTokensFor(credentials: EntraCredentials, background: BackgroundAccess, now: () => number = () => Date.now()): GraphAccessTokens {
  return new GraphAccessTokens({
    delegated: new OboTokenProvider({ ...credentials, now }),
    application: background === 'application' ? new ApplicationTokenProvider({ ...credentials, now }) : null,
    background,
  });
}
