import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '@roster/emulator';
import { Agent, fetch } from 'undici';
import { loadConfig, type RosterConfig } from '../../src/config.js';
import { createRoster, type Roster } from '../../src/main.js';

/** The emulator as a peer on loopback, Roster composed against it, and a data dir of its own. */
export interface Harness {
  readonly emulator: RunningEmulator;
  readonly roster: Roster;
  readonly config: RosterConfig;
  readonly tenantId: string;
  /** Calls the emulator's control plane; throws on a non-2xx answer. */
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** A user access token for Roster's API minted by the emulator; `claims` replace minted ones. */
  userToken(userId: string, claims?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(
  options: EmulatorOptions = {},
  env: Record<string, string> = {},
): Promise<Harness> {
  const emulator = await startEmulator({ users: 200, seed: 11, ...options });
  const dataDir = await mkdtemp(join(tmpdir(), 'roster-test-'));
  const config = loadConfig({
    ROSTER_AUTHORITY_HOST: emulator.url,
    ROSTER_GRAPH_BASE_URL: emulator.url,
    ROSTER_CLIENT_ID: emulator.app.clientId,
    ROSTER_CLIENT_SECRET: emulator.app.clientSecret,
    ROSTER_CA_FILE: emulator.caCertPath,
    ROSTER_DATA_DIR: dataDir,
    ROSTER_RETRY_BASE_MS: '20',
    ROSTER_RETRY_MAX_MS: '1000',
    ...env,
  });
  const roster = await createRoster(config);
  const agent = new Agent({ connect: { ca: emulator.caCertPem } });
  const tenantId = emulator.tenants[0]?.id ?? '';
  const harness: Harness = {
    emulator,
    roster,
    config,
    tenantId,
    async control<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${emulator.url}/_emulator${path}`, {
        method,
        dispatcher: agent,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`control ${method} ${path}: ${response.status} ${text}`);
      return (text === '' ? undefined : JSON.parse(text)) as T;
    },
    async userToken(userId, claims) {
      const minted = await harness.control<{ access_token: string }>(
        'POST',
        `/tenants/${tenantId}/tokens`,
        { kind: 'user', userId, ...(claims === undefined ? {} : { claims }) },
      );
      return minted.access_token;
    },
    async close() {
      await roster.close();
      await agent.close();
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
