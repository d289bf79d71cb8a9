import { contentHash } from './content-hash.js';
import { userFilter } from './filters.js';
import { attributePath, readAttribute } from './graph-user-attributes.js';
import type { Incoming } from './plan.js';
import { resolveEmail } from './resolve-email.js';
import { emailFieldKey, type TenantSettings } from './settings.js';
import type { SourceUser, UserFacts } from './source-user.js';

/** Maps one Graph user to what a round delivers to the planner. */
export type UserMapper = (user: SourceUser, facts: UserFacts) => Incoming;

/**
 * Prepares a tenant's settings once per round: the filters compiled, the enabled fields
 * listed. The mapper turns a Graph user into an employee with its mapped fields and resolved
 * email, or a skip with the reason an admin will read.
 */
export function employeeMapper(settings: TenantSettings): UserMapper {
  const filter = userFilter(settings.filters);
  // Paths parsed once per round, not once per user and field.
  const fields = settings.fields
    .filter((field) => field.enabled)
    .map((field) => ({ key: field.key, path: attributePath(field.source) }));
  return (user, facts) => {
    const decision = filter.decide(user, facts);
    if (!decision.include) return { kind: 'skipped', id: user.id, reason: decision.reason };
    const email = resolveEmail(user, settings.email);
    if (email.email === null) return { kind: 'skipped', id: user.id, reason: email.reason };

    const mapped: Record<string, string | null> = {};
    for (const field of fields) {
      mapped[field.key] =
        field.key === emailFieldKey ? email.email : readAttribute(user, field.path);
    }
    const body = {
      email: email.email,
      emailSource: email.source,
      aliases: email.aliases,
      fields: mapped,
    };
    return { kind: 'employee', employee: { id: user.id, ...body, hash: contentHash(body) } };
  };
}

/** One user mapped with the tenant's settings (prepares them each call: use `employeeMapper` in loops). */
export function toIncoming(user: SourceUser, facts: UserFacts, settings: TenantSettings): Incoming {
  return employeeMapper(settings)(user, facts);
}
