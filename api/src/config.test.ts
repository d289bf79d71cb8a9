import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config.js';
import { defaultRateLimits } from './http/rate-limit.js';

const valid = {
  ROSTER_CLIENT_ID: '7d0c9e4a-52b3-4c8e-9f1d-3a6b2e8c4f10',
  ROSTER_CLIENT_SECRET: 'a-secret',
};

describe('loadConfig', () => {
  it('fills in production defaults', () => {
    expect(loadConfig(valid)).toMatchObject({
      authorityHost: 'https://login.microsoftonline.com',
      graphBaseUrl: 'https://graph.microsoft.com',
      graphPageSize: 999,
      retry: { budget: 50, baseDelayMs: 500, maxDelayMs: 60_000 },
      runHistoryDays: 90,
    });
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({
        ROSTER_CLIENT_ID: 'not-a-guid',
        ROSTER_GRAPH_BASE_URL: 'graph',
        ROSTER_GRAPH_PAGE_SIZE: '5000',
        ROSTER_CA_FILE: '/nowhere/ca.pem',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'ROSTER_CLIENT_ID',
      'ROSTER_CLIENT_SECRET',
      'ROSTER_GRAPH_BASE_URL',
      'ROSTER_GRAPH_PAGE_SIZE',
      'ROSTER_CA_FILE',
    ]) {
      expect(problems).toContain(name);
    }
  });

  it('limits requests by default as the HTTP layer does, and 0 turns a limit off', () => {
    expect(loadConfig(valid).rateLimits).toEqual(defaultRateLimits);
    const off = loadConfig({
      ...valid,
      ROSTER_RATE_LIMIT_USER_PER_MINUTE: '0',
      ROSTER_RATE_LIMIT_TENANT_PER_MINUTE: '0',
    });
    expect(off.rateLimits.user.perMinute).toBe(0);
    expect(off.rateLimits.tenant.perMinute).toBe(0);
    expect(() => loadConfig({ ...valid, ROSTER_RATE_LIMIT_USER_BURST: '0' })).toThrow(
      /ROSTER_RATE_LIMIT_USER_BURST/,
    );
  });

  it('runs the bot in local mode without credentials, and signs in with the ones given', () => {
    expect(loadConfig(valid).bot).toEqual({ kind: 'anonymous' });
    const bot = {
      ROSTER_BOT_ID: '5b3c2a10-8d4e-4f6a-9b7c-1e2d3f4a5b6c',
      ROSTER_BOT_TENANT_ID: '0e1d2c3b-4a59-4687-a5b4-c3d2e1f00a1b',
    };
    expect(loadConfig({ ...valid, ...bot, ROSTER_BOT_PASSWORD: 'pw' }).bot).toEqual({
      kind: 'authenticated',
      appId: bot.ROSTER_BOT_ID,
      tenantId: bot.ROSTER_BOT_TENANT_ID,
      credential: { kind: 'secret', secret: 'pw' },
    });
    const file = fileURLToPath(import.meta.url);
    expect(
      loadConfig({
        ...valid,
        ...bot,
        ROSTER_BOT_CERT_PEM_FILE: file,
        ROSTER_BOT_CERT_KEY_FILE: file,
      }).bot,
    ).toMatchObject({ credential: { kind: 'certificate', certPemFile: file, certKeyFile: file } });
    expect(loadConfig({ ...valid, ...bot }).bot).toMatchObject({
      credential: { kind: 'managedIdentity' },
    });
  });

  it.each<[string, Record<string, string>, string[]]>([
    ['credentials without a bot id', { ROSTER_BOT_PASSWORD: 'pw' }, ['ROSTER_BOT_PASSWORD']],
    [
      'a bot id without its tenant',
      { ROSTER_BOT_ID: '5b3c2a10-8d4e-4f6a-9b7c-1e2d3f4a5b6c' },
      ['ROSTER_BOT_TENANT_ID'],
    ],
    [
      'a password and a half certificate',
      {
        ROSTER_BOT_ID: '5b3c2a10-8d4e-4f6a-9b7c-1e2d3f4a5b6c',
        ROSTER_BOT_TENANT_ID: '0e1d2c3b-4a59-4687-a5b4-c3d2e1f00a1b',
        ROSTER_BOT_PASSWORD: 'pw',
        ROSTER_BOT_CERT_PEM_FILE: fileURLToPath(import.meta.url),
      },
      ['ROSTER_BOT_PASSWORD', 'ROSTER_BOT_CERT_KEY_FILE'],
    ],
    ['a bot id that is not a GUID', { ROSTER_BOT_ID: 'roster-bot' }, ['ROSTER_BOT_ID']],
    [
      'a Teams app id that is not a GUID',
      { ROSTER_TEAMS_APP_ID: 'roster' },
      ['ROSTER_TEAMS_APP_ID'],
    ],
  ])('refuses %s, naming each variable', (_what, env, names) => {
    let error: unknown;
    try {
      loadConfig({ ...valid, ...env });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of names) expect(problems).toContain(name);
  });

  it('takes the Teams app id the cards link into', () => {
    expect(loadConfig(valid).teamsAppId).toBeUndefined();
    const id = 'c3a1f2e4-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
    expect(loadConfig({ ...valid, ROSTER_TEAMS_APP_ID: id }).teamsAppId).toBe(id);
  });

  it('finds the built tab in the repository, whatever the working directory', () => {
    const { tabDir } = loadConfig(valid);
    expect(tabDir.endsWith(join('tabs', 'dist'))).toBe(true);
    // The repository root holds the workspaces' package.json next to tabs/.
    expect(existsSync(join(tabDir, '..', '..', 'api', 'package.json'))).toBe(true);
    expect(loadConfig({ ...valid, ROSTER_TAB_DIR: 'web' }).tabDir).toBe(join(process.cwd(), 'web'));
  });
});
