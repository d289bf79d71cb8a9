import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand, runCommand, type Output } from '../src/cli/cli.js';
import { defaultTenantSettings } from '../src/domain/settings.js';
import { startHarness, type Harness } from './support/emulator-harness.js';

/** Captures what a command prints. */
function capture(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTty: false };
}

describe('parseCommand', () => {
  it.each([
    [['sync', '--tenant', 'nope'], /--tenant must be a tenant id/],
    [['launch', '--tenant', '23a0b7cf-7b10-4e51-818d-aea50fdfd333'], /unknown command "launch"/],
    [
      ['explain', '--tenant', '23a0b7cf-7b10-4e51-818d-aea50fdfd333'],
      /--user is required|expected string/,
    ],
    [
      ['employees', '--tenant', '23a0b7cf-7b10-4e51-818d-aea50fdfd333', '--format', 'xml'],
      /--format must be json or csv/,
    ],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(message);
  });

  it('refuses an unknown option', () => {
    expect(() => parseCommand(['sync', '--tenant', 'x', '--force'])).toThrow(/--force/);
  });

  it('reads a valid command with its defaults', () => {
    expect(parseCommand(['sync', '--tenant', '23a0b7cf-7b10-4e51-818d-aea50fdfd333'])).toEqual({
      command: 'sync',
      tenant: '23a0b7cf-7b10-4e51-818d-aea50fdfd333',
      full: false,
    });
    expect(parseCommand([])).toBe('help');
    expect(parseCommand(['--help'])).toBe('help');
  });
});

describe('CLI commands against the emulator', () => {
  let h: Harness;
  const run = async (argv: string[]) => {
    const output = capture();
    const command = parseCommand(argv);
    if (command === 'help') throw new Error('unexpected help');
    const code = await runCommand(h.roster, command, output);
    return { code, out: output.stdout.join('\n'), err: output.stderr.join('') };
  };

  beforeAll(async () => {
    h = await startHarness({ users: 60, seed: 21 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('links a tenant after checking connectivity', async () => {
    const result = await run(['link', '--tenant', h.tenantId]);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`Linked ${h.emulator.tenants[0]?.displayName ?? ''}`);
    expect(result.out).toContain('Connectivity OK');
  });

  it('refuses to link a tenant that has not consented, saying so', async () => {
    await h.control('DELETE', `/tenants/${h.tenantId}/consent`);
    try {
      await expect(run(['link', '--tenant', h.tenantId])).rejects.toMatchObject({
        code: 'consent_required',
        message: expect.stringMatching(/AADSTS700016/) as string,
      });
    } finally {
      await h.control('POST', `/tenants/${h.tenantId}/consent`, {});
    }
  });

  it('previews a sync without writing anything', async () => {
    const result = await run(['preview', '--tenant', h.tenantId]);
    const preview = JSON.parse(result.out) as { counts: { add: number; skip: number } };
    expect(preview.counts.add + preview.counts.skip).toBe(60);
    expect(await h.roster.store.employees.count(h.tenantId)).toBe(0);
    expect(await h.roster.store.deltas.get(h.tenantId)).toBeUndefined();
  });

  it('syncs and prints the summary', async () => {
    const result = await run(['sync', '--tenant', h.tenantId]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Sync succeeded \(full round/);
    expect(result.out).toMatch(/added \d+, updated 0, removed 0, held 0/);
    expect(result.out).toMatch(/skipped: .*guest \d+/);
  });

  it('prints the directory as CSV in the configured field order, and as JSON', async () => {
    const csv = (await run(['employees', '--tenant', h.tenantId, '--format', 'csv'])).out.split(
      '\n',
    );
    const labels = defaultTenantSettings().fields.map((f) => f.label);
    expect(csv[0]).toBe(['id', ...labels].join(','));
    expect(csv.length - 1).toBe(await h.roster.store.employees.count(h.tenantId));
    const json = JSON.parse((await run(['employees', '--tenant', h.tenantId])).out) as Record<
      string,
      unknown
    >[];
    expect(json).toHaveLength(csv.length - 1);
    expect(Object.keys(json[0]!).slice(1, 3)).toEqual(
      defaultTenantSettings()
        .fields.slice(0, 2)
        .map((f) => f.key),
    );
  });

  it('explains why a guest is not imported and where an employee’s email came from', async () => {
    const all = await h.roster.store.employees.page(h.tenantId, { limit: 1 });
    const employee = all.items[0]!;
    const included = JSON.parse(
      (await run(['explain', '--tenant', h.tenantId, '--user', employee.id])).out,
    ) as {
      included: boolean;
      email: { source: string };
    };
    expect(included.included).toBe(true);
    expect(included.email.source).toBe(employee.emailSource);

    const guest = await h.control<{ id: string }>('POST', `/tenants/${h.tenantId}/users`, {
      displayName: 'Visiting Auditor',
      userPrincipalName: 'auditor_partner.example#EXT#@thistlemarten.onmicrosoft.com',
      userType: 'Guest',
      mail: 'auditor@partner.example',
      accountEnabled: true,
    });
    const explained = JSON.parse(
      (await run(['explain', '--tenant', h.tenantId, '--user', guest.id])).out,
    ) as { included: boolean; reason: { code: string; text: string } };
    expect(explained.included).toBe(false);
    expect(explained.reason).toMatchObject({ code: 'guest' });
    expect(explained.reason.text).toMatch(/guest/i);
  });

  it('lists runs newest first', async () => {
    const runs = JSON.parse((await run(['runs', '--tenant', h.tenantId])).out) as {
      status: string;
      trigger: string;
    }[];
    expect(runs[0]).toMatchObject({ status: 'succeeded', trigger: 'cli' });
  });

  it('refuses invalid settings from a file, naming the problem, and keeps the old ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'roster-cli-'));
    const file = join(dir, 'settings.json');
    const settings = defaultTenantSettings();
    await writeFile(
      file,
      JSON.stringify({
        ...settings,
        fields: [
          ...settings.fields,
          { key: 'title2', label: 'Title', source: 'jobTitel', enabled: true },
        ],
      }),
    );
    await expect(run(['settings', '--tenant', h.tenantId, '--set', file])).rejects.toMatchObject({
      code: 'invalid_settings',
      message: expect.stringContaining('jobTitel') as string,
    });
    const shown = JSON.parse((await run(['settings', '--tenant', h.tenantId])).out) as unknown;
    expect(shown).toEqual(settings);

    await writeFile(file, JSON.stringify({ ...settings, cleanUp: true }));
    expect((await run(['settings', '--tenant', h.tenantId, '--set', file])).code).toBe(0);
    expect(JSON.parse((await run(['settings', '--tenant', h.tenantId])).out)).toMatchObject({
      cleanUp: true,
    });
  });
});
