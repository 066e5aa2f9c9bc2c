/**
 * mergeTeamSettings: what saving a team's settings at `now` stores and reports (calendars and standards are history).
 * 5 March 2025 is a Wednesday.
 */
import { defaultTeamSettings, mergeTeamSettings } from '../../../src/app/team-settings';
import type { TeamSettingsRecord } from '../../../src/app/records';

const utc = (s: string) => new Date(`${s}Z`);
const now = utc('2025-03-05T12:00:00');
const keepSince = utc('2024-01-01T00:00:00');
const stored: TeamSettingsRecord = { ...defaultTeamSettings('t', 'team', utc('2025-01-01T00:00:00')), holidays: ['2025-03-04', '2025-03-10'] };

describe('mergeTeamSettings', () => {
  it('a privacy or category change moves no clock: nothing to recompute, no history', () => {
    const merged = mergeTeamSettings(stored, { ...stored, categories: ['Pay'], minGroupSize: 7, updatedAt: now }, now, keepSince);
    expect(merged).toMatchObject({ standardsChanged: false, calendarChanged: false, pastHolidaysKept: [], pastHolidaysNotAdded: [] });
    expect(merged.record).toMatchObject({ categories: ['Pay'], minGroupSize: 7, holidays: ['2025-03-04', '2025-03-10'] });
    expect(merged.record.pastStandards).toBeUndefined();
    expect(merged.record.calendar.pastPatterns).toBeUndefined();
  });

  it.each<[string, Partial<TeamSettingsRecord>]>([
    ['the weekly pattern', { calendar: { timeZone: 'UTC', windows: [{ days: ['monday'], start: '09:00', end: '12:00' }] } }],
    ['a future holiday', { holidays: ['2025-03-04', '2025-03-10', '2025-03-11'] }],
    ['the out-of-office pause', { pauseForOutOfOffice: false }],
  ])('a change of %s moves clocks: due times are to be recomputed', (_label, change) => {
    expect(mergeTeamSettings(stored, { ...stored, ...change }, now, keepSince).calendarChanged).toBe(true);
  });

  it('keeps the replaced pattern and standards as history ending now', () => {
    const fresh: TeamSettingsRecord = {
      ...stored,
      calendar: { timeZone: 'Europe/Paris', windows: [{ days: ['monday'], start: '09:00', end: '12:00' }] },
      standards: [{ ...stored.standards[0]!, firstResponseTargetMinutes: 60 }],
    };
    const merged = mergeTeamSettings(stored, fresh, now, keepSince);
    expect(merged.standardsChanged).toBe(true);
    expect(merged.record.pastStandards).toEqual([{ until: now, standards: stored.standards }]);
    expect(merged.record.calendar).toEqual({ ...fresh.calendar, pastPatterns: [{ until: now, ...stored.calendar }] });
  });

  it('keeps past holidays the body left out and reports them (and past ones it added)', () => {
    const merged = mergeTeamSettings(stored, { ...stored, holidays: ['2025-03-03'] }, now, keepSince);
    expect(merged.record.holidays).toEqual(['2025-03-04']);
    expect(merged).toMatchObject({ calendarChanged: true, pastHolidaysKept: ['2025-03-04'], pastHolidaysNotAdded: ['2025-03-03'] });
  });
});
