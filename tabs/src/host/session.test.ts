import {
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
} from '@fluentui/react-components';
import { describe, expect, it } from 'vitest';
import { routeForDeepLink } from './session';
import { fluentTheme, themeFromTeams } from './theme';

const runId = '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

describe('Teams deep links', () => {
  it.each([
    [runId, `/runs/${runId}`],
    [`run:${runId}`, `/runs/${runId}`],
    [`runs/${runId}`, `/runs/${runId}`],
    [`/runs/${runId.toUpperCase()}`, `/runs/${runId}`],
    ['', undefined],
    [undefined, undefined],
    ['runs/not-a-run', undefined],
    ['javascript:alert(1)', undefined],
  ])('%s opens %s', (subPageId, route) => {
    expect(routeForDeepLink(subPageId)).toBe(route);
  });
});

describe('Teams themes', () => {
  it.each([
    ['default', teamsLightTheme],
    ['dark', teamsDarkTheme],
    ['contrast', teamsHighContrastTheme],
    [undefined, teamsLightTheme],
  ])('%s is mapped onto its Fluent theme', (teams, theme) => {
    expect(fluentTheme(themeFromTeams(teams))).toBe(theme);
  });
});
