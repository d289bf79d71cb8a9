import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoAppRegistration } from '../src/identity/app-registration.js';
import type { RunningEmulator } from '../src/start-emulator.js';
import { generateTenants } from '../src/tenant/generate-tenant.js';
import { graphClient, graphToken, msalClient, trustingAgent } from './support/sdk-clients.js';

const emulatorDir = fileURLToPath(new URL('..', import.meta.url));
const cliPath = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

/** How long a child may take to print its first line or to exit. */
const startTimeoutMs = 20_000;
const exitTimeoutMs = 10_000;

/** What the CLI prints as its first stdout line. */
interface Announcement {
  url: string;
  caCertPath: string;
  app: { clientId: string; clientSecret: string };
  tenants: { id: string; displayName: string; users: number }[];
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A CLI child process and everything it has written so far. */
interface CliChild {
  process: ChildProcessByStdio<null, Readable, Readable>;
  /** `test` children are stopped after each test; `suite` ones by their describe's afterAll. */
  scope: 'test' | 'suite';
  stdout(): string;
  stderr(): string;
  /** Resolves once the child has exited, whatever the reason. */
  exited: Promise<Exit>;
}

const children = new Set<CliChild>();

/** Runs `node --import tsx src/cli.ts ...args`, as `npm run emulator --` does. */
function runCli(args: string[], scope: CliChild['scope'] = 'test'): CliChild {
  const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], {
    cwd: emulatorDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const cli: CliChild = {
    process: child,
    scope,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
  };
  children.add(cli);
  void exited.finally(() => children.delete(cli)).catch(() => undefined);
  return cli;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what()}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The child's exit, bounded by a timeout. */
function exitOf(cli: CliChild): Promise<Exit> {
  return withTimeout(cli.exited, exitTimeoutMs, () => `the CLI did not exit\n${cli.stderr()}`);
}

/** The first line the child prints on stdout; fails if it exits or stays silent first. */
async function firstLine(cli: CliChild): Promise<string> {
  const line = new Promise<string>((resolve, reject) => {
    const check = () => {
      const end = cli.stdout().indexOf('\n');
      if (end >= 0) {
        cli.process.stdout.off('data', check);
        resolve(cli.stdout().slice(0, end));
      }
    };
    cli.process.stdout.on('data', check);
    check();
    void cli.exited.then(
      (exit) => reject(new Error(`the CLI exited (${String(exit.code)}) first:\n${exit.stderr}`)),
      reject,
    );
  });
  return withTimeout(line, startTimeoutMs, () => `no first line\n${cli.stderr()}`);
}

/** Stops a child that is still running: SIGTERM, then SIGKILL if it ignores it. */
async function stop(cli: CliChild): Promise<void> {
  if (cli.process.exitCode !== null || cli.process.signalCode !== null) return;
  cli.process.kill('SIGTERM');
  try {
    await exitOf(cli);
  } catch {
    cli.process.kill('SIGKILL');
    await cli.exited;
  }
}

/** The parts of a RunningEmulator the SDK helpers use, built from the CLI's announcement. */
function emulatorFrom(announcement: Announcement): RunningEmulator {
  return {
    url: announcement.url,
    caCertPath: announcement.caCertPath,
    caCertPem: readFileSync(announcement.caCertPath, 'utf8'),
    app: demoAppRegistration({
      clientId: announcement.app.clientId,
      clientSecret: announcement.app.clientSecret,
    }),
    tenants: announcement.tenants,
    close: () => Promise.resolve(),
  };
}

let tempDir: string;
beforeAll(async () => {
  tempDir = await mkdtemp(join(tmpdir(), 'roster-cli-test-'));
});
afterEach(async () => {
  await Promise.all([...children].filter((cli) => cli.scope === 'test').map(stop));
});
afterAll(async () => {
  await Promise.all([...children].map(stop));
  await rm(tempDir, { recursive: true, force: true });
});

describe('the emulator CLI, started with --users 50 --seed 3', () => {
  let cli: CliChild;
  let line: string;
  let announcement: Announcement;
  let stateDir: string;
  let agent: Agent | undefined;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tempDir, 'state-'));
    cli = runCli(['--users', '50', '--seed', '3', '--state-dir', stateDir], 'suite');
    line = await firstLine(cli);
    announcement = JSON.parse(line) as Announcement;
  }, startTimeoutMs + 5_000);
  afterAll(async () => {
    await agent?.close();
    await stop(cli);
  });

  it('prints one JSON object with url, caCertPath, app and tenants as its first stdout line', () => {
    expect(Object.keys(announcement).sort()).toEqual(['app', 'caCertPath', 'tenants', 'url']);
    expect(announcement.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(announcement.app).sort()).toEqual(['clientId', 'clientSecret']);
    expect(announcement.app.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(announcement.app.clientSecret.length).toBeGreaterThanOrEqual(16);
  });

  it('announces the one generated tenant of 50 users that --seed 3 makes', () => {
    const expected = generateTenants(1, { usersPerTenant: 50, seed: 3 })[0]!;
    expect(announcement.tenants).toEqual([
      { id: expected.id, displayName: expected.displayName, users: 50 },
    ]);
  });

  it('writes the CA certificate to the file it names, inside --state-dir', () => {
    expect(announcement.caCertPath).toBe(join(stateDir, 'emulator-ca.pem'));
    expect(existsSync(announcement.caCertPath)).toBe(true);
    expect(readFileSync(announcement.caCertPath, 'utf8')).toMatch(
      /^-----BEGIN CERTIFICATE-----\r?\n/,
    );
  });

  it('issues a Graph token to real MSAL using the announced url, CA and client secret', async () => {
    const emulator = emulatorFrom(announcement);
    agent = trustingAgent(emulator);
    const result = await msalClient(
      emulator,
      announcement.tenants[0]!.id,
      agent,
    ).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    const [, payload] = result!.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as {
      tid: string;
      appid: string;
    };
    expect(claims.tid).toBe(announcement.tenants[0]!.id);
    expect(claims.appid).toBe(announcement.app.clientId);
  });

  it('serves the 50 users to the real Graph client', async () => {
    const emulator = emulatorFrom(announcement);
    agent ??= trustingAgent(emulator);
    const tid = announcement.tenants[0]!.id;
    const token = await graphToken(emulator, tid, agent);
    const client = graphClient(emulator, agent, () => Promise.resolve(token));
    const page = (await client.api('/users').select('id').top(999).get()) as { value: unknown[] };
    expect(page.value).toHaveLength(50);
  });

  it('tells a person on stderr where it listens and how to stop it', () => {
    expect(cli.stderr()).toContain(`Roster emulator listening on ${announcement.url}`);
    expect(cli.stderr()).toContain('Press Ctrl+C to stop.');
  });
});

