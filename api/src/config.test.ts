import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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

  it('finds the built tab in the repository, whatever the working directory', () => {
    const { tabDir } = loadConfig(valid);
    expect(tabDir.endsWith(join('tabs', 'dist'))).toBe(true);
    // The repository root holds the workspaces' package.json next to tabs/.
    expect(existsSync(join(tabDir, '..', '..', 'api', 'package.json'))).toBe(true);
    expect(loadConfig({ ...valid, ROSTER_TAB_DIR: 'web' }).tabDir).toBe(join(process.cwd(), 'web'));
  });
});
