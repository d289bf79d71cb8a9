/**
 * The bot end to end in the Microsoft 365 Agents Playground, Teams' stand-in that runs
 * offline: the playground is the Bot Connector and renders the chat in Chromium. Roster runs
 * against the emulator's tenant, the playground's user is that tenant's recorded admin, and
 * the test does what an admin does: install, read the card after a sync, click Sync Now.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  generateTenants,
  startEmulator,
  type GraphUser,
  type RunningEmulator,
} from '@roster/emulator';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { SyncRun } from '../src/ports/store.js';
import { startRoster, type RunningRoster } from '../src/server.js';
import { linkTenant } from '../src/sync/link-tenant.js';

const screenshots = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');
const playgroundCli = createRequire(import.meta.url).resolve(
  '@microsoft/m365agentsplayground/cli.js',
);
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** How long one step may take: the chat renders within a second here. */
const stepMs = 10_000;
/** A rendered Adaptive Card, and the chat message around it, in the playground's page. */
const card = '.ac-adaptiveCard';
const message = '.fai-OutputCard';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A free port on loopback, for Roster and for the playground's UI and connector. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`no ${what}`);
  return value;
}

/** A running playground: its UI's address, and how to stop it. */
interface Playground {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts the playground's CLI against `endpoint` with the configuration in `configFile`, in
 * a process group of its own, and waits until it answers its ping. Its files (log, config)
 * stay in `workDir`.
 */
async function startPlayground(
  endpoint: string,
  configFile: string,
  workDir: string,
): Promise<Playground> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [playgroundCli, '-e', endpoint, '-c', 'msteams', '-p', String(port), '--disable-telemetry'],
    {
      cwd: workDir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        HOME: workDir,
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: configFile,
        M365_AGENTS_PLAYGROUND_LOGFILE: join(workDir, 'playground.log'),
      },
    },
  );
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    const pid = child.pid;
    if (pid === undefined || !running()) return;
    // The playground leads its own group: end it and anything it started.
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-pid, name);
      } catch {
        // Already gone.
      }
    };
    signal('SIGTERM');
    await Promise.race([exited, sleep(3_000)]);
    if (running()) signal('SIGKILL');
  };
  const deadline = Date.now() + 20_000;
  while (running() && Date.now() < deadline) {
    // It says where it listens: on the port asked for, or another when that one is taken.
    const listening = /Listening on (\d+)/.exec(output)?.[1];
    if (listening !== undefined) {
      const url = `http://127.0.0.1:${listening}`;
      try {
        const ping = await fetch(`${url}/_debug/ping`, { signal: AbortSignal.timeout(1_000) });
        if ((await ping.text()).includes('pong')) return { url, stop };
      } catch {
        // Not answering yet.
      }
    }
    await sleep(200);
  }
  await stop();
  throw new Error(`The playground did not answer its ping:\n${output}`);
}

/** A user of the emulator's tenant as the playground's configuration names one. */
function playgroundUser(user: GraphUser, id: string) {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    id,
    name: text(user.displayName),
    userPrincipleName: user.userPrincipalName,
    aadObjectId: user.id,
    givenName: text(user.givenName),
    surname: text(user.surname),
    email: user.userPrincipalName,
  };
}

/** The numbers a summary card shows, read from its text as the admin sees it. */
function shownCounts(text: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const label of ['Added', 'Updated', 'Removed', 'Skipped', 'Held', 'Errors']) {
    const match = new RegExp(`(\\d+)\\s*\\n\\s*${label}\\b`).exec(text);
    if (match?.[1] !== undefined) counts[label] = Number(match[1]);
  }
  return counts;
}

/** The numbers a summary card should show for a run. */
function runCounts(run: SyncRun): Record<string, number> {
  return {
    Added: run.counts.added,
    Updated: run.counts.updated,
    Removed: run.counts.removed,
    Skipped: Object.values(run.counts.skipped).reduce((sum, n) => sum + n, 0),
    Held: run.counts.held,
    Errors: run.errors.length,
  };
}

