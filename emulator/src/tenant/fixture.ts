/**
 * The `--fixture FILE.json` format: bring-your-own tenants. Structure is checked with zod,
 * then referential integrity (ids that must exist, must be unique, must not loop) by hand, and
 * every problem is reported with its path, e.g. `tenants[0].users[3].id: Required`.
 * docs/tenant-data.md documents the format.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type {
  ExtensionProperty,
  GraphGroup,
  GraphUser,
  MailboxSettings,
  TenantData,
  VerifiedDomain,
} from './tenant-data.js';

const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INITIAL_DOMAIN_SUFFIX = '.onmicrosoft.com';
/** Past this many, the message lists a count instead: a 100,000-line error helps nobody. */
const MAX_LISTED_PROBLEMS = 100;

const userSchema = z.looseObject({
  id: z.string().min(1),
  userPrincipalName: z.string().regex(/^[^@\s]+@[^@\s]+$/, 'must look like name@domain'),
  manager: z
    .object({ id: z.string().min(1) })
    .nullable()
    .optional(),
});

const groupSchema = z.object({
  id: z.string().min(1),
  displayName: z.string(),
  description: z.string().nullable().optional(),
  mail: z.string().nullable().optional(),
  mailEnabled: z.boolean().optional(),
  securityEnabled: z.boolean().optional(),
  groupTypes: z.array(z.string()).default([]),
  members: z.array(z.string()).default([]),
});

const mailboxSettingsSchema = z.object({
  userPurpose: z.enum(['user', 'linked', 'shared', 'room', 'equipment', 'others']),
  timeZone: z.string().optional(),
  language: z.object({ locale: z.string(), displayName: z.string() }).optional(),
});

const extensionPropertySchema = z.object({
  id: z.string().regex(GUID_PATTERN, 'must be a GUID').optional(),
  name: z
    .string()
    .regex(
      /^extension_[0-9a-f]{32}_[A-Za-z0-9_]+$/,
      'must be extension_<app id as 32 lower-case hex digits>_<name>',
    ),
  dataType: z
    .enum(['Binary', 'Boolean', 'DateTime', 'Integer', 'LargeInteger', 'String'])
    .default('String'),
  isMultiValued: z.boolean().default(false),
  isSyncedFromOnPremises: z.boolean().default(false),
  targetObjects: z
    .array(z.enum(['User', 'Group', 'AdministrativeUnit', 'Application', 'Device', 'Organization']))
    .min(1)
    .default(['User']),
  appDisplayName: z.string().default(''),
});

const verifiedDomainSchema = z.object({
  name: z.string().min(1),
  isDefault: z.boolean().default(false),
  isInitial: z.boolean().default(false),
  type: z.string().default('Managed'),
  capabilities: z.string().default('Email, OfficeCommunicationsOnline'),
});

type ParsedUser = z.infer<typeof userSchema>;
type ParsedGroup = z.infer<typeof groupSchema>;
type ParsedDomain = z.infer<typeof verifiedDomainSchema>;
type ParsedExtension = z.infer<typeof extensionPropertySchema>;

const tenantSchema = z
  .strictObject({
    id: z.string().regex(GUID_PATTERN, 'must be a GUID'),
    displayName: z.string().min(1),
    verifiedDomains: z.array(verifiedDomainSchema).optional(),
    users: z.array(userSchema),
    groups: z.array(groupSchema).default([]),
    mailboxSettings: z.record(z.string(), mailboxSettingsSchema).default({}),
    directoryRoles: z
      .record(
        z.string(),
        z.array(z.string().regex(GUID_PATTERN, 'must be a role template id (GUID)')),
      )
      .default({}),
    consented: z.boolean().default(true),
    extensionProperties: z.array(extensionPropertySchema).optional(),
  })
  .superRefine(checkIntegrity);

type ParsedTenant = z.infer<typeof tenantSchema>;

const fixtureSchema = z.strictObject({
  /** Lets editors find a JSON schema; ignored. */
  $schema: z.string().optional(),
  tenants: z.array(tenantSchema).min(1, 'needs at least one tenant'),
});

/** A fixture that failed validation; `problems` holds one `path: message` line each. */
export class FixtureError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[], source?: string) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => `  ${p}`);
    if (problems.length > MAX_LISTED_PROBLEMS) {
      listed.push(`  … and ${problems.length - MAX_LISTED_PROBLEMS} more`);
    }
    const where = source === undefined ? '' : ` ${source}`;
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`Invalid fixture${where} (${count}):\n${listed.join('\n')}`);
    this.name = 'FixtureError';
    this.problems = problems;
  }
}

