/**
 * A request keeps the standards in force when it was tracked (DESIGN "Service standard"): a team's earlier standards
 * are kept with the instant they stopped applying, and a later change applies to requests tracked from then on.
 */
import { instantMs } from './compiled-calendar';
import type { ServiceStandard } from './standards';

/** A team's standards as they were before a change: they apply to requests tracked before `until` (UTC, exclusive). */
export interface PastStandards {
  until: Date;
  standards: ServiceStandard[];
}

/**
 * The standards that apply to a request tracked at `trackedAt`: the first past version whose `until` is after it
 * (`past` is oldest first, `until` ascending), else the current ones. A request tracked at the very instant of a change
 * gets the new standards.
 */
export function standardsInForce(current: readonly ServiceStandard[], past: readonly PastStandards[] | undefined, trackedAt: Date): readonly ServiceStandard[] {
  if (past === undefined || past.length === 0) return current;
  const at = instantMs(trackedAt, 'trackedAt');
  let lo = 0;
  let hi = past.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((past[mid] as PastStandards).until.getTime() <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo < past.length ? (past[lo] as PastStandards).standards : current;
}

/** True when two lists of standards are the same, in the same order (order decides among equally specific matches). */
export function sameStandards(a: readonly ServiceStandard[], b: readonly ServiceStandard[]): boolean {
  const key = (list: readonly ServiceStandard[]) =>
    JSON.stringify(list.map((s) => [s.id, s.name, s.category, s.priority, s.firstResponseTargetMinutes, s.resolutionTargetMinutes]));
  return key(a) === key(b);
}

/**
 * The past versions to keep when `fresh` standards are saved at `now` over `stored` ones: unchanged standards keep the
 * history as it is; changed ones add `stored` as a version ending at `now` (unless `stored` came into force at `now`
 * itself and so never applied). Versions that ended before `keepSince` are dropped: only requests tracked before then used
 * them, and those were received earlier still, so they are purged. Pure: `now` is a parameter.
 */
export function mergeStandardsChange(
  stored: { standards: readonly ServiceStandard[]; past: readonly PastStandards[] },
  fresh: readonly ServiceStandard[],
  now: Date,
  keepSince: Date,
): { past: PastStandards[]; changed: boolean } {
  const nowMs = instantMs(now, 'now');
  const keepMs = instantMs(keepSince, 'keepSince');
  const past = stored.past.filter((p) => p.until.getTime() <= nowMs).map((p) => ({ until: p.until, standards: p.standards.map((s) => ({ ...s })) }));
  const changed = !sameStandards(stored.standards, fresh);
  // The stored standards join the past, unless they never applied (saved at `now` too: two saves at one instant).
  const storedFrom = past.length === 0 ? -Infinity : (past[past.length - 1] as PastStandards).until.getTime();
  if (changed && storedFrom < nowMs) past.push({ until: new Date(nowMs), standards: stored.standards.map((s) => ({ ...s })) });
  return { past: past.filter((p) => p.until.getTime() > keepMs), changed };
}
