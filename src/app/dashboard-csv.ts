/**
 * The dashboard as CSV, for a spreadsheet: a first row naming the team and the period, then one row per figure set —
 * the team as a whole, each week, requester department, category and (under the dashboard's privacy rules) person.
 * Shares are percentages with one decimal ("76.9"), minutes whole working minutes, and each clock's breaches are
 * counted per row (missed + still open past the target), so the rows say what the dashboard says.
 */
import type { ClockStats, DashboardResponse } from './views/figure-views';

export const CSV_COLUMNS = [
  'section', 'key', 'requests',
  'first_response_within_standard_percent', 'first_response_met', 'first_response_breaches', 'first_response_median_minutes', 'first_response_p90_minutes',
  'resolution_within_standard_percent', 'resolution_met', 'resolution_breaches', 'resolution_median_minutes', 'resolution_p90_minutes',
] as const;

/** One CSV cell: quoted when needed; text is neutralised against spreadsheet formula injection. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A 0–1 share as a percentage with one decimal ("76.9"); empty when there is no share. */
export function percentCell(share: number | null): string | null {
  return share === null ? null : (share * 100).toFixed(1);
}

/** Working minutes as a whole number (half up); empty when there is no figure. */
export function minutesCell(minutes: number | null): number | null {
  return minutes === null ? null : Math.round(minutes);
}

/** A clock's breaches: stopped over the target plus still open past it. */
export function breachesOf(stats: ClockStats): number {
  return stats.missed + stats.breached;
}

/** "2026-10-30 13:50 UTC" */
function utcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function clockCells(stats: ClockStats): (string | number | null)[] {
  return [percentCell(stats.withinStandardShare), stats.met, breachesOf(stats), minutesCell(stats.medianMinutes), minutesCell(stats.p90Minutes)];
}

/** The dashboard's figures as CSV text (CRLF line ends, RFC 4180). */
export function dashboardCsv(d: DashboardResponse): string {
  const lines: string[] = [
    ['team', d.teamName, 'period', `${utcMinute(d.period.from)} to ${utcMinute(d.period.to)}`, 'days', d.period.days].map(cell).join(','),
    CSV_COLUMNS.join(','),
  ];
  const row = (section: string, key: string, requests: number, fr: ClockStats, rs: ClockStats): void => {
    lines.push([section, key, requests, ...clockCells(fr), ...clockCells(rs)].map(cell).join(','));
  };
  if (d.enoughData && d.firstResponse && d.resolution && d.counts) row('team', d.teamName, d.counts.received, d.firstResponse, d.resolution);
  for (const w of d.weekly) row('week', w.weekOf, w.received, w.firstResponse, w.resolution);
  for (const dep of d.departments) row('department', dep.department, dep.requests, dep.firstResponse, dep.resolution);
  for (const c of d.categories) row('category', c.category, c.requests, c.firstResponse, c.resolution);
  for (const p of d.people ?? []) row('person', p.person.displayName, p.requests, p.firstResponse, p.resolution);
  return `${lines.join('\r\n')}\r\n`;
}
