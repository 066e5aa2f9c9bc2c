/**
 * The words of the "What counts" panel, shared by the team dashboard and "My turnaround": which requests each figure
 * includes, with the numbers that make the figures add up. Every sentence states what src/domain/turnaround.ts computes.
 */
import { formatShare } from './format-duration';

const requests = (n: number) => `${n} request${n === 1 ? '' : 's'}`;

export const whatCountsStrings = {
  title: 'What counts',
  received: (received: number, resolved: number, open: number) =>
    `Received in the period: ${requests(received)} = ${resolved} resolved + ${open} still open. Every figure below, and the tables, count only requests received in the period.`,
  share: (clock: string, share: number | null, met: number, missed: number, breached: number) =>
    `${clock} within standard ${formatShare(share)} = ${met} met ÷ (${met} met + ${missed} missed + ${breached} still open and already past the target).`,
  running: (running: number) =>
    running === 0 ? '' : ` ${requests(running)} still open within the target ${running === 1 ? 'is' : 'are'} not counted until the clock stops or passes the target.`,
  times: (clock: string, count: number) =>
    `${clock} median and 90th percentile: the ${requests(count)} whose clock has stopped.`,
  backlog: (openNow: number, fromPeriod: number, earlier: number) =>
    `Open now: ${requests(openNow)}, whenever received = ${fromPeriod} received in the period + ${earlier} received before it.`,
  breachedNow: (n: number) =>
    `Breached now: ${requests(n)} open with either clock past its target, whenever received; those received in the period are already counted as misses in the shares.`,
  weeks: (timeZone: string) => `Weeks run from Monday 00:00 to the next Monday 00:00 in the ${timeZone} time zone.`,
  workingTime: 'All times are working time: the assignee\'s working hours (or the team calendar), minus holidays and, where the team chose it, out-of-office time.',
  firstResponse: 'First response',
  resolution: 'Resolution',
};
