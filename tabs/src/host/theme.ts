import {
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  type Theme,
} from '@fluentui/react-components';

/** The three themes Teams has. */
export type ThemeName = 'light' | 'dark' | 'contrast';

/** Teams' theme names (`default`, `dark`, `contrast`) as the tab's. */
export function themeFromTeams(teamsTheme: string | undefined): ThemeName {
  if (teamsTheme === 'dark') return 'dark';
  if (teamsTheme === 'contrast') return 'contrast';
  return 'light';
}

/** The Fluent UI theme for a Teams theme. */
export function fluentTheme(name: ThemeName): Theme {
  switch (name) {
    case 'dark':
      return teamsDarkTheme;
    case 'contrast':
      return teamsHighContrastTheme;
    case 'light':
      return teamsLightTheme;
  }
}

/** Outside Teams: the browser's forced colours or colour scheme. */
export function themeFromBrowser(matchMedia: (query: string) => MediaQueryList): ThemeName {
  if (matchMedia('(forced-colors: active)').matches) return 'contrast';
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Calls `onChange` whenever the browser's preference changes; returns the unsubscribe. */
export function watchBrowserTheme(
  matchMedia: (query: string) => MediaQueryList,
  onChange: (name: ThemeName) => void,
): () => void {
  const queries = [
    matchMedia('(forced-colors: active)'),
    matchMedia('(prefers-color-scheme: dark)'),
  ];
  const listener = () => onChange(themeFromBrowser(matchMedia));
  for (const query of queries) query.addEventListener('change', listener);
  return () => {
    for (const query of queries) query.removeEventListener('change', listener);
  };
}