/** Validates fixture JSON and returns its tenants; throws a FixtureError listing every problem. */
export function parseFixture(json: unknown): TenantData[] {
  return validate(json, undefined);
}

/** Reads, parses and validates a fixture file. */
export async function loadFixture(path: string): Promise<TenantData[]> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FixtureError([`not valid JSON: ${reason}`], path);
  }
  return validate(json, path);
}

function validate(json: unknown, source: string | undefined): TenantData[] {
  const result = fixtureSchema.safeParse(json, {
    // zod's own wording for a missing property is "expected string, received undefined".
    error: (issue) =>
      issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : undefined,
  });
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  // Checked on the raw input so that it is reported even when a tenant is otherwise broken.
  problems.push(...duplicateTenantIds(json));
  if (!result.success || problems.length > 0) throw new FixtureError(problems, source);
  return result.data.tenants.map(toTenantData);
}

/** `['tenants', 0, 'users', 3, 'id']` → `tenants[0].users[3].id`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const name = String(key);
      out += /^[A-Za-z_$][\w$]*$/.test(name)
        ? `${out === '' ? '' : '.'}${name}`
        : `[${JSON.stringify(name)}]`;
    }
  }
  return out === '' ? '(fixture)' : out;
}

function duplicateTenantIds(json: unknown): string[] {
  if (typeof json !== 'object' || json === null || !('tenants' in json)) return [];
  const tenants: unknown = json.tenants;
  if (!Array.isArray(tenants)) return [];
  const firstIndex = new Map<string, number>();
  const problems: string[] = [];
  tenants.forEach((tenant: unknown, i) => {
    if (typeof tenant !== 'object' || tenant === null || !('id' in tenant)) return;
    const id: unknown = tenant.id;
    if (typeof id !== 'string') return;
    const first = firstIndex.get(id.toLowerCase());
    if (first === undefined) firstIndex.set(id.toLowerCase(), i);
    else problems.push(`tenants[${i}].id: duplicate tenant id "${id}" (also tenants[${first}])`);
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Referential integrity of one structurally valid tenant.

type Issue = { path: PropertyKey[]; message: string };

function checkIntegrity(tenant: ParsedTenant, ctx: z.RefinementCtx): void {
  const issues: Issue[] = [
    ...checkUsers(tenant.users),
    ...checkGroups(tenant.groups, tenant.users),
    ...checkKeyedByUser('mailboxSettings', tenant.mailboxSettings, tenant.users),
    ...checkKeyedByUser('directoryRoles', tenant.directoryRoles, tenant.users),
    ...checkDomains(tenant.verifiedDomains, tenant.users),
    ...checkExtensions(tenant.extensionProperties ?? []),
  ];
  for (const issue of issues)
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
}

function checkUsers(users: readonly ParsedUser[]): Issue[] {
  const issues: Issue[] = [];
  const indexById = new Map<string, number>();
  const indexByUpn = new Map<string, number>();
  users.forEach((user, i) => {
    const sameId = indexById.get(user.id);
    if (sameId === undefined) indexById.set(user.id, i);
    else
      issues.push({
        path: ['users', i, 'id'],
        message: `duplicate user id "${user.id}" (also users[${sameId}])`,
      });
    const upn = user.userPrincipalName.toLowerCase();
    const sameUpn = indexByUpn.get(upn);
    if (sameUpn === undefined) indexByUpn.set(upn, i);
    else {
      issues.push({
        path: ['users', i, 'userPrincipalName'],
        message: `duplicate userPrincipalName "${user.userPrincipalName}" (also users[${sameUpn}])`,
      });
    }
  });

  users.forEach((user, i) => {
    const managerId = user.manager?.id;
    if (managerId === undefined) return;
    if (managerId === user.id) {
      issues.push({
        path: ['users', i, 'manager', 'id'],
        message: 'a user cannot be their own manager',
      });
    } else if (!indexById.has(managerId)) {
      issues.push({
        path: ['users', i, 'manager', 'id'],
        message: `no user with id "${managerId}"`,
      });
    }
  });

  // A manager chain that loops would hang anything walking up the org chart. Each loop is
  // reported once, at its first user in file order.
  const state = new Map<string, 'visiting' | 'done'>();
  users.forEach((user, i) => {
    const chain: string[] = [];
    let id: string | undefined = user.id;
    while (id !== undefined && state.get(id) === undefined) {
      state.set(id, 'visiting');
      chain.push(id);
      const index = indexById.get(id);
      const next: string | undefined = index === undefined ? undefined : users[index]?.manager?.id;
      id = next === undefined || next === id || !indexById.has(next) ? undefined : next;
    }
    if (id !== undefined && state.get(id) === 'visiting') {
      const loop = [...chain.slice(chain.indexOf(id)), id];
      issues.push({
        path: ['users', i, 'manager'],
        message: `manager chain loops: ${loop.join(' → ')}`,
      });
    }
    for (const visited of chain) state.set(visited, 'done');
  });
  return issues;
}

function checkGroups(groups: readonly ParsedGroup[], users: readonly ParsedUser[]): Issue[] {
  const issues: Issue[] = [];
  const userIds = new Set(users.map((u) => u.id));
  const groupIndex = new Map<string, number>();
  groups.forEach((group, i) => {
    const same = groupIndex.get(group.id);
    if (same !== undefined) {
      issues.push({
        path: ['groups', i, 'id'],
        message: `duplicate group id "${group.id}" (also groups[${same}])`,
      });
    } else if (userIds.has(group.id)) {
      issues.push({
        path: ['groups', i, 'id'],
        message: `id "${group.id}" is already a user's id`,
      });
    } else {
      groupIndex.set(group.id, i);
    }
  });
  groups.forEach((group, i) => {
    group.members.forEach((member, k) => {
      if (member === group.id) {
        issues.push({
          path: ['groups', i, 'members', k],
          message: 'a group cannot be a member of itself',
        });
      } else if (!userIds.has(member) && !groupIndex.has(member)) {
        issues.push({
          path: ['groups', i, 'members', k],
          message: `no user or group with id "${member}"`,
        });
      }
    });
  });

  // Nesting loops would make transitive membership infinite.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]): string[] | null => {
    const mark = state.get(id);
    if (mark === 'done') return null;
    if (mark === 'visiting') return [...trail.slice(trail.indexOf(id)), id];
    state.set(id, 'visiting');
    const group = groups[groupIndex.get(id) ?? -1];
    for (const member of group?.members ?? []) {
      if (member === id || !groupIndex.has(member)) continue;
      const loop = visit(member, [...trail, id]);
      if (loop !== null) return loop;
    }
    state.set(id, 'done');
    return null;
  };
  groups.forEach((group, i) => {
    if (groupIndex.get(group.id) !== i || state.has(group.id)) return;
    const loop = visit(group.id, []);
    if (loop !== null) {
      issues.push({
        path: ['groups', i, 'members'],
        message: `group nesting loops: ${loop.join(' → ')}`,
      });
      // Everything on the loop is settled so it is not reported again from another start.
      for (const id of loop) state.set(id, 'done');
    }
  });
  return issues;
}

function checkKeyedByUser(
  field: 'mailboxSettings' | 'directoryRoles',
  record: Record<string, unknown>,
  users: readonly ParsedUser[],
): Issue[] {
  const userIds = new Set(users.map((u) => u.id));
  return Object.keys(record)
    .filter((id) => !userIds.has(id))
    .map((id) => ({ path: [field, id], message: `no user with id "${id}"` }));
}

function checkDomains(
  domains: readonly ParsedDomain[] | undefined,
  users: readonly ParsedUser[],
): Issue[] {
  if (domains === undefined) return [];
  const issues: Issue[] = [];
  const names = new Map<string, number>();
  domains.forEach((domain, i) => {
    const name = domain.name.toLowerCase();
    const same = names.get(name);
    if (same === undefined) names.set(name, i);
    else
      issues.push({
        path: ['verifiedDomains', i, 'name'],
        message: `duplicate domain "${domain.name}" (also verifiedDomains[${same}])`,
      });
  });
  const defaults = domains.filter((d) => d.isDefault).length;
  if (defaults !== 1) {
    issues.push({
      path: ['verifiedDomains'],
      message: `exactly one domain must have isDefault: true (found ${defaults})`,
    });
  }
  const initials = domains.filter((d) => d.isInitial).length;
  if (initials > 1) {
    issues.push({
      path: ['verifiedDomains'],
      message: `at most one domain may have isInitial: true (found ${initials})`,
    });
  }
  users.forEach((user, i) => {
    const domain = upnDomain(user.userPrincipalName);
    if (!names.has(domain)) {
      issues.push({
        path: ['users', i, 'userPrincipalName'],
        message: `domain "${domain}" is not one of the tenant's verifiedDomains`,
      });
    }
  });
  return issues;
}

function checkExtensions(extensions: readonly ParsedExtension[]): Issue[] {
  const issues: Issue[] = [];
  const names = new Map<string, number>();
  extensions.forEach((extension, i) => {
    const name = extension.name.toLowerCase();
    const same = names.get(name);
    if (same === undefined) names.set(name, i);
    else
      issues.push({
        path: ['extensionProperties', i, 'name'],
        message: `duplicate extension "${extension.name}" (also extensionProperties[${same}])`,
      });
  });
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Conversion to the emulator's shapes (zod's optional output types carry `| undefined`, which
// exactOptionalPropertyTypes keeps apart from "absent").

function toTenantData(tenant: ParsedTenant): TenantData {
  const mailboxSettings: Record<string, MailboxSettings> = {};
  for (const [id, settings] of Object.entries(tenant.mailboxSettings)) {
    const converted: MailboxSettings = { userPurpose: settings.userPurpose };
    if (settings.timeZone !== undefined) converted.timeZone = settings.timeZone;
    if (settings.language !== undefined) converted.language = { ...settings.language };
    mailboxSettings[id] = converted;
  }
  return {
    id: tenant.id.toLowerCase(),
    displayName: tenant.displayName,
    verifiedDomains:
      tenant.verifiedDomains?.map((d): VerifiedDomain => ({ ...d })) ??
      domainsFromUsers(tenant.users, tenant.displayName),
    users: tenant.users.map(toUser),
    groups: tenant.groups.map(toGroup),
    mailboxSettings,
    directoryRoles: { ...tenant.directoryRoles },
    consented: tenant.consented,
    ...(tenant.extensionProperties === undefined
      ? {}
      : {
          extensionProperties: tenant.extensionProperties.map((e) =>
            toExtension(e, tenant.id.toLowerCase()),
          ),
        }),
  };
}

/** An extension definition; without an id it gets one derived from tenant and name, so reloads agree. */
function toExtension(parsed: ParsedExtension, tenantId: string): ExtensionProperty {
  const hex = createHash('sha256').update(`${tenantId}/${parsed.name}`).digest('hex');
  const derived = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return {
    id: parsed.id?.toLowerCase() ?? derived,
    name: parsed.name,
    dataType: parsed.dataType,
    isMultiValued: parsed.isMultiValued,
    isSyncedFromOnPremises: parsed.isSyncedFromOnPremises,
    targetObjects: [...parsed.targetObjects],
    appDisplayName: parsed.appDisplayName,
  };
}

