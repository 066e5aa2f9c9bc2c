/**
 * `npm run bench -- working-time [--quick]`: the working-time engine and moment-business-time side by side on the
 * same generated cases (8-hour weekday calendar, spans up to 90 days and up to 1 day), in one process.
 * Agreement is checked where the semantics match: a UTC calendar without holidays (moment-business-time works in the
 * moment's own wall time; moment.utc makes that UTC). Speed targets live here, never in tests.
 */
import { createRequire } from 'node:module';
import type { BenchFigure, BenchOptions, BenchResult } from './run';
import { addWorkingMinutes, workingMinutesBetween, type WorkingCalendar } from '../src/domain/working-time';
import { SeededRandom } from '../src/devtenant/seeded-random';

interface MomentLike { workingDiff(other: MomentLike, unit: string, precise: boolean): number; addWorkingTime(n: number, unit: string): MomentLike; valueOf(): number }
interface MomentStatic { utc(ms: number): MomentLike; updateLocale(locale: string, spec: object): void }

const DAY_MS = 86_400_000;
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;

interface Case { from: Date; to: Date; minutes: number }

function makeCases(count: number, maxSpanMs: number, seed: number): Case[] {
  const rng = new SeededRandom(seed); // deterministic, so every run measures the same cases
  const next = (): number => rng.next();
  const base = Date.UTC(2024, 0, 1);
  return Array.from({ length: count }, () => {
    const fromMs = base + Math.floor(next() * 2 * 365 * DAY_MS);
    const span = Math.floor(next() * maxSpanMs);
    return { from: new Date(fromMs), to: new Date(fromMs + span), minutes: Math.floor(next() * (span / DAY_MS) * 480 * 60_000) / 60_000 };
  });
}

interface Speed { wall: number; cpu: number }

/**
 * Best of several rounds of `op` over the cases (each round at least `totalMs / ROUNDS`), as operations per second of
 * wall-clock time and per second of this process's CPU time. The machine is shared (other jobs run in parallel), so
 * CPU time is the steadier measure of the code itself; engine and peer are measured the same way.
 */
const ROUNDS = 5;
function opsPerSecond(cases: Case[], totalMs: number, op: (c: Case) => number): Speed {
  const best: Speed = { wall: 0, cpu: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    const round = oneRound(cases, totalMs / ROUNDS, op);
    best.wall = Math.max(best.wall, round.wall);
    best.cpu = Math.max(best.cpu, round.cpu);
  }
  return best;
}

function oneRound(cases: Case[], minMs: number, op: (c: Case) => number): Speed {
  let sink = 0;
  let ops = 0;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (const c of cases) sink += op(c);
    ops += cases.length;
    elapsed = performance.now() - started;
  }
  const cpu = process.cpuUsage(cpuStart);
  if (Number.isNaN(sink)) throw new Error('benchmark produced NaN');
  return { wall: (ops / elapsed) * 1000, cpu: ops / ((cpu.user + cpu.system) / 1e6) };
}

