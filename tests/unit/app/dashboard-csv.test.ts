import type { ClockStats, DashboardResponse } from '../../../src/contracts/api';
import { CSV_COLUMNS, dashboardCsv } from '../../../src/app/dashboard-csv';

const clock = (over: Partial<ClockStats>): ClockStats => ({
  count: 0, medianMinutes: null, p90Minutes: null, withinStandardShare: null, met: 0, missed: 0, breached: 0, running: 0, ...over,
});

// 13 requests received: first response 10 met, 2 missed, 1 open past target → 10/13 = 76.9 %;
// resolution 8 met, 1 missed, 2 open past target, 2 open within → 8/11 = 72.7 %
const firstResponse = clock({ count: 12, medianMinutes: 4189.6, p90Minutes: 600.5, withinStandardShare: 10 / 13, met: 10, missed: 2, breached: 1 });
const resolution = clock({ count: 9, medianMinutes: 302.4, p90Minutes: 807.2, withinStandardShare: 8 / 11, met: 8, missed: 1, breached: 2, running: 2 });

function dashboard(over: Partial<DashboardResponse> = {}): DashboardResponse {
  return {
    teamId: 'a1b2c3', teamName: 'Payroll, Europe', period: { from: '2026-10-30T13:50:07.000Z', to: '2026-11-29T13:50:07.000Z', days: 30 },
    minGroupSize: 5, peopleWithData: 6, enoughData: true, firstResponse, resolution,
    backlog: { open: 6, breachedNow: 3, oldestOpenMinutes: 900 },
    weekly: [{ weekStart: '2026-11-23T00:00:00.000Z', weekOf: '2026-11-23', received: 13, firstResponse, resolution }],
    weeksTimeZone: 'UTC',
    departments: [{ department: '=HYPERLINK("x")', requests: 13, firstResponse, resolution }],
    categories: [{ category: 'IT support', requests: 13, breaches: 5, firstResponse, resolution }],
    people: null,
    counts: { received: 13, resolved: 9, open: 4, openReceivedEarlier: 2 },
    ...over,
  };
}

const rows = (csv: string) => csv.split('\r\n');

describe('dashboardCsv', () => {
  const csv = dashboardCsv(dashboard());
  const lines = rows(csv);

  it('starts with a row naming the team and the period, then the column names', () => {
    expect(lines[0]).toBe('team,"Payroll, Europe",period,2026-10-30 13:50 UTC to 2026-11-29 13:50 UTC,days,30');
    expect(lines[1]).toBe(CSV_COLUMNS.join(','));
    expect(lines[1]).toContain('first_response_within_standard_percent');
    expect(lines[1]).toContain('resolution_breaches');
  });

  it('writes shares as percentages with one decimal, minutes as whole numbers and breaches per clock', () => {
    // team row: requests 13; 76.9 % (10/13), met 10, breaches 2 missed + 1 open = 3, median 4189.6 → 4190, p90 600.5 → 601;
    // resolution 72.7 % (8/11), met 8, breaches 1 + 2 = 3, median 302, p90 807
    expect(lines[2]).toBe('team,"Payroll, Europe",13,76.9,10,3,4190,601,72.7,8,3,302,807');
    expect(csv).not.toMatch(/0\.76923/);
    expect(csv).not.toMatch(/4189\.6/);
  });

  it('has one row per week, department and category, each with its breaches', () => {
    expect(lines[3]).toBe('week,2026-11-23,13,76.9,10,3,4190,601,72.7,8,3,302,807');
    expect(lines[4]?.startsWith(`department,"'=HYPERLINK(""x"")",13,`)).toBe(true); // formula neutralised, quotes doubled
    expect(lines[5]).toBe('category,IT support,13,76.9,10,3,4190,601,72.7,8,3,302,807');
    expect(lines[6]).toBe(''); // the file ends with CRLF
    expect(lines).toHaveLength(7);
  });

  it('leaves empty cells, not "null" or "NaN", where there is no figure', () => {
    const empty = clock({ running: 2 });
    const out = rows(dashboardCsv(dashboard({ weekly: [{ weekStart: '2026-11-23T00:00:00.000Z', weekOf: '2026-11-23', received: 2, firstResponse: empty, resolution: empty }], departments: [], categories: [] })));
    expect(out[3]).toBe('week,2026-11-23,2,,0,0,,,,0,0,,');
  });

  it('without enough data writes only the two header rows', () => {
    const out = dashboardCsv(dashboard({ enoughData: false, firstResponse: null, resolution: null, backlog: null, weekly: [], departments: [], categories: [], counts: null }));
    expect(rows(out)).toHaveLength(3);
  });
});
