import { presetAttributes, type PresetName } from './filters.js';
import { attributePath, selectFor } from './graph-user-attributes.js';
import { emailAttributes } from './resolve-email.js';
import { emailFieldKey, type TenantSettings } from './settings.js';
import { compareStrings } from './compare-strings.js';

/** What a sync must read besides `/users`, as the settings decide it. */
export interface SettingsNeeds {
  /** Read mailboxSettings (userPurpose) per user, for `needsMailboxPurpose` users only. */
  readonly mailboxSettings: boolean;
  /** Read the tenant's rooms (`/places/microsoft.graph.room`) into `UserFacts.isRoom`. */
  readonly rooms: boolean;
  /** Group ids whose transitive members fill `UserFacts.groupIds`; sorted, none means no reads. */
  readonly groups: string[];
  /** The manager's attributes that `manager.*` paths read; sorted, none means no manager. */
  readonly manager: string[];
}

const sorted = (names: Iterable<string>) => [...new Set(names)].sort(compareStrings);

/** The attribute paths the settings read: enabled fields (not the email column) and rules. */
function paths(settings: TenantSettings) {
  return [
    ...settings.fields.filter((f) => f.enabled && f.key !== emailFieldKey).map((f) => f.source),
    ...settings.filters.rules.map((r) => r.attribute),
  ].map(attributePath);
}

/**
 * The `$select` for `/users` and `/users/delta`: `id`, the attributes the enabled fields and the
 * filter rules read, what email resolution and the enabled presets read, and nothing more.
 * Sorted. `manager` stands for the manager link; the source expands it as Graph allows.
 */
export function graphSelect(settings: TenantSettings): string[] {
  const presets = Object.entries(settings.filters.presets) as [PresetName, boolean][];
  return sorted([
    'id',
    ...paths(settings).map(selectFor),
    ...emailAttributes(settings.email),
    ...presets.flatMap(([name, on]) => (on ? presetAttributes[name] : [])),
  ]);
}

/** What else the settings make a sync read: mailbox types, rooms, group members, the manager. */
export function needs(settings: TenantSettings): SettingsNeeds {
  const { presets, groups } = settings.filters;
  return {
    mailboxSettings: presets.excludeSharedMailboxes || presets.excludeRoomsAndEquipment,
    rooms: presets.excludeRoomsAndEquipment,
    groups: sorted([...groups.include, ...groups.exclude]),
    manager: sorted(paths(settings).flatMap((p) => (p.kind === 'manager' ? [p.name] : []))),
  };
}
