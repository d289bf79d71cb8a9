/**
 * The Microsoft Graph v1.0 user attributes Roster may read, and the small path language that
 * field mappings and filter rules use to name them.
 *
 * The catalog was generated from `emulator/src/graph/graph-v1.0-csdl-subset.json` (Microsoft's
 * published metadata, reduced): entity type `user` with its bases `directoryObject` and `entity`,
 * and the complex types they use. `graph-user-attributes.test.ts` checks the two still agree.
 */

import type { SourceUser } from './source-user.js';

/** A single value as Graph returns it. */
export type ScalarType = 'string' | 'boolean' | 'dateTime' | 'int' | 'guid';

/** The type of a member of a complex attribute. */
export type MemberType = ScalarType | 'strings' | 'guids';

/** One user attribute: a scalar, a string collection, or an object (or objects) with members. */
export type GraphAttribute =
  | { readonly type: ScalarType | 'strings' }
  | {
      readonly type: 'complex' | 'complexes';
      /** The CSDL complex type, without the `graph.` namespace. */
      readonly complexType: string;
      readonly members: Readonly<Record<string, MemberType>>;
    };

/** Every user attribute Roster may `$select`, by its Graph name (case-sensitive). */
export const graphUserAttributes = {
  accountEnabled: { type: 'boolean' },
  ageGroup: { type: 'string' },
  assignedLicenses: {
    type: 'complexes',
    complexType: 'assignedLicense',
    members: {
      disabledPlans: 'guids',
      skuId: 'guid',
    },
  },
  businessPhones: { type: 'strings' },
  city: { type: 'string' },
  companyName: { type: 'string' },
  consentProvidedForMinor: { type: 'string' },
  country: { type: 'string' },
  createdDateTime: { type: 'dateTime' },
  creationType: { type: 'string' },
  deletedDateTime: { type: 'dateTime' },
  department: { type: 'string' },
  displayName: { type: 'string' },
  employeeHireDate: { type: 'dateTime' },
  employeeId: { type: 'string' },
  employeeLeaveDateTime: { type: 'dateTime' },
  employeeOrgData: {
    type: 'complex',
    complexType: 'employeeOrgData',
    members: {
      costCenter: 'string',
      division: 'string',
    },
  },
  employeeType: { type: 'string' },
  externalUserState: { type: 'string' },
  externalUserStateChangeDateTime: { type: 'dateTime' },
  faxNumber: { type: 'string' },
  givenName: { type: 'string' },
  id: { type: 'string' },
  identityParentId: { type: 'string' },
  imAddresses: { type: 'strings' },
  isManagementRestricted: { type: 'boolean' },
  isResourceAccount: { type: 'boolean' },
  jobTitle: { type: 'string' },
  legalAgeGroupClassification: { type: 'string' },
  mail: { type: 'string' },
  mailNickname: { type: 'string' },
  mobilePhone: { type: 'string' },
  officeLocation: { type: 'string' },
  onPremisesDistinguishedName: { type: 'string' },
  onPremisesDomainName: { type: 'string' },
  onPremisesExtensionAttributes: {
    type: 'complex',
    complexType: 'onPremisesExtensionAttributes',
    members: {
      extensionAttribute1: 'string',
      extensionAttribute2: 'string',
      extensionAttribute3: 'string',
      extensionAttribute4: 'string',
      extensionAttribute5: 'string',
      extensionAttribute6: 'string',
      extensionAttribute7: 'string',
      extensionAttribute8: 'string',
      extensionAttribute9: 'string',
      extensionAttribute10: 'string',
      extensionAttribute11: 'string',
      extensionAttribute12: 'string',
      extensionAttribute13: 'string',
      extensionAttribute14: 'string',
      extensionAttribute15: 'string',
    },
  },
  onPremisesImmutableId: { type: 'string' },
  onPremisesLastSyncDateTime: { type: 'dateTime' },
  onPremisesSamAccountName: { type: 'string' },
  onPremisesSecurityIdentifier: { type: 'string' },
  onPremisesSyncEnabled: { type: 'boolean' },
  onPremisesUserPrincipalName: { type: 'string' },
  otherMails: { type: 'strings' },
  postalCode: { type: 'string' },
  preferredDataLocation: { type: 'string' },
  preferredLanguage: { type: 'string' },
  proxyAddresses: { type: 'strings' },
  securityIdentifier: { type: 'string' },
  showInAddressList: { type: 'boolean' },
  state: { type: 'string' },
  streetAddress: { type: 'string' },
  surname: { type: 'string' },
  usageLocation: { type: 'string' },
  userPrincipalName: { type: 'string' },
  userType: { type: 'string' },
} as const satisfies Record<string, GraphAttribute>;

/** A catalogued attribute name. */
export type GraphUserAttributeName = keyof typeof graphUserAttributes;

/**
 * The user attributes in the metadata that Roster deliberately never reads, and why. Together
 * with the catalog they cover every user attribute, so a new one in the metadata needs a
 * decision (the test says so).
 */
