import type { TenantData } from '@roster/emulator';
import type { Express } from 'express';
import pino from 'pino';
import { trustingAgent } from '../../src/graph/trusting-agent.js';
import { createAccessTokenValidator } from '../../src/http/auth/access-token-validator.js';
import { defaultAdminRoleIds } from '../../src/http/auth/authorization.js';
import { createApp } from '../../src/http/app.js';
import type { AppDeps } from '../../src/http/app-deps.js';
import { ConsentStates } from '../../src/http/consent-state.js';
import { SyncLauncher } from '../../src/sync/sync-launcher.js';
import type { Harness } from './emulator-harness.js';

/** Where the emulator sends admin consent back to in these tests. */
export const testRedirectUri = 'https://roster.example/auth/consent/callback';

/**
 * Roster's HTTP app over a harness, as `main.ts` composes it but with a quiet log: real
 * token validation against the emulator's JWKS, the harness's store and Graph source.
 */
export async function testApp(
  h: Harness,
  overrides: Partial<AppDeps> = {},
): Promise<{ app: Express; launcher: SyncLauncher }> {
  const deps = { store: h.roster.store, directory: h.roster.directory, clock: h.roster.clock };
  const launcher = new SyncLauncher(deps, () => undefined);
  await h.control('PATCH', '/app', { redirectUris: [testRedirectUri] });
  const app = createApp({
    ...deps,
    launcher,
    consent: {
      authorityHost: h.emulator.url,
      clientId: h.emulator.app.clientId,
      redirectUri: testRedirectUri,
      states: new ConsentStates(undefined, h.roster.clock),
    },
    logger: pino({ level: 'silent' }),
    validator: createAccessTokenValidator({
      authorityHost: h.emulator.url,
      audiences: [h.emulator.app.clientId],
      adminRoleIds: defaultAdminRoleIds,
      agent: trustingAgent(h.config.caFile),
    }),
    ...overrides,
  });
  return { app, launcher };
}

/** A user access token minted by the emulator for user `index` of a tenant (0 is an admin). */
export async function tokenFor(
  h: Harness,
  tenant: TenantData,
  index: number,
  claims?: Record<string, unknown>,
): Promise<string> {
  const minted = await h.control<{ access_token: string }>('POST', `/tenants/${tenant.id}/tokens`, {
    kind: 'user',
    userId: tenant.users[index]!.id,
    ...(claims === undefined ? {} : { claims }),
  });
  return minted.access_token;
}
