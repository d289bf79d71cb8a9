import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

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
});