export const unreadUserAttributes = {
  aboutMe: 'it is returned only for a single user, not by /users or /users/delta',
  birthday: 'it is returned only for a single user, not by /users or /users/delta',
  hireDate: 'it is returned only for a single user, not by /users or /users/delta',
  interests: 'it is returned only for a single user, not by /users or /users/delta',
  mySite: 'it is returned only for a single user, not by /users or /users/delta',
  pastProjects: 'it is returned only for a single user, not by /users or /users/delta',
  preferredName: 'it is returned only for a single user, not by /users or /users/delta',
  responsibilities: 'it is returned only for a single user, not by /users or /users/delta',
  schools: 'it is returned only for a single user, not by /users or /users/delta',
  skills: 'it is returned only for a single user, not by /users or /users/delta',
  mailboxSettings:
    'it cannot be selected on /users; the shared-mailbox and room filters read it per user',
  passwordProfile: 'it holds credentials, which Roster never reads',
  passwordPolicies: 'it is sign-in policy, not directory data',
  lastPasswordChangeDateTime: 'it is sign-in data, not directory data',
  signInSessionsValidFromDateTime: 'it is sign-in data, not directory data',
  signInActivity: 'it needs AuditLog.Read.All and halves the page size',
  identities: 'it is sign-in data, not directory data',
  authorizationInfo: 'it is sign-in data, not directory data',
  customSecurityAttributes: 'it needs a separate, sensitive permission',
  deviceEnrollmentLimit: 'it is a device management setting, not directory data',
  print: 'it is a Universal Print setting, not directory data',
  assignedPlans: 'it is licensing detail; Roster reads assignedLicenses only',
  provisionedPlans: 'it is licensing detail; Roster reads assignedLicenses only',
  licenseAssignmentStates: 'it is licensing detail; Roster reads assignedLicenses only',
  onPremisesProvisioningErrors: 'it is provisioning diagnostics, not directory data',
  serviceProvisioningErrors: 'it is provisioning diagnostics, not directory data',
} as const satisfies Record<string, string>;

/**
 * A parsed attribute path, as fields and filter rules name what they read. `text` is the path
 * as written. Paths always name text-like values: objects are read through their members.
 */
export type AttributePath =
  /** A scalar (`jobTitle`), or a whole string collection (`proxyAddresses`). */
  | { readonly kind: 'attribute'; readonly text: string; readonly name: string }
  /** One element of a string collection (`businessPhones[0]`). */
  | {
      readonly kind: 'element';
      readonly text: string;
      readonly name: string;
      readonly index: number;
    }
  /** A scalar member of an object (`onPremisesExtensionAttributes.extensionAttribute1`). */
  | {
      readonly kind: 'member';
      readonly text: string;
      readonly name: string;
      readonly member: string;
    }
  /** A string attribute of the user's manager (`manager.displayName`); `name` is that attribute. */
  | { readonly kind: 'manager'; readonly text: string; readonly name: string }
  /** A directory schema extension (`extension_<app id without dashes>_<name>`), of any type. */
  | { readonly kind: 'extension'; readonly text: string; readonly name: string };

/** The outcome of parsing a path: the path, or a message that names what was wrong. */
export type AttributePathResult =
  | { readonly ok: true; readonly path: AttributePath }
  | { readonly ok: false; readonly message: string };

const maxPathLength = 200;
const namePattern = /^[A-Za-z][A-Za-z0-9]*$/;
const elementPattern = /^([A-Za-z][A-Za-z0-9]*)\[(0|[1-9][0-9]{0,2})\]$/;
const memberPattern = /^([A-Za-z][A-Za-z0-9]*)\.([A-Za-z][A-Za-z0-9]*)$/;
// Graph writes the owning app id in lower-case hex without dashes; property names are
// letters, digits and underscores.
const extensionPattern = /^extension_[0-9a-f]{32}_[A-Za-z0-9_]{1,100}$/;
const scalarTypes: ReadonlySet<string> = new Set<ScalarType>([
  'string',
  'boolean',
  'dateTime',
  'int',
  'guid',
]);

/** The catalog entry for a name; `hasOwn` so that `toString` and friends are not attributes. */
function catalogued(name: string): GraphAttribute | undefined {
  return Object.hasOwn(graphUserAttributes, name)
    ? (graphUserAttributes as Record<string, GraphAttribute>)[name]
    : undefined;
}

/** Refuses `text`; when its attribute `name` is one Roster chose not to read, says why. */
function unknown(text: string, name = text): AttributePathResult {
  const reason = Object.hasOwn(unreadUserAttributes, name)
    ? (unreadUserAttributes as Record<string, string>)[name]
    : undefined;
  return {
    ok: false,
    message:
      reason === undefined
        ? `Unknown Graph user attribute "${text}"`
        : `Graph user attribute "${text}" is not read by Roster: ${reason}`,
  };
}

function parsed(path: AttributePath): AttributePathResult {
  return { ok: true, path };
}

