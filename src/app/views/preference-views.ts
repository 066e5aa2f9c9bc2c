/**
 * A person's own preferences, as the API sends them (src/contracts/api.ts re-exports them).
 */
import type { WarningChoice } from '../records';

/**
 * GET, PUT /api/me/preferences — what Turnaround sends to my Teams activity feed (issue 20): `warningsAndDigest`
 * (the default: a warning when a request I hold is at risk or breached, inside my working hours, and a digest at the
 * start of my working day), `digestOnly`, or `off`. PUT with anything else is 400 `validation_failed` and changes
 * nothing.
 */
export interface MyPreferences {
  warnings: WarningChoice;
}
