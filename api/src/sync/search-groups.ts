import { notLinked } from '../app-error.js';
import type { DirectoryConnector, DirectoryGroup } from '../ports/directory-source.js';
import type { RosterStore } from '../ports/store.js';
import { stepPermissions } from './check-connectivity.js';
import { directoryFailure } from './directory-failure.js';

/**
 * The group picker of the filters: a linked tenant's groups whose display name starts with
 * `prefix` (ignoring case), at most `limit`, by name. The prefix is plain text all the way to
 * the Graph source, which alone encodes it for OData.
 */
export async function searchGroups(
  deps: { store: RosterStore; directory: DirectoryConnector },
  tenantId: string,
  prefix: string,
  limit: number,
): Promise<DirectoryGroup[]> {
  if ((await deps.store.tenants.get(tenantId)) === undefined) throw notLinked(tenantId);
  let groups: DirectoryGroup[];
  try {
    groups = await deps.directory.connect(tenantId).searchGroups(prefix, limit);
  } catch (error) {
    throw directoryFailure(error, 'the groups', stepPermissions.groups);
  }
  return [...groups].sort(
    (a, b) => a.displayName.localeCompare(b.displayName) || (a.id < b.id ? -1 : 1),
  );
}