describe('the emulator CLI, run and stopped', () => {
  it('exits 0 when sent SIGTERM as soon as it has printed its first line', async () => {
    const cli = runCli(['--users', '5', '--state-dir', await mkdtemp(join(tempDir, 'state-'))]);
    await firstLine(cli);
    cli.process.kill('SIGTERM');
    const exit = await exitOf(cli);
    expect(exit.code).toBe(0);
  }, 30_000);

  it('rejects --users abc: exits non-zero, names --users on stderr and prints nothing on stdout', async () => {
    const exit = await exitOf(runCli(['--users', 'abc']));
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(exit.stderr).toContain('--users must be a number');
    expect(exit.stdout).toBe('');
  }, 30_000);

  it('rejects an unknown option, naming it on stderr', async () => {
    const exit = await exitOf(runCli(['--userz', '10']));
    expect(exit.code).not.toBe(0);
    expect(exit.stderr).toContain('--userz');
    expect(exit.stdout).toBe('');
  }, 30_000);

  it('prints usage on --help and exits 0', async () => {
    const exit = await exitOf(runCli(['--help']));
    expect(exit.code).toBe(0);
    expect(exit.stdout).toMatch(/^Usage: /);
    for (const option of ['--users', '--seed', '--fixture', '--port', '--help'])
      expect(exit.stdout).toContain(option);
  }, 30_000);

  it('refuses a fixture that is not valid, listing the problem, without starting', async () => {
    const path = join(tempDir, 'broken.json');
    await writeFile(path, JSON.stringify({ tenants: [{ id: 'not-a-guid', displayName: 'X' }] }));
    const exit = await exitOf(runCli(['--fixture', path]));
    expect(exit.code).not.toBe(0);
    expect(exit.stderr).toContain('Invalid fixture');
    expect(exit.stderr).toContain('tenants[0].id: must be a GUID');
    expect(exit.stdout).toBe('');
  }, 30_000);
});

