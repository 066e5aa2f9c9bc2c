import { DomainError } from './domain-error';
import { PRIORITIES, isPriority, type Priority } from './priority';

/**
 * A team rule: which requests it covers and their targets in working minutes. A null `category` or `priority` matches
 * any value. The one type for a standard: stored as is (TeamSettingsRecord) and sent as is (TeamSettings).
 */
export interface ServiceStandard {
  id: string;
  name: string;
  /** null = any category. */
  category: string | null;
  /** null = any priority. */
  priority: Priority | null;
  firstResponseTargetMinutes: number;
  resolutionTargetMinutes: number;
}

/** Targets used when no standard matches: 240 working minutes to first response, 960 to resolution. */
export const DEFAULT_FIRST_RESPONSE_TARGET_MINUTES = 240;
export const DEFAULT_RESOLUTION_TARGET_MINUTES = 960;
export const DEFAULT_STANDARD: Readonly<ServiceStandard> = Object.freeze({
  id: 'default',
  name: 'Default',
  category: null,
  priority: null,
  firstResponseTargetMinutes: DEFAULT_FIRST_RESPONSE_TARGET_MINUTES,
  resolutionTargetMinutes: DEFAULT_RESOLUTION_TARGET_MINUTES,
});

const sameCategory = (a: string, b: string): boolean => a.trim().toLocaleLowerCase('en') === b.trim().toLocaleLowerCase('en');

/**
 * The standard that covers a request: the most specific match wins — category and priority, then category only, then
 * priority only, then a catch-all; among equally specific matches the first in the list. Categories compare
 * case-insensitively, ignoring surrounding spaces. Returns {@link DEFAULT_STANDARD} when nothing matches.
 */
export function selectStandard(
  standards: readonly ServiceStandard[],
  request: { category?: string | null; priority?: Priority | null },
): ServiceStandard {
  let best: ServiceStandard | undefined;
  let bestScore = -1;
  for (const standard of standards) {
    const hasCategory = standard.category !== undefined && standard.category !== null && standard.category.trim() !== '';
    const hasPriority = standard.priority !== undefined && standard.priority !== null;
    if (hasCategory && (request.category == null || !sameCategory(standard.category as string, request.category))) continue;
    if (hasPriority && standard.priority !== request.priority) continue;
    const score = (hasCategory ? 2 : 0) + (hasPriority ? 1 : 0);
    if (score > bestScore) {
      best = standard;
      bestScore = score;
    }
  }
  return best ?? DEFAULT_STANDARD;
}

/**
 * Checks a standard's targets: finite, whole or fractional working minutes, >= 0 and at most one year of minutes.
 * @throws DomainError `invalid_standard`
 */
export function validateStandard(standard: ServiceStandard): ServiceStandard {
  for (const [field, value] of [
    ['firstResponseTargetMinutes', standard.firstResponseTargetMinutes],
    ['resolutionTargetMinutes', standard.resolutionTargetMinutes],
  ] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 525_600) {
      throw new DomainError('invalid_standard', `${field} must be a number of working minutes between 0 and 525600.`);
    }
  }
  if (standard.priority != null && !isPriority(standard.priority)) {
    throw new DomainError('invalid_standard', `priority must be one of ${PRIORITIES.join(', ')}.`);
  }
  return standard;
}
