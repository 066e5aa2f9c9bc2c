import type { Clock } from '../../../src/contracts/api';
import { formatClockPhrase, formatDuePhrase, formatShare, formatWorkingMinutes } from '../../../src/ui/shared/format-duration';
import { fluentThemeFor, toTeamsThemeName } from '../../../src/ui/shared/theme';
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/react-components';

const clock = (c: Partial<Clock>): Clock => ({ status: 'onTrack', targetMinutes: 240, usedMinutes: 0, remainingMinutes: 240, dueAt: '2025-01-06T13:00:00Z', stoppedAt: null, ...c });

describe('format-duration', () => {
  it.each([
    [0, '0 m'], [45, '45 m'], [60, '1 h'], [80, '1 h 20 m'], [80.4, '1 h 20 m'], [-180, '3 h'], [1500, '25 h'],
  ])('%d working minutes → %s', (m, text) => expect(formatWorkingMinutes(m)).toBe(text));

  it.each([
    [80, 'due in 1 h 20 m working time'], [0, 'due in 0 m working time'], [-180, 'breached 3 h ago'], [-5, 'breached 5 m ago'],
  ])('remaining %d → %s', (m, text) => expect(formatDuePhrase(m)).toBe(text));

  it('phrases stopped and paused clocks', () => {
    expect(formatClockPhrase(clock({ status: 'met', usedMinutes: 125, stoppedAt: 'x', dueAt: 'y' }))).toBe('met in 2 h 5 m');
    expect(formatClockPhrase(clock({ status: 'missed', usedMinutes: 270, stoppedAt: 'x' }))).toBe('missed by 30 m');
    expect(formatClockPhrase(clock({ dueAt: null, remainingMinutes: 100 }))).toBe('paused, 1 h 40 m left');
    expect(formatClockPhrase(clock({ status: 'breached', remainingMinutes: -61, usedMinutes: 301 }))).toBe('breached 1 h 1 m ago');
  });

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