function toUser(parsed: ParsedUser): GraphUser {
  const { manager, ...rest } = parsed;
  const user: GraphUser = { ...rest, id: parsed.id, userPrincipalName: parsed.userPrincipalName };
  if (manager !== undefined) user.manager = manager === null ? null : { id: manager.id };
  return user;
}

function toGroup(parsed: ParsedGroup): GraphGroup {
  const unified = parsed.groupTypes.includes('Unified');
  const group: GraphGroup = {
    id: parsed.id,
    displayName: parsed.displayName,
    mailEnabled: parsed.mailEnabled ?? unified,
    securityEnabled: parsed.securityEnabled ?? !unified,
    groupTypes: parsed.groupTypes,
    members: parsed.members,
  };
  if (parsed.description !== undefined) group.description = parsed.description;
  if (parsed.mail !== undefined) group.mail = parsed.mail;
  return group;
}

function upnDomain(userPrincipalName: string): string {
  return userPrincipalName.slice(userPrincipalName.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * verifiedDomains when a fixture leaves them out: every UPN domain; the most used custom one is
 * the default, and an onmicrosoft.com one (made up from the default if none is used) is initial.
 */
function domainsFromUsers(users: readonly ParsedUser[], displayName: string): VerifiedDomain[] {
  const counts = new Map<string, number>();
  for (const user of users) {
    const domain = upnDomain(user.userPrincipalName);
    counts.set(domain, (counts.get(domain) ?? 0) + 1);
  }
  const names = [...counts.keys()];
  let defaultName: string | undefined;
  for (const name of names) {
    if (name.endsWith(INITIAL_DOMAIN_SUFFIX)) continue;
    if (defaultName === undefined || (counts.get(name) ?? 0) > (counts.get(defaultName) ?? 0))
      defaultName = name;
  }
  let initialName = names.find((name) => name.endsWith(INITIAL_DOMAIN_SUFFIX));
  if (initialName === undefined) {
    const label = (defaultName ?? displayName).split('.')[0] ?? '';
    initialName = `${
      label
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '')
        .slice(0, 27) || 'tenant'
    }${INITIAL_DOMAIN_SUFFIX}`;
    names.push(initialName);
  }
  const chosenDefault = defaultName ?? initialName;
  return names.map((name) => ({
    capabilities: 'Email, OfficeCommunicationsOnline',
    isDefault: name === chosenDefault,
    isInitial: name === initialName,
    name,
    type: 'Managed',
  }));
}
