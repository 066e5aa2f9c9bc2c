import type { ClockView } from '../../../src/contracts/api';
import { formatClockPhrase, formatDuePhrase, formatShare, formatWorkingMinutes } from '../../../src/ui/shared/format-duration';
import { fluentThemeFor, toTeamsThemeName } from '../../../src/ui/shared/theme';
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/react-components';

const clock = (c: Partial<ClockView>): ClockView => ({ status: 'onTrack', targetMinutes: 240, usedMinutes: 0, remainingMinutes: 240, dueAt: '2025-01-06T13:00:00Z', stoppedAt: null, ...c });

describe('format-duration', () => {
  it.each([
    [0, '0 m'], [45, '45 m'], [60, '1 h'], [80, '1 h 20 m'], [80.4, '1 h 20 m'], [-180, '3 h'], [1500, '25 h'],
  ])('%d working minutes → %s', (m, text) => expect(formatWorkingMinutes(m)).toBe(text));

  // Due instants are shown in the viewer's zone and locale: here en-GB in UTC and en-US in New York.
  it.each<[string, Partial<ClockView>, string, string | undefined, string]>([
    // 80 working minutes left, due Monday 6 Jan 2025 13:00 UTC
    ['running, en-GB UTC', { remainingMinutes: 80, dueAt: '2025-01-06T13:00:00Z' }, 'en-GB', 'UTC', 'due in 1 h 20 m of working time (Mon 13:00)'],
    // the same instant is 08:00 in New York (UTC−5 in January)
    ['running, en-US New York', { remainingMinutes: 80, dueAt: '2025-01-06T13:00:00Z' }, 'en-US', 'America/New_York', 'due in 1 h 20 m of working time (Mon 08:00 AM)'],
    ['due now', { remainingMinutes: 0, dueAt: '2025-01-06T13:00:00Z' }, 'en-GB', 'UTC', 'due in 0 m of working time (Mon 13:00)'],
    // breached within the working day of the breach: no working day began since → working time
    ['breached today', { status: 'breached', remainingMinutes: -180, overdueWorkingDays: 0 }, 'en-GB', 'UTC', 'breached 3 h of working time ago'],
    ['breached, server sent no day count', { status: 'breached', remainingMinutes: -5 }, 'en-GB', 'UTC', 'breached 5 m of working time ago'],
    // 127 h 11 m of working time overdue spans 16 working days on the assignee's calendar — the server counted them
    ['breached long ago', { status: 'breached', remainingMinutes: -7631, overdueWorkingDays: 16 }, 'en-GB', 'UTC', 'breached 16 working days ago'],
    ['breached yesterday', { status: 'breached', remainingMinutes: -90, overdueWorkingDays: 1 }, 'en-GB', 'UTC', 'breached 1 working day ago'],
  ])('%s → %s', (_name, c, locale, zone, text) => expect(formatDuePhrase(clock(c), locale, zone)).toBe(text));

  it.each<[string, Partial<ClockView>, string]>([
    ['met', { status: 'met', usedMinutes: 125, stoppedAt: 'x', dueAt: 'y' }, 'met in 2 h 5 m of working time'],
    ['missed the same day', { status: 'missed', usedMinutes: 270, stoppedAt: 'x', overdueWorkingDays: 0 }, 'missed by 30 m of working time'],
    // "missed by 94 h 30 m" read as clock time; 12 of the assignee's working days began between due and stop
    ['missed by days', { status: 'missed', usedMinutes: 240 + 5670, stoppedAt: 'x', overdueWorkingDays: 12 }, 'missed by 12 working days'],
    ['paused', { dueAt: null, remainingMinutes: 100 }, 'paused, 1 h 40 m of working time left'],
    ['breached', { status: 'breached', remainingMinutes: -61, usedMinutes: 301, overdueWorkingDays: 0 }, 'breached 1 h 1 m of working time ago'],
    ['breached days', { status: 'breached', remainingMinutes: -961, usedMinutes: 1201, overdueWorkingDays: 3 }, 'breached 3 working days ago'],
  ])('clock phrase: %s → %s', (_name, c, text) => expect(formatClockPhrase(clock(c), 'en-GB', 'UTC')).toBe(text));

  it('formats shares', () => {
    expect(formatShare(0.834)).toBe('83 %');
    expect(formatShare(null)).toBe('–');
  });
});

describe('theme', () => {
  it('maps Teams theme names to Fluent themes', () => {
    expect(fluentThemeFor('default')).toBe(teamsLightTheme);
    expect(fluentThemeFor('dark')).toBe(teamsDarkTheme);
    expect(fluentThemeFor('contrast')).toBe(teamsHighContrastTheme);
    expect(fluentThemeFor('something-new')).toBe(teamsLightTheme);
    expect(toTeamsThemeName('contrast')).toBe('contrast');
    expect(toTeamsThemeName(undefined)).toBe('default');
  });
});