describe('the bot in the Agents Playground', { timeout: 30_000 }, () => {
  const tenant = required(generateTenants(1, { usersPerTenant: 50, seed: 23 })[0], 'tenant');
  const [adminUser, ...others] = tenant.users;
  if (adminUser === undefined || others.length < 5) throw new Error('too few users generated');

  let workDir = '';
  let emulator: RunningEmulator | undefined;
  let emulatorAgent: Agent | undefined;
  let roster: RunningRoster | undefined;
  let playground: Playground | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let firstRun: SyncRun;

  const rosterOf = () => required(roster, 'Roster');

  /** Calls the emulator's control plane. */
  async function control(method: string, path: string, body: unknown): Promise<void> {
    const response = await fetch(`${required(emulator, 'emulator').url}/_emulator${path}`, {
      method,
      dispatcher: required(emulatorAgent, 'emulator agent'),
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    if (!response.ok) throw new Error(`control ${method} ${path}: ${response.status}`);
  }

  async function shot(name: string): Promise<void> {
    await page.screenshot({ path: join(screenshots, `bot-playground-${name}.png`) });
  }

  /** The run as the store holds it once it has ended. */
  async function endedRun(runId: string): Promise<SyncRun> {
    const deadline = Date.now() + stepMs;
    while (Date.now() < deadline) {
      const run = await rosterOf().roster.store.runs.get(tenant.id, runId);
      if (run !== undefined && run.status !== 'running') return run;
      await sleep(100);
    }
    throw new Error(`run ${runId} did not end in time`);
  }

  beforeAll(async () => {
    await mkdir(screenshots, { recursive: true });
    workDir = await mkdtemp(join(tmpdir(), 'roster-playground-'));
    emulator = await startEmulator({ tenants: [tenant], stateDir: workDir });
    emulatorAgent = new Agent({ connect: { ca: emulator.caCertPem } });
    const config = loadConfig({
      ROSTER_AUTHORITY_HOST: emulator.url,
      ROSTER_GRAPH_BASE_URL: emulator.url,
      ROSTER_CLIENT_ID: emulator.app.clientId,
      ROSTER_CLIENT_SECRET: emulator.app.clientSecret,
      ROSTER_CA_FILE: emulator.caCertPath,
      ROSTER_DATA_DIR: join(workDir, 'roster'),
      // A port of its own, not 0: the bot's links to Roster are built from the configured one.
      ROSTER_PORT: String(await freePort()),
      ROSTER_SCHEDULER: 'off',
    });
    roster = await startRoster(config, pino({ level: 'silent' }));
    const core = roster.roster;
    await linkTenant(
      { store: core.store, directory: core.directory, clock: core.clock },
      tenant.id,
    );
    await core.store.admins.record(tenant.id, {
      userId: adminUser.id,
      name: playgroundUser(adminUser, '').name,
      lastSeenAt: new Date().toISOString(),
    });

    // The playground's chat user is the tenant's admin: its configuration names the tenant
    // and the user's Entra object id, which Roster reads from every activity.
    const playgroundConfig = join(workDir, 'playground.yml');
    // JSON is YAML: the playground reads this file as YAML.
    await writeFile(
      playgroundConfig,
      JSON.stringify({
        version: '0.1.1',
        tenantId: tenant.id,
        bot: { id: 'roster-bot', name: 'Roster' },
        currentUser: playgroundUser(adminUser, 'user-id-0'),
        users: others.slice(0, 5).map((user, i) => playgroundUser(user, `user-id-${i + 1}`)),
        personalChat: { id: 'roster-personal-chat' },
        groupChat: { id: 'roster-group-chat', name: 'Group Chat' },
        team: { id: 'roster-team', name: 'Team', aadGroupId: tenant.id, channels: [] },
      }),
    );
    playground = await startPlayground(`${roster.url}/api/messages`, playgroundConfig, workDir);

    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: chromiumArgs,
      timeout: stepMs,
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    // Offline: whatever the page asks of the internet gets an empty page.
    await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '' }),
    );
    page = await context.newPage();
    page.setDefaultTimeout(stepMs);
    // Opening the page is installing the bot: the playground announces it to the bot.
    await page.goto(playground.url);
  }, 60_000);

  afterAll(async () => {
    if (browser !== undefined) {
      await shot('last').catch(() => undefined);
      await browser.close().catch(() => undefined);
    }
    await playground?.stop();
    await roster?.close();
    await emulatorAgent?.close();
    await emulator?.close();
    if (workDir !== '') await rm(workDir, { recursive: true, force: true });
  }, 20_000);

  it('welcomes the admin once when the playground installs the bot', async () => {
    // The playground announces the install twice (conversationUpdate and installationUpdate).
    const welcome = page.locator(card, { hasText: 'Roster is installed' });
    await expect.poll(() => welcome.count(), { timeout: stepMs }).toBe(1);
    await expect(welcome.innerText()).resolves.toContain(tenant.displayName);
    const saved = await rosterOf().roster.store.conversations.list(tenant.id);
    expect(saved.map((ref) => ref.userId)).toEqual([adminUser.id]);
    await shot('1-installed');
    await expect(page.locator(card).count()).resolves.toBe(1);
  });

  it('posts the summary of a sync with the counts of the run', async () => {
    const started = await rosterOf().launcher.launch(tenant.id, 'manual');
    firstRun = await endedRun(started.id);
    expect(firstRun.counts.added).toBeGreaterThan(0);
    const summary = page.locator(card, { hasText: 'Sync finished' });
    await expect.poll(() => summary.count(), { timeout: stepMs }).toBe(1);
    const text = await summary.innerText();
    expect(text).toContain('Sync Now in Roster');
    expect(shownCounts(text)).toEqual(runCounts(firstRun));
    await summary.scrollIntoViewIfNeeded();
    await shot('2-summary');
    // Marks the message holding the card, to find it again once its card is replaced.
    await summary.evaluate((element, around) => {
      element.closest(around)?.setAttribute('data-roster-test', 'summary');
    }, message);
  });

  it('shows the run going on Sync Now, then the new run in the same message', async () => {
    // One user changes, so the new run's summary differs; Graph answers its delta query
    // slowly, so the card shows the run going long enough to be seen.
    await control('PATCH', `/tenants/${tenant.id}/users/${required(others[0], 'user').id}`, {
      jobTitle: 'Chief Weaver',
    });
    await control('POST', `/tenants/${tenant.id}/faults`, {
      path: '/v1.0/users/delta',
      latencyMs: 4_000,
      times: 1,
    });
    const clicked = page.locator(`${message}[data-roster-test=summary] ${card}`);
    await expect(clicked.count()).resolves.toBe(1);
    const cardsBefore = await page.locator(card).count();
    await clicked.getByRole('button', { name: 'Sync Now' }).click();

    await expect.poll(() => clicked.innerText(), { timeout: stepMs }).toContain('Sync running');
    await shot('3-running');
    const runs = await rosterOf().roster.store.runs.list(tenant.id, { limit: 5 });
    const second = runs.find((run) => run.trigger === 'card');
    if (second === undefined) throw new Error('Sync Now started no run');
    expect(second.id).not.toBe(firstRun.id);
    expect(second.status).toBe('running');
    await expect(clicked.innerText()).resolves.toContain(second.id);
    await expect(clicked.getByRole('button', { name: 'Sync Now' }).count()).resolves.toBe(0);

    const ended = await endedRun(second.id);
    expect(ended.counts).toMatchObject({ added: 0, updated: 1, removed: 0 });
    await expect.poll(() => clicked.innerText(), { timeout: stepMs }).toContain('Sync finished');
    await shot('4-updated');
    const text = await clicked.innerText();
    expect(text).toContain('Sync Now from Teams');
    expect(shownCounts(text)).toEqual(runCounts(ended));
    // Updated in place: no new message, and the running card is gone.
    await expect(page.locator(card).count()).resolves.toBe(cardsBefore);
    await expect(page.locator(card, { hasText: 'Sync running' }).count()).resolves.toBe(0);

    // View details (an Action.OpenUrl, which renders as a link) opens the new run.
    const [popup] = await Promise.all([
      page.waitForEvent('popup', { timeout: stepMs }),
      clicked.getByRole('link', { name: 'View details' }).click(),
    ]);
    await popup.waitForURL((url) => url.href !== 'about:blank', { timeout: stepMs });
    expect(decodeURIComponent(popup.url())).toContain(ended.id);
    await popup.close();
  });
});
