/**
 * The Employees view under load: search plus a page of 50 on a large tenant, over HTTP with
 * real access tokens, the embedded store, and request logging on, Roster running as its
 * production entry (`src/index.ts`) in a process of its own:
 *
 *   npx tsx bench/http.bench.ts --users 100000 --connections 50 --seconds 20
 *
 * The bench syncs the tenant from the emulator (in its own process) into a data directory,
 * starts Roster on it, and autocannon (in the bench's process) replays a mix of what admins type: name prefixes, full names, surnames, email starts, one
 * or two letters, and no search at all. Rate limits are off: they would turn the load into
 * 429s. Prints a table, then one JSON line:
 * {"users","employees","connections","firstSearchMs","requests","rps","p50Ms","p90Ms","p99Ms",
 *  "maxMs","non2xx","cpuPerRequestUs","errors","healthzRps","healthzP99Ms"}
 * The /healthz figures (the same load on a route that does nothing) show what the machine,
 * Node and Express allow at all: the load generator shares the machine with Roster.
 * `--profile DIR` writes a CPU profile of Roster's process there as it stops.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { fetch } from 'undici';
import { z } from 'zod';
import { loadConfig } from '../src/config.js';
import type { Employee } from '../src/domain/employee.js';
import { searchWords } from '../src/domain/employee-search.js';
import { createRoster } from '../src/main.js';
import { spawnEmulator } from './support/emulator-process.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string' },
    connections: { type: 'string' },
    seconds: { type: 'string' },
    profile: { type: 'string' },
  },
  strict: false,
});
const options = z
  .object({
    users: z.coerce.number().int().min(1000).max(1_000_000).default(100_000),
    connections: z.coerce.number().int().min(1).max(500).default(50),
    seconds: z.coerce.number().int().min(1).max(600).default(20),
    /** A directory for a CPU profile of Roster's process (`--cpu-prof`), written as it stops. */
    profile: z.string().min(1).optional(),
  })
  .parse(values);

const emulator = await spawnEmulator(options.users);
const { info, tenantId } = emulator;
const dataDir = await mkdtemp(join(tmpdir(), 'roster-http-bench-'));
const env = {
  ...emulator.rosterEnv(dataDir),
  ROSTER_HOST: '127.0.0.1',
  ROSTER_PORT: '0',
  ROSTER_SCHEDULER: 'off',
  ROSTER_RATE_LIMIT_USER_PER_MINUTE: '0',
  ROSTER_RATE_LIMIT_TENANT_PER_MINUTE: '0',
};

