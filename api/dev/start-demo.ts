/**
 * `npm start`: Roster on its embedded defaults. Starts the emulator with the demo tenant in
 * this process, points Roster's configuration at it (authority, Graph, CA, app registration),
 * links the demo tenant, and serves the API with the embedded store in `.roster-data`.
 */
import { startEmulator } from '@roster/emulator';
import { loadConfig } from '../src/config.js';
import { startRoster } from '../src/server.js';
import { linkTenant } from '../src/sync/link-tenant.js';

const port = 3978;
const emulator = await startEmulator({
  users: 2000,
  seed: 1,
  // Link Entra ID Account sends admin consent back here.
  app: { redirectUris: [`http://127.0.0.1:${port}/auth/consent/callback`] },
});
const tenant = emulator.tenants[0];
if (tenant === undefined) throw new Error('the emulator started without a tenant');
const config = loadConfig({
  ROSTER_AUTHORITY_HOST: emulator.url,
  ROSTER_GRAPH_BASE_URL: emulator.url,
  ROSTER_CA_FILE: emulator.caCertPath,
  ROSTER_CLIENT_ID: emulator.app.clientId,
  ROSTER_CLIENT_SECRET: emulator.app.clientSecret,
  ROSTER_DATA_DIR: '.roster-data',
  ROSTER_PORT: String(port),
});
const roster = await startRoster(config);
// Linked as an admin would with Link Entra ID Account (the emulator's demo tenant has
// consented), and synced once at start if it never was; the scheduler takes it from there.
const linked = await linkTenant(
  { store: roster.roster.store, directory: roster.roster.directory, clock: roster.roster.clock },
  tenant.id,
);
const [lastRun] = await roster.roster.store.runs.list(tenant.id, { limit: 1 });
if (lastRun === undefined) await roster.launcher.launch(tenant.id, 'manual');

process.stdout.write(
  [
    '',
    `Roster is running at ${roster.url}  (API: ${roster.url}/api, health: ${roster.url}/healthz)`,
    `Demo tenant: ${linked.displayName} (${tenant.id}), ${tenant.users} users, linked; from the emulator at ${emulator.url}`,
    `Trust the emulator's CA: ${emulator.caCertPath}`,
    'Press Ctrl+C to stop.',
    '',
  ].join('\n'),
);

const stop = () => {
  roster
    .close()
    .then(() => emulator.close())
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
