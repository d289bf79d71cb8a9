// @vitest-environment node
/**
 * The tab in Chromium against Roster as `npm start` runs it (the emulator's demo tenant, not
 * linked yet): an admin links, checks, previews, saves, syncs, browses and reorders; a
 * non-admin is refused. Screenshots of every page, light and dark, go to `test-results/`; any
 * console error fails the test.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRosterDemo, type RosterDemo } from './roster-demo';

const tabsDir = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(tabsDir, 'test-results');
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let demo: RosterDemo | undefined;
let browser: Browser | undefined;
const consoleErrors: string[] = [];
/** Failed API answers the flow expects, each excusing one "Failed to load resource" line. */
const expectedFailures: string[] = [];
let linked = false;

/**
 * Every page of the context reports its console errors and uncaught exceptions. The one
 * failure the flow expects is `GET /api/tenant` answering 404 `tenant_not_linked` before the
 * tenant is linked (the browser logs every failed request, expected or not).
 */
function watchConsole(context: BrowserContext) {
  context.on('page', (page) => {
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (response.status() === 404 && path === '/api/tenant' && !linked) {
        expectedFailures.push(path);
      }
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  });
}

async function newContext(): Promise<BrowserContext> {
  if (browser === undefined) throw new Error('Chromium did not start');
  const context = await browser.newContext({
    // The emulator speaks HTTPS with its own CA, as Entra ID would with a public one.
    ignoreHTTPSErrors: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 860 },
    colorScheme: 'light',
  });
  // The Teams library asks a CDN for Teams' origins when it loads; tests run offline.
  await context.route('https://res.cdn.office.net/**', (route) =>
    route.fulfill({ status: 200, json: { validOrigins: ['teams.microsoft.com'] } }),
  );
  watchConsole(context);
  context.setDefaultTimeout(15_000);
  return context;
}

