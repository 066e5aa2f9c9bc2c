import type { ClockStats, DashboardResponse, TeamSettings } from '../../../src/contracts/api';

/** Clock figures over `count` stopped clocks, `share` of them met (no open ones unless `open` says so). */
export const stats = (count: number, median: number, p90: number, share: number, open: { breached?: number; running?: number } = {}): ClockStats => {
  const breached = open.breached ?? 0;
  const met = Math.round(share * (count + breached));
  return { count, medianMinutes: median, p90Minutes: p90, withinStandardShare: share, met, missed: count - met, breached, running: open.running ?? 0 };
};

/** A dashboard with enough data: two weeks, two departments, two categories, no people rows. */
export function dashboard(overrides: Partial<DashboardResponse> = {}): DashboardResponse {
  return {
    teamId: 'g-payroll',
    teamName: 'Payroll Services',
    period: { from: '2025-02-01T00:00:00Z', to: '2025-03-03T00:00:00Z', days: 30 },
    minGroupSize: 5,
    peopleWithData: 6,
    enoughData: true,
    firstResponse: stats(42, 95, 300, 0.81),
    resolution: stats(37, 610, 1500, 0.64),
    backlog: { open: 9, breachedNow: 2, oldestOpenMinutes: 1260 },
    weeksTimeZone: 'UTC',
    weekly: [
      { weekStart: '2025-02-17T00:00:00Z', weekOf: '2025-02-17', received: 20, firstResponse: stats(20, 90, 280, 0.8), resolution: stats(18, 600, 1400, 0.6) },
      { weekStart: '2025-02-24T00:00:00Z', weekOf: '2025-02-24', received: 22, firstResponse: stats(22, 100, 310, 0.82), resolution: stats(19, 620, 1550, 0.68) },
    ],
    departments: [
      { department: 'Sales', requests: 25, firstResponse: stats(25, 80, 250, 0.88), resolution: stats(22, 500, 1200, 0.7) },
      { department: 'Engineering', requests: 17, firstResponse: stats(17, 130, 330, 0.71), resolution: stats(15, 700, 1600, 0.55) },
    ],
    categories: [
      { category: 'Expenses', requests: 10, breaches: 1, firstResponse: stats(10, 60, 200, 0.9), resolution: stats(9, 500, 1300, 1) },
      { category: 'Salary change', requests: 12, breaches: 5, firstResponse: stats(12, 120, 320, 0.75), resolution: stats(10, 700, 1600, 0.6) },
    ],
    people: null,
    counts: { received: 42, resolved: 37, open: 5, openReceivedEarlier: 4 },
    ...overrides,
  };
}

export function settings(overrides: Partial<TeamSettings> = {}): TeamSettings {
  return {
    teamId: 'g-payroll',
    categories: ['Expenses', 'Salary change'],
    standards: [
      { id: 's1', name: 'Default', category: null, priority: null, firstResponseTargetMinutes: 240, resolutionTargetMinutes: 960 },
    ],
    calendar: { timeZone: 'Europe/London', windows: [{ days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], start: '09:00', end: '17:00' }] },
    holidays: ['2025-12-25'],
    pauseForOutOfOffice: true,
    privacy: { minGroupSize: 5, individualView: false },
    ownersDigest: false,
    ...overrides,
  };
}