export async function run(options: BenchOptions): Promise<BenchResult> {
  const require = createRequire(__filename);
  const moment = require('moment-business-time') as MomentStatic;
  const hours = ['09:00:00', '17:00:00'];
  moment.updateLocale('en', { workinghours: { 0: null, 1: hours, 2: hours, 3: hours, 4: hours, 5: hours, 6: null }, holidays: [] });
  const utc: WorkingCalendar = { timeZone: 'UTC', windows: [{ days: [...WEEKDAYS], start: '09:00', end: '17:00' }] };
  const london: WorkingCalendar = { timeZone: 'Europe/London', windows: [{ days: [...WEEKDAYS], start: '09:00', end: '17:00' }] };

  const engineMs = options.quick ? 300 : 2000;
  const peerMs = options.quick ? 300 : 2000;
  const long = makeCases(options.quick ? 2000 : 20_000, 90 * DAY_MS, 1);
  const short = makeCases(options.quick ? 2000 : 20_000, DAY_MS, 2);

  // Agreement where semantics match (UTC calendar, no holidays): every engine figure must equal the peer's to 1 ms.
  const checked = [...long.slice(0, options.quick ? 300 : 2000), ...short.slice(0, options.quick ? 300 : 2000)];
  let disagreements = 0;
  let addDisagreements = 0;
  let peerSelfInconsistent = 0;
  for (const c of checked) {
    const ours = workingMinutesBetween(c.from, c.to, utc);
    const theirs = moment.utc(c.to.getTime()).workingDiff(moment.utc(c.from.getTime()), 'minutes', true);
    if (Math.abs(ours - theirs) * 60_000 > 1) disagreements++;
    // The peer loses sub-minute amounts when an add carries into another day, so agreement is checked on whole minutes.
    const wholeMinutes = Math.floor(c.minutes);
    const ourDue = addWorkingMinutes(c.from, wholeMinutes, utc).getTime();
    const theirDue = moment.utc(c.from.getTime()).addWorkingTime(wholeMinutes, 'minutes').valueOf();
    const theirFractionalDue = moment.utc(c.from.getTime()).addWorkingTime(c.minutes, 'minutes');
    const theirRoundTrip = theirFractionalDue.workingDiff(moment.utc(c.from.getTime()), 'minutes', true);
    if (Math.abs(theirRoundTrip - c.minutes) * 60_000 > 1) peerSelfInconsistent++;
    // The peer returns the next window's start when the time is used up exactly at a window's end; we return the end.
    const bothEndpoints = ourDue === theirDue || workingMinutesBetween(new Date(ourDue), new Date(theirDue), utc) === 0;
    if (!bothEndpoints) addDisagreements++;
  }

  // Cold start (after warm-up): a calendar never seen before compiles one era (64 weeks) on its first call.
  const coldStarted = performance.now();
  workingMinutesBetween(new Date(Date.UTC(2031, 0, 5)), new Date(Date.UTC(2031, 0, 6)), { ...london, holidays: ['2031-12-25'] });
  const coldMs = performance.now() - coldStarted;

  const engineLong = opsPerSecond(long, engineMs, (c) => workingMinutesBetween(c.from, c.to, utc));
  const engineLongLondon = opsPerSecond(long, engineMs, (c) => workingMinutesBetween(c.from, c.to, london));
  const engineShort = opsPerSecond(short, engineMs, (c) => workingMinutesBetween(c.from, c.to, utc));
  const engineAdd = opsPerSecond(long, engineMs, (c) => addWorkingMinutes(c.from, c.minutes, london).getTime());
  const peerLong = opsPerSecond(long.slice(0, 200), peerMs, (c) => moment.utc(c.to.getTime()).workingDiff(moment.utc(c.from.getTime()), 'minutes', true));
  const peerShort = opsPerSecond(short.slice(0, 2000), peerMs, (c) => moment.utc(c.to.getTime()).workingDiff(moment.utc(c.from.getTime()), 'minutes', true));
  const peerAdd = opsPerSecond(long.slice(0, 200), peerMs, (c) => moment.utc(c.from.getTime()).addWorkingTime(c.minutes, 'minutes').valueOf());

  const speed = (name: string, v: Speed, target?: number): BenchFigure[] => [
    { name: `${name} (CPU time)`, value: Math.round(v.cpu), unit: 'ops/s', ...(target === undefined ? {} : { target: `>= ${target.toLocaleString('en-US')}`, met: v.cpu >= target }) },
    { name: `${name} (wall clock)`, value: Math.round(v.wall), unit: 'ops/s' },
  ];
  const ratio = (name: string, a: Speed, b: Speed, target?: number): BenchFigure[] => [
    { name: `${name} (CPU time)`, value: a.cpu / b.cpu, unit: '×', ...(target === undefined ? {} : { target: `>= ${target}`, met: a.cpu / b.cpu >= target }) },
    { name: `${name} (wall clock)`, value: a.wall / b.wall, unit: '×' },
  ];
  const figures: BenchFigure[] = [
    ...speed('engine workingMinutesBetween, 90-day spans (UTC)', engineLong, 500_000),
    ...speed('engine workingMinutesBetween, 90-day spans (Europe/London)', engineLongLondon, 500_000),
    ...speed('engine workingMinutesBetween, 1-day spans', engineShort),
    ...speed('engine addWorkingMinutes, up to 90 days (Europe/London)', engineAdd),
    ...speed('moment-business-time workingDiff, 90-day spans', peerLong),
    ...speed('moment-business-time workingDiff, 1-day spans', peerShort),
    ...speed('moment-business-time addWorkingTime, up to 90 days', peerAdd),
    ...ratio('ratio engine / peer, 90-day spans', engineLong, peerLong, 100),
    ...ratio('ratio engine / peer, 1-day spans', engineShort, peerShort, 100),
    ...ratio('ratio engine / peer, add', engineAdd, peerAdd),
    { name: 'cold start: compile one era (64 weeks) of a new calendar', value: coldMs, unit: 'ms' },
    { name: `workingDiff disagreements (of ${checked.length} cases)`, value: disagreements, unit: 'cases', target: '0', met: disagreements === 0 },
    { name: `addWorkingTime disagreements, whole minutes (of ${checked.length} cases)`, value: addDisagreements, unit: 'cases', target: '0', met: addDisagreements === 0 },
    { name: `peer's fractional-minute adds its own workingDiff does not give back (of ${checked.length}; the engine: 0 by property test)`, value: peerSelfInconsistent, unit: 'cases' },
  ];
  return {
    title: 'Working-time engine vs moment-business-time',
    figures,
    notes: [
      `${long.length} cases with spans up to 90 days, ${short.length} up to 1 day; 09:00–17:00 Mon–Fri; each figure is the best of ${ROUNDS} rounds over ${engineMs} ms (engine) / ${peerMs} ms (peer); targets are judged on CPU time because the machine is shared, wall clock is shown beside it.`,
      'Agreement checked on a UTC calendar without holidays, to 1 ms; an add that ends at a window end counts as agreeing with the peer\'s next-window start.',
    ],
  };
}
