/**
 * The dashboard's tables: weekly trend numbers, departments served, categories that breach most, and per-person rows
 * (only ever rendered when the server sent them). Plain semantic tables with captions, so screen readers and the CSV
 * tell the same story as the chart.
 */
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles } from '@fluentui/react-components';
import type { CategoryRow, ClockStats, DepartmentRow, PersonRow, WeeklyPoint } from '../../contracts/api';
import { formatOptionalMinutes, formatShare } from '../shared/format-duration';

const useStyles = makeStyles({ caption: { textAlign: 'start', fontWeight: 600, paddingBlock: '8px' } });

function Grid({ caption, headers, rows }: { caption: string; headers: string[]; rows: { key: string; cells: string[] }[] }) {
  const styles = useStyles();
  return (
    <Table size="small" aria-label={caption}>
      <caption className={styles.caption}>{caption}</caption>
      <TableHeader>
        <TableRow>{headers.map((h) => <TableHeaderCell key={h}>{h}</TableHeaderCell>)}</TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.key}>{row.cells.map((cell, i) => <TableCell key={headers[i]}>{cell}</TableCell>)}</TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const within = (s: ClockStats) => formatShare(s.withinStandardShare);
const median = (s: ClockStats) => formatOptionalMinutes(s.medianMinutes);

/** "3 Mar" for a week's Monday (`weekOf`, the local date in the team calendar's time zone). */
export function formatWeek(weekOf: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${weekOf}T00:00:00Z`));
}

export function WeeklyTable({ weekly, locale }: { weekly: WeeklyPoint[]; locale: string }) {
  return (
    <Grid
      caption="Trend by week"
      headers={['Week of', 'Requests received', 'First response within standard', 'Resolution within standard']}
      rows={weekly.map((w) => ({ key: w.weekStart, cells: [formatWeek(w.weekOf, locale), String(w.received), within(w.firstResponse), within(w.resolution)] }))}
    />
  );
}

export function DepartmentsTable({ departments }: { departments: DepartmentRow[] }) {
  return (
    <Grid
      caption="Departments the team serves"
      headers={['Requester department', 'Requests received', 'First response within standard', 'Median first response', 'Resolution within standard', 'Median resolution']}
      rows={departments.map((d) => ({
        key: d.department,
        cells: [d.department, String(d.requests), within(d.firstResponse), median(d.firstResponse), within(d.resolution), median(d.resolution)],
      }))}
    />
  );
}

/** Categories ordered by breaches (most first), then by requests. */
export function sortByBreaches(categories: CategoryRow[]): CategoryRow[] {
  return [...categories].sort((a, b) => b.breaches - a.breaches || b.requests - a.requests || a.category.localeCompare(b.category));
}

export function CategoriesTable({ categories }: { categories: CategoryRow[] }) {
  return (
    <Grid
      caption="Categories that breach most"
      headers={['Category', 'Requests received', 'Breaches', 'Breach share']}
      rows={sortByBreaches(categories).map((c) => ({
        key: c.category,
        cells: [c.category, String(c.requests), String(c.breaches), formatShare(c.requests === 0 ? null : c.breaches / c.requests)],
      }))}
    />
  );
}

export function PeopleTable({ people }: { people: PersonRow[] }) {
  return (
    <Grid
      caption="People (individual view is on)"
      headers={['Person', 'Requests received', 'First response within standard', 'Median first response', 'Resolution within standard', 'Open now']}
      rows={people.map((p) => ({
        key: p.person.id,
        cells: [p.person.displayName, String(p.requests), within(p.firstResponse), median(p.firstResponse), within(p.resolution), String(p.openBacklog)],
      }))}
    />
  );
}
