import {
  graphUserAttributes,
  parseAttributePath,
  type AttributePath,
  type GraphAttribute,
  type ScalarType,
} from './graph-user-attributes.js';

/**
 * What an admin can map a field or a filter rule to: every path of the Graph user attribute
 * catalog, the manager's text attributes, and the tenant's directory extensions. The picker in
 * Preferences > Fields lists these; settings validation (`parseAttributePath`) accepts each.
 */

/** A directory extension registered in the tenant, as Graph's `extensionProperty` describes it. */
export interface DirectoryExtension {
  /** `extension_<owning app id without dashes>_<name>`. */
  readonly name: string;
  /** Graph's `dataType`: Binary, Boolean, DateTime, Integer, LargeInteger or String. */
  readonly dataType: string;
  readonly isMultiValued: boolean;
  readonly isSyncedFromOnPremises: boolean;
  /** The objects it extends: User, Group, Device, … */
  readonly targetObjects: readonly string[];
  /** The app that registered it; empty when Graph does not say. */
  readonly appDisplayName: string;
}

/** One path an admin can map, with a label to show for it. */
export interface MappableAttribute {
  /** The attribute path as settings store it (`jobTitle`, `businessPhones[0]`, …). */
  readonly path: string;
  readonly label: string;
  readonly kind: AttributePath['kind'];
  /** The type of each value. */
  readonly type: ScalarType;
  /** Whether the path reads several values (joined with ", " in a field). */
  readonly multiValued: boolean;
  /** For directory extensions: the app that registered it, and whether AD sync fills it. */
  readonly extension?: { readonly app: string; readonly syncedFromOnPremises: boolean };
}

// Words that read better as an admin knows them than as camelCase splits them.
const wordFixes: Readonly<Record<string, string>> = { id: 'ID', im: 'IM', sam: 'SAM' };

/** `onPremisesSamAccountName` → `On-premises SAM account name`. */
export function labelOf(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase()
    .split(' ')
    .filter((word) => word !== '')
    .map((word) => wordFixes[word] ?? word);
  const text = words.join(' ').replace(/\bon premises\b/g, 'on-premises');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function catalogEntries(name: string, attribute: GraphAttribute): MappableAttribute[] {
  switch (attribute.type) {
    case 'strings':
      return [
        {
          path: name,
          label: `${labelOf(name)} (all)`,
          kind: 'attribute',
          type: 'string',
          multiValued: true,
        },
        {
          path: `${name}[0]`,
          label: `${labelOf(name)} (first)`,
          kind: 'element',
          type: 'string',
          multiValued: false,
        },
      ];
    case 'complex':
      return Object.entries(attribute.members).flatMap(([member, type]) =>
        type === 'strings' || type === 'guids'
          ? []
          : [
              {
                path: `${name}.${member}`,
                label: `${labelOf(member)} (${labelOf(name).toLowerCase()})`,
                kind: 'member' as const,
                type,
                multiValued: false,
              },
            ],
      );
    case 'complexes':
      // Lists of objects are not text; `parseAttributePath` refuses them too.
      return [];
    default:
      return [
        {
          path: name,
          label: labelOf(name),
          kind: 'attribute',
          type: attribute.type,
          multiValued: false,
        },
      ];
  }
}

/** Every catalog path, in catalog order, then the manager's text attributes. */
export function catalogAttributes(): MappableAttribute[] {
  const catalog = Object.entries(graphUserAttributes) as [string, GraphAttribute][];
  const own = catalog.flatMap(([name, attribute]) => catalogEntries(name, attribute));
  const manager = catalog
    .filter(([, attribute]) => attribute.type === 'string')
    .map(([name]): MappableAttribute => ({
      path: `manager.${name}`,
      label: `Manager's ${labelOf(name).toLowerCase()}`,
      kind: 'manager',
      type: 'string',
      multiValued: false,
    }));
  return [...own, ...manager];
}

const extensionTypes: Readonly<Record<string, ScalarType>> = {
  boolean: 'boolean',
  datetime: 'dateTime',
  integer: 'int',
  largeinteger: 'int',
  string: 'string',
};

/**
 * The tenant's directory extensions an admin can map: those that extend users and hold text,
 * numbers, booleans or dates (Binary values are not text), by name. Graph names them
 * `extension_<app>_<name>`; one Roster could not read back is left out rather than offered.
 */
export function extensionAttributes(
  extensions: readonly DirectoryExtension[],
): MappableAttribute[] {
  const offered: MappableAttribute[] = [];
  const seen = new Set<string>();
  for (const extension of extensions) {
    const type = extensionTypes[extension.dataType.toLowerCase()];
    const extendsUsers = extension.targetObjects.some((t) => t.toLowerCase() === 'user');
    const path = parseAttributePath(extension.name);
    if (type === undefined || !extendsUsers || !path.ok || seen.has(extension.name)) continue;
    seen.add(extension.name);
    const short = extension.name.replace(/^extension_[0-9a-f]{32}_/, '');
    const app = extension.appDisplayName.trim();
    offered.push({
      path: extension.name,
      label: app === '' ? labelOf(short) : `${labelOf(short)} (${app})`,
      kind: 'extension',
      type,
      multiValued: extension.isMultiValued,
      extension: { app, syncedFromOnPremises: extension.isSyncedFromOnPremises },
    });
  }
  return offered.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
