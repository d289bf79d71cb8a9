import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startEmulator } from './start-emulator.js';
import { generateTenants } from './tenant/generate-tenant.js';
import { loadFixture } from './tenant/fixture.js';
import type { TenantData } from './tenant/tenant-data.js';

const usage = `Usage: npm run emulator -- [options]

Starts the Roster Entra ID + Microsoft Graph emulator over HTTPS on 127.0.0.1.
The first line on stdout is one JSON object: {"url","caCertPath","app":{"clientId","clientSecret"},"tenants":[...]}.

Options:
  --port P            port to listen on (default: a free port)
  --users N           users in each generated tenant (default 1000)
  --seed S            seed of the generated tenants (default 1)
  --tenants K         number of generated tenants (default 1)
  --fixture FILE      load tenants from a JSON fixture instead of generating them
  --redirect-uri URI  add a web redirect URI to the demo app (repeatable)
  --spa-redirect-uri URI  add a single-page-app redirect URI (repeatable)
  --client-secret S   use this client secret instead of a fresh random one
  --state-dir DIR     where to write the CA certificate (default: a new temporary folder)
  --no-throttling     turn Graph's throttling budget off
  -h, --help          show this help
`;

const integer = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `--${name} must be a number` })
    .int(`--${name} must be a whole number`)
    .min(min, `--${name} must be at least ${min}`)
    .max(max, `--${name} must be at most ${max}`);

const optionsSchema = z.object({
  port: integer('port', 0, 65535).default(0),
  users: integer('users', 1, 1_000_000).default(1000),
  seed: integer('seed', 0, 2 ** 31).default(1),
  tenants: integer('tenants', 1, 1000).default(1),
  fixture: z.string().min(1).optional(),
  'redirect-uri': z.array(z.url('--redirect-uri must be a URL')).default([]),
  'spa-redirect-uri': z.array(z.url('--spa-redirect-uri must be a URL')).default([]),
  'client-secret': z
    .string()
    .min(16, '--client-secret must have at least 16 characters')
    .optional(),
  'state-dir': z.string().min(1).optional(),
  'no-throttling': z.boolean().default(false),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      users: { type: 'string' },
      seed: { type: 'string' },
      tenants: { type: 'string' },
      fixture: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'spa-redirect-uri': { type: 'string', multiple: true },
      'client-secret': { type: 'string' },
      'state-dir': { type: 'string' },
      'no-throttling': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(usage);
    return;
  }
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => issue.message).join('\n'));
  }
  const options = parsed.data;
  const tenants: TenantData[] =
    options.fixture !== undefined
      ? await loadFixture(options.fixture)
      : generateTenants(options.tenants, { usersPerTenant: options.users, seed: options.seed });

  const emulator = await startEmulator({
    port: options.port,
    seed: options.seed,
    tenants,
    app: {
      ...(options['client-secret'] !== undefined ? { clientSecret: options['client-secret'] } : {}),
      ...(options['redirect-uri'].length > 0 ? { redirectUris: options['redirect-uri'] } : {}),
      ...(options['spa-redirect-uri'].length > 0
        ? { spaRedirectUris: options['spa-redirect-uri'] }
        : {}),
    },
    ...(options['state-dir'] !== undefined ? { stateDir: options['state-dir'] } : {}),
    ...(options['no-throttling'] ? { throttling: { enabled: false } } : {}),
  });

  // Listen for signals before announcing: a supervisor may stop us as soon as it reads the line.
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  process.stdout.write(
    `${JSON.stringify({
      url: emulator.url,
      caCertPath: emulator.caCertPath,
      app: { clientId: emulator.app.clientId, clientSecret: emulator.app.clientSecret },
      tenants: emulator.tenants,
    })}\n`,
  );
  const first = emulator.tenants[0];
  process.stderr.write(
    [
      `Roster emulator listening on ${emulator.url}`,
      `  trust its CA:     ${emulator.caCertPath}`,
      first === undefined
        ? ''
        : `  OIDC discovery:   ${emulator.url}/${first.id}/v2.0/.well-known/openid-configuration`,
      `  Microsoft Graph:  ${emulator.url}/v1.0/users`,
      `  control plane:    ${emulator.url}/_emulator/tenants`,
      ...emulator.tenants.map((t) => `  tenant ${t.id}  ${t.displayName}  (${t.users} users)`),
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `roster-emulator: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`,
  );
  process.exit(2);
});
