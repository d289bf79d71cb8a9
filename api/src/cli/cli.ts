import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AppError } from '../app-error.js';
import { ConfigError, loadConfig } from '../config.js';
import { tenantSettingsSchema } from '../domain/settings.js';
import { createRoster, type Roster } from '../main.js';
import { StoreConflict } from '../ports/store.js';
import { explainUser } from '../sync/explain-user.js';
import { linkTenant } from '../sync/link-tenant.js';
import { previewSync } from '../sync/preview-sync.js';
import { runDirectorySync } from '../sync/run-directory-sync.js';
import { loadSettings } from '../sync/tenant-settings.js';
import { csvLine } from './csv.js';

const usage = `Usage: npm run cli -- <command> [options]

Commands:
  link --tenant <id>                 Check connectivity (client credentials + /organization)
                                     and link the tenant with default settings.
  sync --tenant <id> [--full]        Run a sync now; prints the summary. Exits 1 if it fails.
  preview --tenant <id>              Dry run: what a sync would add, update, remove, skip, hold.
  explain --tenant <id> --user <id|upn>
                                     Why a user is or is not imported, and which email was chosen.
  employees --tenant <id> [--format json|csv]
                                     The directory, in the configured field order.
  runs --tenant <id> [--limit N]     Recent syncs, newest first.
  settings --tenant <id> [--set FILE.json]
                                     Print the tenant's settings, or replace them from a file.

Configuration comes from the environment or .env (ROSTER_CLIENT_ID, ROSTER_CLIENT_SECRET,
ROSTER_AUTHORITY_HOST, ROSTER_GRAPH_BASE_URL, ROSTER_CA_FILE, ROSTER_DATA_DIR, ...).
`;

const tenantId = z.uuid('--tenant must be a tenant id (a GUID)');
const commandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('link'), tenant: tenantId }),
  z.object({ command: z.literal('sync'), tenant: tenantId, full: z.boolean().default(false) }),
  z.object({ command: z.literal('preview'), tenant: tenantId }),
  z.object({
    command: z.literal('explain'),
    tenant: tenantId,
    user: z.string().min(1, '--user is required'),
  }),
  z.object({
    command: z.literal('employees'),
    tenant: tenantId,
    format: z.enum(['json', 'csv'], { error: '--format must be json or csv' }).default('json'),
  }),
  z.object({
    command: z.literal('runs'),
    tenant: tenantId,
    limit: z.coerce.number().int().min(1).max(1000).default(20),
  }),
  z.object({ command: z.literal('settings'), tenant: tenantId, set: z.string().min(1).optional() }),
]);
type Command = z.infer<typeof commandSchema>;

/** What a command prints; written by `main` so tests can call `runCommand` directly. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  readonly isTty: boolean;
}

/** Parses argv into a command; throws AppError('invalid_arguments') listing every problem. */
export function parseCommand(argv: readonly string[]): Command | 'help' {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      tenant: { type: 'string' },
      user: { type: 'string' },
      full: { type: 'boolean' },
      format: { type: 'string' },
      limit: { type: 'string' },
      set: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true || positionals.length === 0) return 'help';
  const parsed = commandSchema.safeParse({ ...values, command: positionals[0] });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      issue.path[0] === 'command' ? `unknown command "${positionals[0] ?? ''}"` : issue.message,
    );
    throw new AppError('invalid_arguments', 400, problems.join('\n'));
  }
  return parsed.data;
}

