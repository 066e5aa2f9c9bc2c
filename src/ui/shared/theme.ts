import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, type Theme } from '@fluentui/react-components';

/** The theme names a Teams host reports (`app.Context.app.theme`, the `themeChange` event). */
export type TeamsThemeName = 'default' | 'dark' | 'contrast';

/** Normalises a host's theme string; unknown values fall back to 'default'. */
export function toTeamsThemeName(value: string | null | undefined): TeamsThemeName {
  return value === 'dark' || value === 'contrast' ? value : 'default';
}

/** Maps a Teams theme name to the matching Fluent UI v9 theme. */
export function fluentThemeFor(name: TeamsThemeName | string | null | undefined): Theme {
  switch (toTeamsThemeName(name)) {
    case 'dark':
      return teamsDarkTheme;
    case 'contrast':
      return teamsHighContrastTheme;
    default:
      return teamsLightTheme;
  }
}