describe('the emulator CLI with --fixture', () => {
  const tenantId = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
  const users = [
    {
      id: '2f8e0c1d-7a6b-4c5d-9e8f-0a1b2c3d4e5f',
      userPrincipalName: 'admin@alderfinch.example',
      displayName: 'Morgan Hale',
      mail: 'admin@alderfinch.example',
      accountEnabled: true,
      manager: null,
    },
    {
      id: '8c7b6a59-4e3d-4c2b-8a19-f0e1d2c3b4a5',
      userPrincipalName: 'zoe.muller@alderfinch.example',
      displayName: 'Zoë Müller',
      mail: 'zoe.muller@alderfinch.example',
      accountEnabled: true,
      manager: { id: '2f8e0c1d-7a6b-4c5d-9e8f-0a1b2c3d4e5f' },
    },
    {
      id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      userPrincipalName: 'jane.doe_partner.example#EXT#@alderfinch.onmicrosoft.com',
      displayName: 'Jane Doe',
      mail: 'jane.doe@partner.example',
      userType: 'Guest',
    },
  ];
  const fixture = {
    tenants: [
      {
        id: tenantId,
        displayName: 'Alder & Finch Logistics',
        verifiedDomains: [
          { name: 'alderfinch.example', isDefault: true },
          { name: 'alderfinch.onmicrosoft.com', isInitial: true },
        ],
        users,
        mailboxSettings: { [users[0]!.id]: { userPurpose: 'user' } },
      },
    ],
  };

  let cli: CliChild;
  let announcement: Announcement;
  let agent: Agent;
  let emulator: RunningEmulator;

  beforeAll(async () => {
    const path = join(tempDir, 'fixture.json');
    await writeFile(path, JSON.stringify(fixture));
    const stateDir = await mkdtemp(join(tempDir, 'state-'));
    cli = runCli(['--fixture', path, '--state-dir', stateDir, '--no-throttling'], 'suite');
    announcement = JSON.parse(await firstLine(cli)) as Announcement;
    emulator = emulatorFrom(announcement);
    agent = trustingAgent(emulator);
  }, startTimeoutMs + 5_000);
  afterAll(async () => {
    await agent.close();
    await stop(cli);
  });

  it("announces the fixture's tenant with its id, name and user count", () => {
    expect(announcement.tenants).toEqual([
      { id: tenantId, displayName: 'Alder & Finch Logistics', users: 3 },
    ]);
  });

  it("serves exactly the fixture's users through Graph", async () => {
    const token = await graphToken(emulator, tenantId, agent);
    const client = graphClient(emulator, agent, () => Promise.resolve(token));
    const page = (await client
      .api('/users')
      .select(['id', 'userPrincipalName', 'displayName'])
      .get()) as { value: { id: string; userPrincipalName: string; displayName: string }[] };
    expect(page.value.map((u) => u.userPrincipalName).sort()).toEqual(
      users.map((u) => u.userPrincipalName).sort(),
    );
    expect(page.value.find((u) => u.id === users[1]!.id)?.displayName).toBe('Zoë Müller');
  });

  it("serves the fixture's organization and its manager links", async () => {
    const token = await graphToken(emulator, tenantId, agent);
    const client = graphClient(emulator, agent, () => Promise.resolve(token));
    const org = (await client.api('/organization').get()) as { value: { id: string }[] };
    expect(org.value[0]!.id).toBe(tenantId);
    const manager = (await client.api(`/users/${users[1]!.id}/manager`).select('id').get()) as {
      id: string;
    };
    expect(manager.id).toBe(users[0]!.id);
  });
});
