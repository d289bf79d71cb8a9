import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const teams = vi.hoisted(() => ({
  initialize: vi.fn<() => Promise<void>>(),
  getContext: vi.fn<() => Promise<unknown>>(),
  themeHandlers: [] as ((theme: string) => void)[],
  getAuthToken: vi.fn<() => Promise<string>>(),
}));

vi.mock('@microsoft/teams-js', () => ({
  app: {
    initialize: teams.initialize,
    getContext: teams.getContext,
    notifySuccess: () => Promise.resolve(),
    registerOnThemeChangeHandler: (handler: (theme: string) => void) => {
      teams.themeHandlers.push(handler);
    },
  },
  authentication: { getAuthToken: teams.getAuthToken },
}));

const { connectToTeams } = await import('./teams-session');

const runId = '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

describe('the tab hosted in Teams', () => {
  beforeEach(() => {
    teams.initialize.mockResolvedValue(undefined);
    teams.getContext.mockResolvedValue({
      app: { theme: 'dark' },
      page: { subPageId: `run:${runId}` },
      user: { displayName: 'Morgan Hale' },
    });
    let n = 0;
    teams.getAuthToken.mockImplementation(() => Promise.resolve(`sso-${++n}`));
  });
  afterEach(() => {
    vi.clearAllMocks();
    teams.themeHandlers.length = 0;
  });

  it('starts in the theme Teams uses and opens the deep-linked run', async () => {
    const session = await connectToTeams(1000);
    expect(session).toMatchObject({
      kind: 'teams',
      theme: 'dark',
      initialPath: `/runs/${runId}`,
      userName: 'Morgan Hale',
      signOut: undefined,
    });
  });

  it('follows theme changes until unsubscribed', async () => {
    const session = await connectToTeams(1000);
    const seen: string[] = [];
    const stop = session?.onThemeChange((name) => seen.push(name));
    for (const handler of teams.themeHandlers) handler('contrast');
    stop?.();
    for (const handler of teams.themeHandlers) handler('default');
    expect(seen).toEqual(['contrast']);
  });

  it('asks Teams for an SSO token on every call', async () => {
    const session = await connectToTeams(1000);
    expect(await session?.getToken()).toBe('sso-1');
    expect(await session?.getToken()).toBe('sso-2');
    expect(teams.getAuthToken).toHaveBeenCalledTimes(2);
  });

  it('gives up when no Teams host answers in time', async () => {
    teams.initialize.mockReturnValue(new Promise(() => undefined));
    expect(await connectToTeams(50)).toBeUndefined();
  });
});
