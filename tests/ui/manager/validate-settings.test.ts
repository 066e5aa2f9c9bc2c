import type { TeamSettings } from '../../../src/contracts/api';
import { validateSettings } from '../../../src/ui/manager/validate-settings';

function settings(overrides: Partial<TeamSettings> = {}): TeamSettings {
  return {
    teamId: 'g1',
    categories: ['Payroll', 'Access'],
    standards: [
      { id: 's1', name: 'Default', category: null, priority: null, firstResponseTargetMinutes: 240, resolutionTargetMinutes: 960 },
      { id: 's2', name: 'Urgent payroll', category: 'Payroll', priority: 'urgent', firstResponseTargetMinutes: 30, resolutionTargetMinutes: 240 },
    ],
    calendar: { timeZone: 'Europe/London', windows: [
      { days: ['monday', 'tuesday'], start: '09:00', end: '12:30' },
      { days: ['monday', 'tuesday'], start: '13:30', end: '17:30' },
    ] },
    holidays: ['2025-12-25'],
    pauseForOutOfOffice: true,
    privacy: { minGroupSize: 5, individualView: false },
    ownersDigest: false,
    ...overrides,
  };
}

const base = settings();
const withStandard = (index: number, patch: Partial<TeamSettings['standards'][number]>): TeamSettings =>
  settings({ standards: base.standards.map((s, i) => (i === index ? { ...s, ...patch } : s)) });
const withWindow = (patch: Partial<TeamSettings['calendar']['windows'][number]>): TeamSettings =>
  settings({ calendar: { ...base.calendar, windows: [{ ...base.calendar.windows[0]!, ...patch }] } });

describe('validateSettings', () => {
  it('accepts valid settings with several windows a day', () => {
    expect(validateSettings(base)).toEqual([]);
  });

  it.each<[string, TeamSettings, string, RegExp]>([
    ['zero first-response target', withStandard(0, { firstResponseTargetMinutes: 0 }), 'standards.0.firstResponseTargetMinutes', /positive whole number of minutes/],
    ['fractional resolution target', withStandard(1, { resolutionTargetMinutes: 90.5 }), 'standards.1.resolutionTargetMinutes', /positive whole number/],
    // 240 first response, 120 resolution: resolving before the first answer is due makes no sense
    ['resolution below first response', withStandard(0, { resolutionTargetMinutes: 120 }), 'standards.0.resolutionTargetMinutes', /at least the first-response target/],
    ['duplicate category/priority combo', withStandard(1, { category: null, priority: null }), 'standards.1.category', /standard 1 already covers any category \/ any priority/],
    ['unknown category', withStandard(1, { category: 'Travel' }), 'standards.1.category', /"Travel" is not in the team's categories/],
    ['empty standard name', withStandard(1, { name: ' ' }), 'standards.1.name', /needs a name/],
    ['start equals end', withWindow({ start: '09:00', end: '09:00' }), 'calendar.windows.0.end', /start and end must differ/],
    ['malformed start', withWindow({ start: '9am' }), 'calendar.windows.0.start', /HH:MM/],
    ['hour 24', withWindow({ end: '24:00' }), 'calendar.windows.0.end', /HH:MM/],
    ['no days', withWindow({ days: [] }), 'calendar.windows.0.days', /at least one day/],
    ['no windows', settings({ calendar: { timeZone: 'UTC', windows: [] } }), 'calendar.windows', /at least one working window/],
    ['min group size 2', settings({ privacy: { minGroupSize: 2, individualView: true } }), 'privacy.minGroupSize', /at least 3/],
    ['impossible holiday', settings({ holidays: ['2025-02-30'] }), 'holidays.0', /not a date/],
    ['duplicate holiday', settings({ holidays: ['2025-12-25', '2025-12-25'] }), 'holidays.1', /listed twice/],
    ['duplicate category', settings({ categories: ['Payroll', 'payroll'] }), 'categories.1', /listed twice/],
    ['no standards', settings({ standards: [] }), 'standards', /at least one standard/],
  ])('rejects %s', (_name, input, path, message) => {
    const problems = validateSettings(input);
    expect(problems).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('accepts a minimum group size of exactly 3 and an overnight window', () => {
    const input = settings({ privacy: { minGroupSize: 3, individualView: true }, calendar: { timeZone: 'UTC', windows: [{ days: ['friday'], start: '22:00', end: '06:00' }] } });
    expect(validateSettings(input)).toEqual([]);
  });

  it('reports every problem at once', () => {
    const input = settings({ privacy: { minGroupSize: 1, individualView: false }, holidays: ['tomorrow'] });
    expect(validateSettings(input).map((p) => p.path).sort()).toEqual(['holidays.0', 'privacy.minGroupSize']);
  });
});
