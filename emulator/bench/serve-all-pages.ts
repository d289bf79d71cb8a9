/**
 * How long the emulator takes to serve every page of a large tenant, so nobody mistakes it
 * for the bottleneck of a sync benchmark. The emulator runs in its own process (as it does
 * under `npm start`); this process only fetches and parses.
 *
 *   npm run bench --workspace emulator -- [--users 100000] [--select id,displayName,mail]
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Agent, fetch } from 'undici';
import { z } from 'zod';

const { values } = parseArgs({
  options: { users: { type: 'string' }, select: { type: 'string' } },
  strict: true,
});
const options = z
  .object({
    users: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
    select: z
      .string()
      .default(
        'id,displayName,givenName,surname,jobTitle,department,mail,userPrincipalName,proxyAddresses,accountEnabled',
      ),
  })
  .parse(values);

const startedInfo = z.object({
  url: z.string(),
  caCertPath: z.string(),
  app: z.object({ clientId: z.string(), clientSecret: z.string() }),
  tenants: z.array(z.object({ id: z.string(), users: z.number() })).min(1),
});

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const child = spawn(
  process.execPath,
  ['--import', 'tsx', cli, '--users', String(options.users), '--no-throttling'],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const bootStart = performance.now();
const firstLine = await new Promise<string>((resolve, reject) => {
  const lines = createInterface({ input: child.stdout });
  lines.once('line', resolve);
  child.once('exit', (code) => reject(new Error(`emulator exited with ${String(code)}`)));
});
const bootMs = performance.now() - bootStart;
const info = startedInfo.parse(JSON.parse(firstLine));
const [tenant] = info.tenants;
if (tenant === undefined) throw new Error('the emulator started without a tenant');
const agent = new Agent({ connect: { ca: await readFile(info.caCertPath, 'utf8') } });

try {
  const tokenResponse = await fetch(`${info.url}/${tenant.id}/oauth2/v2.0/token`, {
    method: 'POST',
    dispatcher: agent,
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: info.app.clientId,
      client_secret: info.app.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  const { access_token: token } = z
    .object({ access_token: z.string() })
    .parse(await tokenResponse.json());

  /** Fetches every page from `start`; returns users seen, pages, bytes and milliseconds. */
  const walk = async (start: string, headers: Record<string, string> = {}) => {
    const began = performance.now();
    let url: string | undefined = start;
    let users = 0;
    let pages = 0;
    let bytes = 0;
    while (url !== undefined) {
      const response = await fetch(url, {
        dispatcher: agent,
        headers: { authorization: `Bearer ${token}`, ...headers },
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`${url}: ${response.status} ${text}`);
      const page = JSON.parse(text) as { value: unknown[]; '@odata.nextLink'?: string };
      users += page.value.length;
      pages += 1;
      bytes += text.length;
      url = page['@odata.nextLink'];
    }
    return { users, pages, mb: bytes / 1e6, ms: performance.now() - began };
  };

  const select = encodeURIComponent(options.select);
  const rows = [
    ['GET /users ($top=999)', await walk(`${info.url}/v1.0/users?$select=${select}&$top=999`)],
    [
      'GET /users/delta (maxpagesize=999)',
      await walk(`${info.url}/v1.0/users/delta?$select=${select}`, {
        prefer: 'odata.maxpagesize=999',
      }),
    ],
    [
      'GET /users/delta (default 200)',
      await walk(`${info.url}/v1.0/users/delta?$select=${select}`),
    ],
  ] as const;

  console.log(
    `Emulator with ${tenant.users.toLocaleString('en')} users, started in ${(bootMs / 1000).toFixed(1)} s`,
  );
  console.log('route                                pages     users      MB     seconds  users/s');
  for (const [name, r] of rows) {
    console.log(
      `${name.padEnd(36)} ${String(r.pages).padStart(5)} ${String(r.users).padStart(9)} ${r.mb.toFixed(1).padStart(7)} ${(r.ms / 1000).toFixed(2).padStart(10)} ${Math.round(
        r.users / (r.ms / 1000),
      )
        .toLocaleString('en')
        .padStart(9)}`,
    );
    if (r.users !== tenant.users)
      throw new Error(`${name} served ${r.users} of ${tenant.users} users`);
  }
  console.log(
    JSON.stringify({
      users: tenant.users,
      bootMs: Math.round(bootMs),
      usersPagesMs: Math.round(rows[0][1].ms),
      deltaPagesMs: Math.round(rows[1][1].ms),
      deltaDefaultPagesMs: Math.round(rows[2][1].ms),
    }),
  );
} finally {
  await agent.close();
  child.kill();
}
