/**
 * `npm start`: Roster on its embedded defaults. Starts the emulator with the demo tenant in
 * this process, points Roster's configuration at it (authority, Graph, CA, app registration),
 * links the demo tenant, and serves the API and the built tab with the embedded store.
 *
 * Options (`npm start -- --help`): `--port`, `--data-dir`, `--users`, and `--unlinked`, which
 * leaves the demo tenant for an admin to link with Link Entra ID Account (browser tests start
 * it that way, on a free port with a fresh data directory).
 */
import { parseArgs } from 'node:util';
import { startEmulator } from '@roster/emulator';
import { z } from 'zod';
import { loadConfig } from '../src/config.js';
import { startRoster } from '../src/server.js';
import { linkTenant } from '../src/sync/link-tenant.js';

const usage = `Usage: npm start -- [--port 3978] [--data-dir .roster-data] [--users 2000] [--unlinked]`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3978' },
    'data-dir': { type: 'string', default: '.roster-data' },
    users: { type: 'string', default: '2000' },
    unlinked: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const parsed = z
  .object({
    port: z.coerce.number().int().min(1).max(65535),
    'data-dir': z.string().min(1),
    users: z.coerce.number().int().min(1).max(200_000),
    unlinked: z.boolean(),
  })
  .safeParse(values);
if (!parsed.success) {
  const problems = parsed.error.issues.map((i) => `  --${i.path.join('.')}: ${i.message}`);
  process.stderr.write(`${problems.join('\n')}\n${usage}\n`);
  process.exit(2);
}
const options = parsed.data;

const { port } = options;
const origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
const emulator = await startEmulator({
  users: options.users,
  seed: 1,
  app: {
    // Link Entra ID Account sends admin consent back here.
    redirectUris: origins.map((origin) => `${origin}/auth/consent/callback`),
    // The tab signs in from the browser (outside Teams) and comes back to its root.
    spaRedirectUris: origins.map((origin) => `${origin}/`),
  },
});
const tenant = emulator.tenants[0];
if (tenant === undefined) throw new Error('the emulator started without a tenant');
const config = loadConfig({
  ROSTER_AUTHORITY_HOST: emulator.url,
  ROSTER_GRAPH_BASE_URL: emulator.url,
  ROSTER_CA_FILE: emulator.caCertPath,
  ROSTER_CLIENT_ID: emulator.app.clientId,
  ROSTER_CLIENT_SECRET: emulator.app.clientSecret,
  ROSTER_DATA_DIR: options['data-dir'],
  ROSTER_PORT: String(port),
});
const roster = await startRoster(config);
let linkedName: string | undefined;
if (!options.unlinked) {
  // Linked as an admin would with Link Entra ID Account (the emulator's demo tenant has
  // consented), and synced once at start if it never was; the scheduler takes it from there.
  const linked = await linkTenant(
    { store: roster.roster.store, directory: roster.roster.directory, clock: roster.roster.clock },
    tenant.id,
  );
  linkedName = linked.displayName;
  const [lastRun] = await roster.roster.store.runs.list(tenant.id, { limit: 1 });
  if (lastRun === undefined) await roster.launcher.launch(tenant.id, 'manual');
}

process.stdout.write(
  [
    '',
    `Roster is running at ${roster.url}  (API: ${roster.url}/api, health: ${roster.url}/healthz)`,
    linkedName === undefined
      ? `Demo tenant: ${tenant.displayName} (${tenant.id}), ${tenant.users} users, not linked yet: sign in as an admin and use Link Entra ID Account; from the emulator at ${emulator.url}`
      : `Demo tenant: ${linkedName} (${tenant.id}), ${tenant.users} users, linked; from the emulator at ${emulator.url}`,
    // The tab signs in against the emulator over HTTPS with its own CA: the browser must
    // trust it before the sign-in page can open.
    `Sign-in runs on the emulator: trust its CA (${emulator.caCertPath}) or open ${emulator.url}/organizations/v2.0/.well-known/openid-configuration once and accept its certificate.`,
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
