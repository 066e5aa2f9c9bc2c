/**
 * Each person's choice of what Turnaround sends to their Teams activity feed (issue 20): warnings and the working-day
 * digest (the default), the digest only, or nothing. The person reads and changes it in the personal tab (GET, PUT
 * /api/me/preferences); the warning dispatcher reads it through the same store before sending.
 */
import type { Clock } from './clock';
import type { UserContext } from './m365-ports';
import type { Stores } from './store-ports';
import type { MyPreferences } from './views/preference-views';

export interface WarningPreferencesDeps {
  stores: Pick<Stores, 'warningPreferences'>;
  clock: Clock;
}

/** GET /api/me/preferences: the caller's choice, or the default when they never chose. */
export async function getMyPreferences(deps: WarningPreferencesDeps, user: Pick<UserContext, 'tenantId' | 'userId'>): Promise<MyPreferences> {
  return { warnings: await deps.stores.warningPreferences.get(user.tenantId, user.userId) };
}

/** PUT /api/me/preferences: stores the caller's choice as of now and answers it as stored. */
export async function setMyPreferences(deps: WarningPreferencesDeps, user: Pick<UserContext, 'tenantId' | 'userId'>, preferences: MyPreferences): Promise<MyPreferences> {
  await deps.stores.warningPreferences.put(user.tenantId, user.userId, preferences.warnings, deps.clock.now());
  return getMyPreferences(deps, user);
}
