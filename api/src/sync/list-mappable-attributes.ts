import {
  catalogAttributes,
  extensionAttributes,
  type MappableAttribute,
} from '../domain/mappable-attributes.js';
import { notLinked } from '../app-error.js';
import { DirectoryError, type DirectoryConnector } from '../ports/directory-source.js';
import type { RosterStore } from '../ports/store.js';
import { readAdvice } from './connectivity-advice.js';

/** Graph documents Directory.Read.All as the least privileged permission for listing extensions. */
export const extensionsPermission = 'Directory.Read.All';

/** What an admin can map, and whether the tenant's directory extensions could be read. */
export interface MappableAttributes {
  readonly attributes: MappableAttribute[];
  readonly extensions:
    | { readonly status: 'available'; readonly count: number }
    | {
        readonly status: 'unavailable';
        readonly detail: string;
        readonly permission?: string;
        readonly fix?: string;
      };
}

/**
 * The attributes Preferences > Fields and the filter rules can map: the catalog always, and the
 * tenant's directory extensions of users when Graph lets Roster list them. A refusal keeps the
 * catalog and says why: the extensions are a convenience, the catalog is the mapping itself.
 */
export async function listMappableAttributes(
  deps: { store: RosterStore; directory: DirectoryConnector },
  tenantId: string,
): Promise<MappableAttributes> {
  if ((await deps.store.tenants.get(tenantId)) === undefined) throw notLinked(tenantId);
  const catalog = catalogAttributes();
  try {
    const extensions = extensionAttributes(
      await deps.directory.connect(tenantId).extensionProperties(),
    );
    return {
      attributes: [...catalog, ...extensions],
      extensions: { status: 'available', count: extensions.length },
    };
  } catch (error) {
    if (!(error instanceof DirectoryError)) throw error;
    const advice = readAdvice(error, extensionsPermission, undefined);
    return {
      attributes: catalog,
      extensions: {
        status: 'unavailable',
        detail:
          advice.permission === undefined
            ? `Directory extensions could not be read: ${advice.detail}`
            : `Directory extensions could not be listed: Roster lacks ${advice.permission}, which it does not ask for by default. Extensions can still be mapped by name (extension_<app id>_<name>).`,
        ...(advice.permission === undefined ? {} : { permission: advice.permission }),
        fix: advice.fix,
      },
    };
  }
}