/** Runs one command against a composed Roster; returns the process exit code. */
export async function runCommand(
  roster: Roster,
  command: Command,
  output: Output,
): Promise<number> {
  const deps = {
    store: roster.store,
    directory: roster.directory,
    clock: roster.clock,
    runHistoryDays: roster.config.runHistoryDays,
  };
  switch (command.command) {
    case 'link': {
      const tenant = await linkTenant(deps, command.tenant);
      output.out(`Linked ${tenant.displayName} (${tenant.tenantId}). Connectivity OK.`);
      return 0;
    }
    case 'sync': {
      const run = await runDirectorySync(deps, {
        tenantId: command.tenant,
        trigger: 'cli',
        full: command.full,
        onProgress: ({ pages, users }) => {
          if (output.isTty)
            output.err(`\r  read ${users.toLocaleString('en')} users in ${pages} pages`);
        },
      });
      if (output.isTty) output.err('\n');
      const skipped = Object.entries(run.counts.skipped)
        .map(([code, n]) => `${code} ${n}`)
        .join(', ');
      output.out(
        [
          `Sync ${run.status} (${run.round} round, ${run.id})`,
          `  added ${run.counts.added}, updated ${run.counts.updated}, removed ${run.counts.removed}, held ${run.counts.held}, unchanged ${run.counts.unchanged}`,
          `  skipped: ${skipped === '' ? 'none' : skipped}`,
          ...(run.heldBecause === null ? [] : [`  held: ${run.heldBecause}`]),
          ...run.errors.map((e) => `  error: ${e}`),
        ].join('\n'),
      );
      return run.status === 'failed' || run.status === 'partial' ? 1 : 0;
    }
    case 'preview': {
      const preview = await previewSync(deps, command.tenant);
      output.out(JSON.stringify(preview, null, 2));
      return 0;
    }
    case 'explain': {
      output.out(JSON.stringify(await explainUser(deps, command.tenant, command.user), null, 2));
      return 0;
    }
    case 'employees':
      return printEmployees(roster, command.tenant, command.format, output);
    case 'runs': {
      const runs = await roster.store.runs.list(command.tenant, { limit: command.limit });
      output.out(JSON.stringify(runs, null, 2));
      return 0;
    }
    case 'settings':
      return settingsCommand(roster, command.tenant, command.set, output);
  }
}

async function printEmployees(
  roster: Roster,
  tenantId: string,
  format: 'json' | 'csv',
  output: Output,
): Promise<number> {
  const tenant = await roster.store.tenants.get(tenantId);
  if (tenant === undefined)
    throw new AppError('tenant_not_linked', 404, `Tenant ${tenantId} is not linked.`);
  const fields = loadSettings(tenant.settings).fields.filter((f) => f.enabled);
  if (format === 'csv') output.out(csvLine(['id', ...fields.map((f) => f.label)]));
  let after: string | undefined;
  let first = true;
  if (format === 'json') output.out('[');
  do {
    const page = await roster.store.employees.page(tenantId, {
      limit: 1000,
      ...(after === undefined ? {} : { after }),
    });
    for (const e of page.items) {
      if (format === 'csv') {
        output.out(csvLine([e.id, ...fields.map((f) => e.fields[f.key] ?? null)]));
      } else {
        const ordered = Object.fromEntries(fields.map((f) => [f.key, e.fields[f.key] ?? null]));
        output.out(
          `${first ? '' : ','}${JSON.stringify({ id: e.id, ...ordered, emailSource: e.emailSource, aliases: e.aliases })}`,
        );
        first = false;
      }
    }
    after = page.next;
  } while (after !== undefined);
  if (format === 'json') output.out(']');
  return 0;
}

async function settingsCommand(
  roster: Roster,
  tenantId: string,
  file: string | undefined,
  output: Output,
): Promise<number> {
  const tenant = await roster.store.tenants.get(tenantId);
  if (tenant === undefined)
    throw new AppError('tenant_not_linked', 404, `Tenant ${tenantId} is not linked.`);
  if (file === undefined) {
    output.out(JSON.stringify(loadSettings(tenant.settings), null, 2));
    return 0;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new AppError('invalid_settings', 400, `Cannot read ${file} as JSON: ${String(error)}`);
  }
  const parsed = tenantSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError(
      'invalid_settings',
      400,
      `The settings in ${file} are invalid:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  }
  await roster.store.tenants.save({ ...tenant, settings: parsed.data }, tenant.version);
  output.out(`Settings of ${tenant.displayName} saved. The next sync reads every user again.`);
  return 0;
}

/** The process entry: parse, compose, run, close; every failure becomes a message and an exit code. */
export async function main(argv: readonly string[], output: Output): Promise<number> {
  let command: Command | 'help';
  try {
    command = parseCommand(argv);
  } catch (error) {
    output.err(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return 2;
  }
  if (command === 'help') {
    output.out(usage);
    return 0;
  }
  let roster: Roster;
  try {
    roster = await createRoster(loadConfig());
  } catch (error) {
    output.err(error instanceof ConfigError ? error.message : `Cannot start: ${String(error)}`);
    return 2;
  }
  try {
    return await runCommand(roster, command, output);
  } catch (error) {
    if (error instanceof AppError || error instanceof StoreConflict) {
      output.err(`${error.message} [${error.code}]`);
      return 1;
    }
    throw error;
  } finally {
    await roster.close();
  }
}