/** Runs Roster's CLI on the data directory; rejects when it fails. */
async function cli(...args: string[]): Promise<void> {
  const entry = fileURLToPath(new URL('../src/cli/index.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`roster ${args.join(' ')} exited with ${String(code)}`);
}

/**
 * Links and syncs the tenant into the data directory with the CLI, in processes of their
 * own: a 100k sync in this one would leave autocannon sharing it with a large heap (its
 * garbage collection once stalled the load generator for seconds). Returns the searches.
 */
async function prepare(): Promise<{ paths: string[]; employees: number }> {
  await cli('link', '--tenant', tenantId);
  await cli('sync', '--tenant', tenantId, '--full');
  const roster = await createRoster(loadConfig(env));
  try {
    // Every 97th employee of the first pages in name order: names across the alphabet.
    const sample: Employee[] = [];
    let after: string | undefined;
    do {
      const page = await roster.store.employees.page(tenantId, {
        limit: 1000,
        ...(after === undefined ? {} : { after }),
      });
      sample.push(...page.items.filter((_, i) => i % 97 === 0));
      after = page.next;
    } while (after !== undefined && sample.length < 400);
    const paths = searches(sample).map(
      (text) =>
        `/api/employees?limit=50${text === '' ? '' : `&search=${encodeURIComponent(text)}`}`,
    );
    return { paths, employees: await roster.store.employees.count(tenantId) };
  } finally {
    await roster.close();
  }
}

/** Roster's production entry on the data directory; resolves with its URL. */
async function serve(): Promise<{ url: string; cpuMs: () => Promise<number>; stop: () => void }> {
  const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
  const profiling =
    options.profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.profile}`];
  const child = spawn(process.execPath, [...profiling, '--import', 'tsx', entry], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`Roster exited with ${String(code)}`)));
    lines.on('line', (line) => {
      const parsed = z.object({ url: z.string() }).safeParse(JSON.parse(line));
      if (parsed.success) resolve(parsed.data.url);
    });
  });
  // Its request log keeps flowing: drained unparsed, so this process's CPU goes to the load.
  lines.close();
  child.stdout.resume();
  return { url, cpuMs: () => processCpuMs(child.pid), stop: () => child.kill('SIGTERM') };
}

/**
 * CPU time a process has used, user and system, from Linux's /proc (100 ticks a second);
 * NaN elsewhere. Roster's CPU per request is the figure the machine's noise moves least.
 */
async function processCpuMs(pid: number | undefined): Promise<number> {
  if (pid === undefined) return NaN;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces: utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

const tokenSchema = z.object({ access_token: z.string() });

/** A token for the demo tenant's admin (Global Administrator), as Teams SSO would give. */
async function adminToken(): Promise<string> {
  const app = tokenSchema.parse(
    await emulator.control('POST', `/tenants/${tenantId}/tokens`, { kind: 'app' }),
  );
  const organization = z
    .object({
      value: z.array(
        z.object({
          verifiedDomains: z.array(z.object({ name: z.string(), isDefault: z.boolean() })),
        }),
      ),
    })
    .parse(
      await (
        await fetch(`${info.url}/v1.0/organization`, {
          dispatcher: emulator.agent,
          headers: { authorization: `Bearer ${app.access_token}` },
        })
      ).json(),
    );
  const domain = organization.value[0]?.verifiedDomains.find((d) => d.isDefault)?.name;
  const minted = await emulator.control('POST', `/tenants/${tenantId}/tokens`, {
    kind: 'user',
    userId: `admin@${domain ?? ''}`,
  });
  return tokenSchema.parse(minted).access_token;
}

/** What admins type, drawn from the directory itself. */
function searches(sample: readonly Employee[]): string[] {
  const typed: string[] = [];
  sample.forEach((e, i) => {
    const [first = '', last = ''] = searchWords(e.fields['displayName'] ?? '');
    const local = e.email.split('@')[0] ?? '';
    switch (i % 8) {
      case 0:
        typed.push(first.slice(0, 3));
        break;
      case 1:
        typed.push(first);
        break;
      case 2:
        typed.push(last);
        break;
      case 3:
        typed.push(`${first} ${last.slice(0, 2)}`);
        break;
      case 4:
        typed.push(`${first} ${last}`);
        break;
      case 5:
        typed.push(local.slice(0, 5));
        break;
      case 6:
        typed.push(first.slice(0, i % 16 < 8 ? 1 : 2));
        break;
      default:
        typed.push('');
    }
  });
  return typed;
}

const { paths, employees } = await prepare();
const roster = await serve();
try {
  const token = await adminToken();
  const me = await fetch(`${roster.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
  const who = z.object({ isAdmin: z.boolean(), tenantLinked: z.boolean() }).parse(await me.json());
  if (!who.isAdmin || !who.tenantLinked) throw new Error('the bench token is not a linked admin');

  // The first search builds the tenant's in-memory index (seconds at 100k, once per
  // process): timed apart, so the load figures are the steady state.
  const warmStart = performance.now();
  await fetch(`${roster.url}${paths[1] ?? '/'}`, { headers: { authorization: `Bearer ${token}` } });
  const firstSearchMs = Math.round(performance.now() - warmStart);

  let next = 0;
  const cpuBefore = await roster.cpuMs();
  const result = await autocannon({
    url: roster.url,
    connections: options.connections,
    duration: options.seconds,
    headers: { authorization: `Bearer ${token}` },
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] ?? '/' }),
      },
    ],
  });

  const cpuPerRequestUs = Math.round(
    ((await roster.cpuMs()) - cpuBefore) * (1000 / Math.max(result.requests.total, 1)),
  );

  // Then the same load on /healthz: what this machine and Express manage with no work at all.
  const baseline = await autocannon({
    url: `${roster.url}/healthz`,
    connections: options.connections,
    duration: Math.min(options.seconds, 10),
  });

  const { latency, requests } = result;
  console.log(
    `Roster Employees view, ${employees.toLocaleString('en')} employees, embedded store, ` +
      `${options.connections} connections for ${options.seconds} s (${paths.length} searches)`,
  );
  console.log(`  first search  ${String(firstSearchMs).padStart(8)} ms (builds the index)`);
  console.log(`  requests/s    ${requests.average.toFixed(0).padStart(8)}`);
  console.log(`  p50 latency   ${String(latency.p50).padStart(8)} ms`);
  console.log(`  p90 latency   ${String(latency.p90).padStart(8)} ms`);
  console.log(`  p99 latency   ${String(latency.p99).padStart(8)} ms`);
  console.log(`  max latency   ${String(latency.max).padStart(8)} ms`);
  console.log(`  non-2xx       ${String(result.non2xx).padStart(8)}`);
  console.log(`  Roster CPU    ${String(cpuPerRequestUs).padStart(8)} µs per request`);
  console.log(
    `  /healthz, same load: ${baseline.requests.average.toFixed(0)} requests/s, ` +
      `p50 ${baseline.latency.p50} ms, p99 ${baseline.latency.p99} ms`,
  );
  console.log(
    JSON.stringify({
      users: options.users,
      employees,
      connections: options.connections,
      firstSearchMs,
      requests: requests.total,
      rps: Math.round(requests.average),
      p50Ms: latency.p50,
      p90Ms: latency.p90,
      p99Ms: latency.p99,
      maxMs: latency.max,
      non2xx: result.non2xx,
      cpuPerRequestUs,
      errors: result.errors,
      healthzRps: Math.round(baseline.requests.average),
      healthzP99Ms: baseline.latency.p99,
    }),
  );
  if (result.non2xx > 0 || result.errors > 0) process.exitCode = 1;
} finally {
  roster.stop();
  await emulator.close();
  await rm(dataDir, { recursive: true, force: true });
}
