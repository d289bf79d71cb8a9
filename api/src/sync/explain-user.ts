import { decide } from '../domain/filters.js';
import { toIncoming } from '../domain/map-employee.js';
import { resolveEmail } from '../domain/resolve-email.js';
import { graphSelect, needs } from '../domain/select-attributes.js';
import { AppError, notLinked } from '../app-error.js';
import type { DirectoryConnector } from '../ports/directory-source.js';
import type { RosterStore } from '../ports/store.js';
import type { Employee, SkipReason } from '../domain/employee.js';
import { readRoundFacts, pageMailboxPurposes, userFacts } from './mapped-rounds.js';
import { loadSettings } from './tenant-settings.js';

export interface Explanation {
  readonly userId: string;
  readonly displayName: string | null;
  /** Whether the settings import this user. */
  readonly included: boolean;
  /** Why not, when not: the rule that decided. */
  readonly reason: SkipReason | null;
  readonly email: { address: string; source: string; aliases: readonly string[] } | null;
  /** What the next sync would store for the user. */
  readonly employee: Employee | null;
  /** What is stored now. */
  readonly stored: Employee | null;
}

/** Why one user is or is not in the directory, and which email was chosen from where. */
export async function explainUser(
  deps: { store: RosterStore; directory: DirectoryConnector },
  tenantId: string,
  idOrUpn: string,
): Promise<Explanation> {
  const tenant = await deps.store.tenants.get(tenantId);
  if (tenant === undefined) throw notLinked(tenantId);
  const settings = loadSettings(tenant.settings);
  const source = deps.directory.connect(tenantId);
  const user = await source.user(idOrUpn, graphSelect(settings), needs(settings).manager);
  if (user === undefined) {
    throw new AppError(
      'user_not_found',
      404,
      `Entra ID has no user ${idOrUpn} in tenant ${tenantId}.`,
    );
  }
  const roundFacts = await readRoundFacts(source, settings);
  const facts = userFacts(
    user,
    roundFacts,
    await pageMailboxPurposes(source, settings, [user], roundFacts),
  );
  const decision = decide(user, facts, settings);
  const email = resolveEmail(user, settings.email);
  const incoming = toIncoming(user, facts, settings);
  const [stored] = await deps.store.employees.getMany(tenantId, [user.id]);
  return {
    userId: user.id,
    displayName: typeof user['displayName'] === 'string' ? user['displayName'] : null,
    included: incoming.kind === 'employee',
    reason:
      incoming.kind === 'skipped' ? incoming.reason : decision.include ? null : decision.reason,
    email:
      email.email === null
        ? null
        : { address: email.email, source: email.source, aliases: email.aliases },
    employee: incoming.kind === 'employee' ? incoming.employee : null,
    stored: stored ?? null,
  };
}