/**
 * Parses an attribute path: `jobTitle`, `proxyAddresses`, `businessPhones[0]`,
 * `onPremisesExtensionAttributes.extensionAttribute1`, `manager.displayName`, or a schema
 * extension `extension_<32 hex digits>_<name>`. Anything else is refused with a message naming it.
 */
export function parseAttributePath(text: string): AttributePathResult {
  if (text.length > maxPathLength) {
    return { ok: false, message: `Graph user attribute "${text.slice(0, 40)}…" is too long` };
  }
  if (text.startsWith('extension_')) {
    return extensionPattern.test(text)
      ? parsed({ kind: 'extension', text, name: text })
      : {
          ok: false,
          message: `Invalid directory extension attribute "${text}": expected extension_<app id as 32 lower-case hex digits>_<name>`,
        };
  }
  const element = elementPattern.exec(text);
  if (element !== null) {
    const [, name = '', index = '0'] = element;
    const attribute = catalogued(name);
    if (attribute === undefined) return unknown(text, name);
    if (attribute.type !== 'strings') {
      return {
        ok: false,
        message: `Graph user attribute "${name}" is not a list, so "${text}" cannot index it`,
      };
    }
    return parsed({ kind: 'element', text, name, index: Number(index) });
  }
  const member = memberPattern.exec(text);
  if (member !== null) {
    const [, name = '', inner = ''] = member;
    if (name === 'manager') {
      return catalogued(inner)?.type === 'string'
        ? parsed({ kind: 'manager', text, name: inner })
        : {
            ok: false,
            message: `Unknown Graph user attribute "${text}": only the manager's text attributes can be read`,
          };
    }
    const attribute = catalogued(name);
    if (attribute?.type !== 'complex') return unknown(text, name);
    const type = Object.hasOwn(attribute.members, inner) ? attribute.members[inner] : undefined;
    if (type === undefined || !scalarTypes.has(type)) return unknown(text);
    return parsed({ kind: 'member', text, name, member: inner });
  }
  if (!namePattern.test(text)) return unknown(text);
  if (text === 'manager') {
    return {
      ok: false,
      message: `Graph user attribute "manager" is a person: name one of their attributes, e.g. manager.displayName`,
    };
  }
  const attribute = catalogued(text);
  if (attribute === undefined) return unknown(text);
  switch (attribute.type) {
    case 'complex': {
      const first = Object.keys(attribute.members)[0] ?? '';
      return {
        ok: false,
        message: `Graph user attribute "${text}" is an object: name one of its members, e.g. ${text}.${first}`,
      };
    }
    case 'complexes':
      return {
        ok: false,
        message: `Graph user attribute "${text}" is a list of objects, not text`,
      };
    default:
      return parsed({ kind: 'attribute', text, name: text });
  }
}

/** Parses a path that is known to be valid (settings were validated); throws otherwise. */
export function attributePath(text: string): AttributePath {
  const result = parseAttributePath(text);
  if (!result.ok) throw new Error(result.message);
  return result.path;
}

function toPath(path: AttributePath | string): AttributePath {
  return typeof path === 'string' ? attributePath(path) : path;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A value as text: strings trimmed (blank is no value), booleans and numbers spelled out. */
function text(value: unknown): string | null {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** The values of a scalar or a collection: blank and non-text elements are dropped. */
function texts(value: unknown): string[] {
  if (!Array.isArray(value)) {
    const one = text(value);
    return one === null ? [] : [one];
  }
  const out: string[] = [];
  for (const element of value) {
    const one = text(element);
    if (one !== null) out.push(one);
  }
  return out;
}

function own(record: unknown, key: string): unknown {
  return isRecord(record) && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Every non-blank value a path reads from a user, as text: one for a scalar, each element for
 * an unindexed collection, none when unset. Filter rules match against these one by one.
 * `manager.*` reads `user.manager`, an object with the manager's selected attributes, which
 * the directory source attaches (Graph's `$expand=manager`, or resolved from `manager@delta`).
 */
export function readAttributeValues(user: SourceUser, path: AttributePath | string): string[] {
  const p = toPath(path);
  switch (p.kind) {
    case 'attribute':
    case 'extension':
      return texts(own(user, p.name));
    case 'element': {
      const list = own(user, p.name);
      const one = Array.isArray(list) ? text(list[p.index]) : null;
      return one === null ? [] : [one];
    }
    case 'member':
      return texts(own(own(user, p.name), p.member));
    case 'manager':
      return texts(own(own(user, 'manager'), p.name));
  }
}

/**
 * A path's value as one text, or null when unset or blank. Strings are trimmed, booleans read
 * 'true'/'false'. An unindexed collection reads as its non-blank elements joined by ", "
 * (`proxyAddresses`); index it (`businessPhones[0]`) to read one element.
 */
export function readAttribute(user: SourceUser, path: AttributePath | string): string | null {
  const values = readAttributeValues(user, path);
  return values.length === 0 ? null : values.join(', ');
}

/** The top-level Graph `$select` name a path needs: `manager.displayName` → `manager`. */
export function selectFor(path: AttributePath | string): string {
  const p = toPath(path);
  return p.kind === 'manager' ? 'manager' : p.name;
}
