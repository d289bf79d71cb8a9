import type { GraphUser } from '../tenant/tenant-data.js';
import { defaultUserSelect, isCollection, isUserNavigation, userProperty } from './user-schema.js';

/** A directory schema extension property: `extension_<appId without dashes>_<name>`. */
const schemaExtension = /^extension_[0-9a-f]{32}_[A-Za-z0-9_]+$/;

/** A parsed `$select`: the properties to return, and whether the manager link was asked for. */
export interface UserSelection {
  properties: string[];
  manager: boolean;
}

export type SelectResult = { ok: true; selection: UserSelection } | { ok: false; message: string };

/**
 * Parses `$select` for users. Unknown names are refused the way Graph refuses them;
 * `manager` is accepted only where Graph tracks it (`/users/delta`).
 */
export function parseUserSelect(
  raw: string | null,
  options: { allowManager: boolean },
): SelectResult {
  if (raw === null || raw.trim() === '') {
    return { ok: true, selection: { properties: [...defaultUserSelect], manager: false } };
  }
  const properties: string[] = [];
  let manager = false;
  for (const name of raw.split(',').map((part) => part.trim())) {
    if (name === '') continue;
    if (options.allowManager && name === 'manager') {
      manager = true;
      continue;
    }
    if (userProperty(name) === undefined && !schemaExtension.test(name)) {
      const what = isUserNavigation(name) ? 'a structural property' : 'a property';
      return {
        ok: false,
        message: `Parsing OData Select and Expand failed: Could not find ${what} named '${name}' on type 'microsoft.graph.user'.`,
      };
    }
    if (!properties.includes(name)) properties.push(name);
  }
  return { ok: true, selection: { properties, manager } };
}

/**
 * What Graph returns for a non-nullable scalar the tenant data leaves unset. The CSDL makes
 * `deviceEnrollmentLimit` a non-nullable Int32 ("allowed values are 5 or 1000"), so null would
 * break typed clients; 5 is the limit of an ordinary user.
 */
const unsetNonNullable: Readonly<Record<string, unknown>> = { deviceEnrollmentLimit: 5 };

/** The user as Graph returns it for these properties: unset scalars as null, unset collections as []. */
export function projectUser(
  user: GraphUser,
  properties: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of properties) {
    const value = user[name];
    if (value !== undefined) {
      out[name] = value;
      continue;
    }
    const property = userProperty(name);
    // Schema extensions appear only on users that have a value, as in Graph.
    if (property === undefined) continue;
    out[name] = isCollection(property) ? [] : (unsetNonNullable[name] ?? null);
  }
  return out;
}