/** Signs in on the emulator's account picker as the account whose label matches. */
async function signIn(page: Page, account: RegExp) {
  if (demo === undefined) throw new Error('Roster did not start');
  await page.goto(demo.url);
  await page.getByRole('radio', { name: account }).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Light, dark and high-contrast screenshots of what the page shows now. */
async function screenshots(page: Page, name: string) {
  const themes = [
    ['light', { colorScheme: 'light', forcedColors: 'none' }],
    ['dark', { colorScheme: 'dark', forcedColors: 'none' }],
    ['contrast', { colorScheme: 'dark', forcedColors: 'active' }],
  ] as const;
  for (const [theme, media] of themes) {
    await page.emulateMedia(media);
    // The tab follows the browser's preference, as it follows Teams' theme in Teams.
    await page.locator(`[data-theme="${theme}"]`).waitFor();
    await page.screenshot({ path: join(shots, `${name}-${theme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light', forcedColors: 'none' });
}

describe('the Roster tab in a browser', () => {
  beforeAll(async () => {
    await mkdir(shots, { recursive: true });
    await build({ root: tabsDir, logLevel: 'error' });
    demo = await startRosterDemo({ unlinked: true, timeoutMs: 60_000 });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  }, 20_000);

  it('takes an admin from sign-in to a synced, searchable directory, and refuses a non-admin', async () => {
    const context = await newContext();
    const page = await context.newPage();

    // Sign in as the demo admin: an unlinked tenant lands on the Link step.
    await signIn(page, /Morgan Hale.*Global Administrator/);
    await page.waitForURL('**/preferences/integration');
    await screenshots(page, 'integration-unlinked');

    // Link Entra ID Account: admin consent in a popup.
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'Link Entra ID Account' }).click(),
    ]);
    await popup.getByRole('button', { name: 'Accept' }).click();
    await expect
      .poll(() => page.getByText('Thistle & Marten Textiles').first().isVisible(), {
        timeout: 20_000,
      })
      .toBe(true);
    linked = true;
    await screenshots(page, 'integration-linked');

    // Check Connectivity: every step passes.
    const connectivity = page.waitForResponse((r) => r.url().endsWith('/api/tenant/connectivity'));
    await page.getByRole('button', { name: 'Check Connectivity' }).click();
    const report = (await (await connectivity).json()) as { ok: boolean; steps: unknown[] };
    expect(report.ok).toBe(true);
    expect(report.steps.length).toBeGreaterThan(0);

    // Preview unsaved changes: with disabled accounts let in, the shared mailboxes (disabled
    // accounts, as Exchange makes them) are left out by "Exclude shared mailboxes" alone.
    const previewNow = async () => {
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/sync/preview'));
      await page.getByRole('button', { name: 'Preview' }).click();
      const response = await answer;
      expect(response.status()).toBe(200);
      const body = (await response.json()) as { skipReasons: { code: string; count: number }[] };
      return body.skipReasons.find((r) => r.code === 'shared-mailbox')?.count ?? 0;
    };
    const toggle = async (name: string, on: boolean) => {
      const control = page.getByRole('switch', { name });
      await control.click();
      await expect.poll(() => control.isChecked()).toBe(on);
    };
    await toggle('Exclude disabled accounts', false);
    await toggle('Exclude shared mailboxes', false);
    expect(await previewNow()).toBe(0);
    await toggle('Exclude shared mailboxes', true);
    const sharedMailboxes = await previewNow();
    expect(sharedMailboxes).toBeGreaterThan(0);
    await page
      .getByRole('listitem', { name: `Exclude shared mailboxes: ${String(sharedMailboxes)}` })
      .waitFor();
    await screenshots(page, 'integration-preview');
    await toggle('Exclude disabled accounts', true);
    // The presets are back as they were; the sync interval is the change to save.
    await page.getByRole('spinbutton', { name: 'Sync interval (minutes)' }).fill('120');
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/tenant/settings') && r.request().method() === 'PUT',
    );
    await page.getByRole('button', { name: 'Save' }).click();
    expect((await saved).status()).toBe(200);
    await screenshots(page, 'integration-saved');

    // Sync Now from the dashboard, with progress while it runs.
    await page.getByRole('tab', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await expect
      .poll(() => page.getByTestId('tenant-name').textContent())
      .toBe('Thistle & Marten Textiles');
    await page.getByRole('button', { name: 'Sync Now' }).click();
    await page.getByRole('progressbar', { name: 'Sync progress' }).waitFor();
    await screenshots(page, 'dashboard-syncing');
    await page
      .getByRole('progressbar', { name: 'Sync progress' })
      .waitFor({ state: 'detached', timeout: 60_000 });
    await page
      .getByRole('link', { name: /^Run of / })
      .first()
      .waitFor();
    await screenshots(page, 'dashboard');

    // The employees grid, a search, and one employee's details with the reason.
    await page.getByRole('tab', { name: 'Employees' }).click();
    const grid = page.getByRole('grid', { name: 'Employees' });
    await expect.poll(() => grid.getByRole('row').count()).toBeGreaterThan(10);
    await screenshots(page, 'employees');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('employees.csv');
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^id,Display name,/);
    expect(csv.split('\r\n').length).toBeGreaterThan(100);
    await page.getByRole('searchbox').fill('Morgan Hale');
    await expect.poll(() => grid.getByRole('row').count()).toBe(2);
    await grid.getByRole('button', { name: 'Details of Morgan Hale' }).click();
    const reason = page.getByTestId('inclusion-reason');
    await expect.poll(() => reason.textContent()).toContain('Included');
    // Exposed to assistive technology as a named dialog (role queries skip aria-hidden).
    const drawer = page.getByRole('dialog', { name: 'Employee details' });
    await expect.poll(() => drawer.getByTestId('inclusion-reason').count()).toBe(1);
    await screenshots(page, 'employee-details');
    await drawer.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => drawer.count()).toBe(0);

    // Reorder a field: its column moves in the grid.
    const headers = () => grid.getByRole('columnheader').allTextContents();
    // The closing drawer hides the page from the accessibility tree until it is gone.
    await expect.poll(async () => (await headers()).length).toBeGreaterThan(2);
    const before = await headers();
    await page.getByRole('tab', { name: 'Fields' }).click();
    await page
      .getByRole('button', { name: /Move up/ })
      .nth(1)
      .waitFor();
    await screenshots(page, 'fields');
    await page
      .getByRole('button', { name: /Move up/ })
      .nth(1)
      .click();
    const fieldsSaved = page.waitForResponse(
      (r) => r.url().endsWith('/api/tenant/settings') && r.request().method() === 'PUT',
    );
    await page.getByRole('button', { name: 'Save' }).click();
    expect((await fieldsSaved).status()).toBe(200);
    await page.getByRole('tab', { name: 'Employees' }).click();
    await expect.poll(headers).toEqual([before[1], before[0], ...before.slice(2)]);

    // Run details, through the dashboard's list.
    await page.getByRole('tab', { name: 'Dashboard' }).click();
    await page
      .getByRole('link', { name: /^Run of / })
      .first()
      .click();
    await page.getByRole('heading', { name: /^Run of /, level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Changes' }).waitFor();
    await screenshots(page, 'run-details');
    await context.close();

    // A member who is no administrator is refused, with the reason.
    const memberContext = await newContext();
    const member = await memberContext.newPage();
    await signIn(member, /Riley Ashcombe.*Member/);
    await member.getByRole('heading', { name: 'Roster is for administrators' }).waitFor();
    await screenshots(member, 'not-allowed');
    await memberContext.close();

    // Each expected 404 excuses one line the browser logged for it, whatever the order.
    const unexpected = [...consoleErrors];
    for (const _ of expectedFailures) {
      const i = unexpected.findIndex((line) => line.includes('status of 404 (Not Found)'));
      if (i >= 0) unexpected.splice(i, 1);
    }
    expect(unexpected).toEqual([]);
  }, 110_000);
});
