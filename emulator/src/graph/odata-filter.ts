/**
 * `$filter` for `GET /v1.0/users`, `/users/$count` and `GET /v1.0/groups`: what Microsoft Graph
 * accepts, what it refuses and with which error, and which filters need the advanced query
 * parameters.
 *
 * Sources (Microsoft Graph docs): the user resource's property table ("Supports `$filter` (...)"),
 * "Advanced query capabilities on Microsoft Entra ID objects" (its per-property filter table and
 * error examples) and "Use the $filter query parameter". Error texts are the ones Graph returns, as
 * quoted in those pages and in microsoftgraph/microsoft-graph-docs issues; the `detail` texts are
 * Microsoft.OData.Core's parser messages, which Graph does not show for directory objects.
 */
import type { GraphGroup, GraphUser } from '../tenant/tenant-data.js';

/** A refused `$filter`: the status, `error.code` and `error.message` Graph answers with. */
export interface FilterError {
  status: 400;
  code: string;
  message: string;
  /** Why, for logs and tests only: Graph's body carries just `code` and `message`. */
  detail?: string;
}

/** A parsed, checked `$filter`, compiled once so evaluating it per object is cheap. */
export interface EntityFilter<T> {
  /** Whether the object satisfies the filter (case-insensitive like Entra; a missing property is null). */
  matches(object: T): boolean;
  /** True when Graph serves this filter only with `ConsistencyLevel: eventual` (and `$count=true`). */
  readonly advanced: boolean;
}

/** A `$filter` on users. */
export type UserFilter = EntityFilter<GraphUser>;

/** A `$filter` on groups. */
export type GroupFilter = EntityFilter<GraphGroup>;

/** Longest `$filter` accepted; Graph documents 2,048 characters of URL for advanced queries. */
export const MAX_FILTER_LENGTH = 4096;
/** Deepest nesting of parentheses, `not` and lambdas accepted. */
export const MAX_FILTER_DEPTH = 100;
/** Graph's cap on `or` clauses (and `in` values) when advanced query parameters are absent. */
export const MAX_OR_CLAUSES = 15;

/** Graph's error texts for `$filter` on users, verbatim. */
export const FilterMessages = {
  /** BadRequest: any syntax or type error; directory objects give no further detail. */
  invalidClause: 'Invalid filter clause',
  /** Request_UnsupportedQuery: property not filterable, operator not allowed on it, or advanced-only. */
  unsupportedProperty: (property: string, resource = 'User') =>
    `Unsupported or invalid query filter clause specified for property '${property}' of resource '${resource}'.`,
  /** Request_UnsupportedQuery: `ne`, `not` or `endsWith` without the advanced query parameters. */
  advancedOperator: (operator: string) =>
    `Operator '${operator}' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information`,
  /** Request_UnsupportedQuery: an OData function Entra does not implement, e.g. `'Contains'`. */
  unsupportedFunction: (name: string) => `Unsupported property filter clause operator '${name}'.`,
  /** Request_UnsupportedQuery: valid OData that Entra cannot run, e.g. comparing two literals. */
  unsupportedQuery: 'Unsupported Query.',
  /** Request_UnsupportedQuery: more than 15 `or` clauses without the advanced query parameters. */
  tooManyOrClauses: (count: number) =>
    `Too many child clauses specified in search filter expression containing 'OR' operators: ${count}. Max allowed: ${MAX_OR_CLAUSES}.`,
} as const;

/** Microsoft.OData.Core's wording for the `detail` of BadRequest errors. */
const Detail = {
  tooLong: (length: number) =>
    `The $filter expression is ${length} characters long; the emulator accepts at most ${MAX_FILTER_LENGTH}.`,
  tooDeep: 'Recursion depth exceeded allowed limit.',
  expressionExpected: (pos: number, text: string) =>
    `Expression expected at position ${pos} in '${text}'.`,
  closeParenOrOperator: (pos: number, text: string) =>
    `')' or operator expected at position ${pos} in '${text}'.`,
  closeParenOrComma: (pos: number, text: string) =>
    `')' or ',' expected at position ${pos} in '${text}'.`,
  openParen: (pos: number, text: string) => `'(' expected at position ${pos} in '${text}'.`,
  syntaxError: (pos: number, text: string) => `Syntax error at position ${pos} in '${text}'.`,
  invalidCharacter: (char: string, pos: number, text: string) =>
    `Syntax error: character '${char}' is not valid at position ${pos} in '${text}'.`,
  unterminatedString: (pos: number, text: string) =>
    `There is an unterminated string literal at position ${pos} in '${text}'.`,
  propertyNotFound: (name: string, type: string) =>
    `Could not find a property named '${name}' on type '${type}'.`,
  incompatibleTypes: (left: string, right: string, kind: string) =>
    `A binary operator with incompatible types was detected. Found operand types '${left}' and '${right}' for operator kind '${kind}'.`,
  notSingleValue: (kind: string) =>
    `The operand for a binary operator '${kind}' is not a single value. Binary operators require both operands to be single values.`,
  unaryIncompatible: (type: string) =>
    `A unary operator with an incompatible type was detected. Found operand type '${type}' for operator kind 'Not'.`,
  unknownFunction: (name: string) =>
    `An unknown function with name '${name}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`,
  noFunctionSignature: (name: string) =>
    `No function signature for the function with name '${name}' matches the specified arguments. The function signatures considered are: ${name}(Edm.String Nullable=true, Edm.String Nullable=true).`,
  notCollection: (name: string) =>
    `The parent value for a lambda or '/$count' segment must be a collection; '${name}' is not.`,
  inLiteral: (type: string) => `The values of an 'in' operator must be literals of type '${type}'.`,
  dateTimeOffsetFormat: (value: string) =>
    `The DateTimeOffset text '${value}' should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?' and each field value is within valid range.`,
} as const;

// What requireAdvancedQuery needs but callers should not: kept off the public interface.
const checks = new WeakMap<object, { advancedReason: FilterError | null; orClauses: number }>();

/** Parses and checks a `$filter` for users; Graph's 400 when it would refuse it outright. */
export function parseUserFilter(text: string): UserFilter | FilterError {
  return parseFilter<GraphUser>(text, userSchema);
}

/** Parses and checks a `$filter` for groups; Graph's 400 when it would refuse it outright. */
export function parseGroupFilter(text: string): GroupFilter | FilterError {
  return parseFilter<GraphGroup>(text, groupSchema);
}

function parseFilter<T>(text: string, schema: EntitySchema): EntityFilter<T> | FilterError {
  try {
    if (text.length > MAX_FILTER_LENGTH) throw invalidClause(Detail.tooLong(text.length));
    const ast = new Parser(text).parse();
    const compiler = new Compiler(schema);
    const predicate = compiler.predicate(ast, null);
    const filter: EntityFilter<T> = {
      matches: (object) => predicate(object),
      advanced: compiler.advancedReasons.length > 0,
    };
    checks.set(filter, {
      advancedReason: compiler.advancedReasons[0] ?? null,
      orClauses: compiler.orClauses,
    });
    return filter;
  } catch (thrown) {
    if (thrown instanceof FilterFailure) return thrown.error;
    throw thrown;
  }
}

/** Tells a parse failure from a filter. */
export function isFilterError<T>(value: EntityFilter<T> | FilterError): value is FilterError {
  return 'code' in value;
}

/**
 * Graph's 400 when this filter cannot run with the request's parameters: advanced-only constructs
 * need `ConsistencyLevel: eventual` plus `$count=true` (on `/users/$count` the header alone), and
 * without them Graph also caps `or`/`in` at 15 clauses. Null when the request may proceed.
 */
export function requireAdvancedQuery(
  filter: EntityFilter<unknown>,
  opts: { consistencyLevelEventual: boolean; countRequested: boolean; countSegment: boolean },
): FilterError | null {
  const advancedParameters = opts.countSegment
    ? opts.consistencyLevelEventual
    : opts.consistencyLevelEventual && opts.countRequested;
  if (advancedParameters) return null;
  const check = checks.get(filter);
  if (check === undefined) return null;
  if (check.advancedReason !== null) return check.advancedReason;
  if (check.orClauses > MAX_OR_CLAUSES) {
    return unsupported(FilterMessages.tooManyOrClauses(check.orClauses));
  }
  return null;
}

class FilterFailure extends Error {
  constructor(readonly error: FilterError) {
    super(error.message);
  }
}

function invalidClause(detail: string): FilterFailure {
  return new FilterFailure({
    status: 400,
    code: 'BadRequest',
    message: FilterMessages.invalidClause,
    detail,
  });
}

function unsupported(message: string): FilterError {
  return { status: 400, code: 'Request_UnsupportedQuery', message };
}

// ---------------------------------------------------------------------------------------------
// Capabilities. "default" works on a plain request; "advanced" needs the advanced query
// parameters; a missing entry is refused with Request_UnsupportedQuery. `ne` and `not` are allowed
// wherever `eq` is and are always advanced; `endsWith` is always advanced. Where the docs'
// tables disagree, the newer per-operator table wins (createdDateTime ge/le works by default).

type Mode = 'default' | 'advanced';
type EdmType = 'Edm.String' | 'Edm.Boolean' | 'Edm.Guid' | 'Edm.DateTimeOffset';

interface Cap {
  type: EdmType;
  eq?: Mode;
  in?: Mode;
  startsWith?: Mode;
  endsWith?: Mode;
  /** `ge` and `le`. Graph supports neither `gt` nor `lt` on users. */
  range?: Mode;
  /** `eq null` / `ne null` / `in (null, ...)`. */
  null?: Mode;
}

interface ComplexType {
  name: string;
  props: Record<string, Cap>;
}

interface CollectionCap {
  /** `prop/$count eq 0|1` and `ne 0|1`. */
  count?: Mode;
  /** The element: a string with its own operators, or a complex type filtered by sub-property. */
  item: Cap | ComplexType;
}

const D: Mode = 'default';
const A: Mode = 'advanced';
const S: EdmType = 'Edm.String';
const B: EdmType = 'Edm.Boolean';
const G: EdmType = 'Edm.Guid';
const T: EdmType = 'Edm.DateTimeOffset';

const stringDefault: Cap = { type: S, eq: D, in: D, startsWith: D, range: D, null: A };
const stringAdvanced: Cap = { type: S, eq: A, in: A, startsWith: A, range: A, null: A };

const scalarCaps: Record<string, Cap> = {
  accountEnabled: { type: B, eq: D, in: D },
  ageGroup: { type: S, eq: D, in: D },
  city: stringDefault,
  companyName: stringAdvanced,
  consentProvidedForMinor: { type: S, eq: D, in: D },
  country: stringDefault,
  createdDateTime: { type: T, eq: D, range: D, in: A },
  creationType: { type: S, eq: D, in: D },
  deletedDateTime: { type: T, eq: D, range: D, in: A },
  department: stringDefault,
  displayName: stringDefault,
  employeeHireDate: { type: T, eq: A, in: A, range: A },
  employeeId: stringDefault,
  employeeType: { type: S, eq: A, in: A, startsWith: A, range: A },
  externalUserState: { type: S, eq: D, in: D },
  externalUserStateChangeDateTime: { type: T, eq: D, in: D, range: D },
  faxNumber: stringAdvanced,
  givenName: stringDefault,
  id: { type: S, eq: D, in: D },
  isResourceAccount: { type: B, eq: D },
  jobTitle: stringDefault,
  mail: { ...stringDefault, endsWith: A },
  mailNickname: stringDefault,
  mobilePhone: stringAdvanced,
  officeLocation: stringAdvanced,
  onPremisesImmutableId: { type: S, eq: A, in: A, range: A },
  onPremisesLastSyncDateTime: { type: T, eq: A, in: A, range: A },
  onPremisesSamAccountName: { type: S, eq: A, in: A, startsWith: A, range: A },
  onPremisesSecurityIdentifier: { type: S, eq: D, in: D, null: A },
  onPremisesSyncEnabled: { type: B, eq: D, in: D, null: A },
  onPremisesUserPrincipalName: { type: S, eq: D, in: D, startsWith: D, range: D },
  passwordPolicies: { type: S, eq: A, null: A },
  postalCode: stringAdvanced,
  preferredLanguage: stringAdvanced,
  securityIdentifier: { type: S, eq: D, startsWith: D, range: D },
  showInAddressList: { type: B, eq: A, in: A },
  state: stringDefault,
  streetAddress: stringAdvanced,
  surname: stringDefault,
  usageLocation: stringDefault,
  userPrincipalName: { type: S, eq: D, in: D, startsWith: D, range: D, endsWith: A },
  userType: { type: S, eq: D, in: D, null: A },
};

const extensionAttribute: Cap = { type: S, eq: A, in: A, range: A, null: A };

const complexCaps: Record<string, ComplexType> = {
  onPremisesExtensionAttributes: {
    name: 'microsoft.graph.onPremisesExtensionAttributes',
    props: Object.fromEntries(
      Array.from({ length: 15 }, (_, i) => [`extensionAttribute${i + 1}`, extensionAttribute]),
    ),
  },
  employeeOrgData: {
    name: 'microsoft.graph.employeeOrgData',
    props: {
      costCenter: { type: S, eq: A, in: A, range: A },
      division: { type: S, eq: A, in: A, range: A },
    },
  },
  passwordProfile: {
    name: 'microsoft.graph.passwordProfile',
    props: {
      forceChangePasswordNextSignIn: { type: B, eq: A, null: A },
      forceChangePasswordNextSignInWithMfa: { type: B, eq: A, null: A },
      password: { type: S },
    },
  },
};

const collectionCaps: Record<string, CollectionCap> = {
  proxyAddresses: { count: A, item: { type: S, eq: D, startsWith: D, range: D, endsWith: A } },
  otherMails: { count: A, item: { type: S, eq: D, in: D, startsWith: D, range: D, endsWith: A } },
  imAddresses: { item: { type: S, eq: D, startsWith: D, range: D } },
  // The filter docs mark businessPhones/any(p:startswith(p,'44')) as advanced.
  businessPhones: { item: { type: S, eq: D, startsWith: A, range: D } },
  assignedLicenses: {
    count: A,
    item: {
      name: 'microsoft.graph.assignedLicense',
      props: { skuId: { type: G, eq: D }, disabledPlans: { type: G } },
    },
  },
  assignedPlans: {
    item: {
      name: 'microsoft.graph.assignedPlan',
      props: {
        servicePlanId: { type: G, eq: A },
        capabilityStatus: { type: S, eq: A },
        service: { type: S, eq: A },
        assignedDateTime: { type: T },
      },
    },
  },
  provisionedPlans: {
    item: {
      name: 'microsoft.graph.provisionedPlan',
      props: {
        provisioningStatus: { type: S, eq: A },
        service: { type: S, eq: A },
        capabilityStatus: { type: S },
      },
    },
  },
};

// Real user properties and relationships that $filter refuses (Request_UnsupportedQuery rather than
// "no such property"), from the v1.0 CSDL.
const unfilterableNames = (
  'aboutMe authorizationInfo birthday customSecurityAttributes deviceEnrollmentLimit ' +
  'employeeLeaveDateTime hireDate identities identityParentId interests ' +
  'isManagementRestricted lastPasswordChangeDateTime legalAgeGroupClassification ' +
  'licenseAssignmentStates mailboxSettings mySite onPremisesDistinguishedName ' +
  'onPremisesDomainName onPremisesProvisioningErrors pastProjects preferredDataLocation ' +
  'preferredName print responsibilities schools serviceProvisioningErrors signInActivity ' +
  'signInSessionsValidFromDateTime skills activities adhocCalls agreementAcceptances ' +
  'appRoleAssignments authentication calendar calendarGroups calendars calendarView chats ' +
  'cloudClipboard cloudPCs contactFolders contacts createdObjects dataSecurityAndGovernance ' +
  'deviceManagementTroubleshootingEvents directReports drive drives employeeExperience ' +
  'events extensions followedSites inferenceClassification insights joinedTeams ' +
  'licenseDetails mailFolders managedAppRegistrations managedDevices manager memberOf ' +
  'messages oauth2PermissionGrants onenote onlineMeetings onPremisesSyncBehavior outlook ' +
  'ownedDevices ownedObjects people permissionGrants photo photos planner presence ' +
  'registeredDevices scopedRoleMemberOf settings solutions sponsorOf sponsors teamwork todo ' +
  'transitiveMemberOf'
).split(' ');

// Groups, from the group resource's property table ("Supports `$filter` (...)"), reduced to the
// properties a group picker filters on: displayName, mail and mailNickname work by default;
// description only as an advanced query.
const groupScalarCaps: Record<string, Cap> = {
  description: { type: S, eq: A, startsWith: A, range: A },
  displayName: stringDefault,
  id: { type: S, eq: D, in: D },
  mail: { ...stringDefault, endsWith: A },
  mailEnabled: { type: B, eq: D },
  mailNickname: stringDefault,
  securityEnabled: { type: B, eq: D, in: D },
};

const groupCollectionCaps: Record<string, CollectionCap> = {
  groupTypes: { item: { type: S, eq: D } },
};

const unfilterableGroupNames = (
  'members transitiveMembers owners memberOf transitiveMemberOf appRoleAssignments ' +
  'calendar conversations drive events photo planner settings sites team threads'
).split(' ');

/** What `$filter` may name on one resource, each table keyed by lower-cased name. */
interface EntitySchema {
  /** The resource in Request_UnsupportedQuery messages: `User`, `Group`. */
  resource: string;
  /** The type in "Could not find a property" messages: `microsoft.graph.user`. */
  type: string;
  scalars: Map<string, [string, Cap]>;
  complexes: Map<string, [string, ComplexType]>;
  collections: Map<string, [string, CollectionCap]>;
  unfilterable: Map<string, string>;
}

// Graph resolves property names case-insensitively.
function byLowerName<V>(record: Record<string, V>): Map<string, [string, V]> {
  return new Map(
    Object.entries(record).map(([name, value]) => [name.toLowerCase(), [name, value]]),
  );
}

const userSchema: EntitySchema = {
  resource: 'User',
  type: 'microsoft.graph.user',
  scalars: byLowerName(scalarCaps),
  complexes: byLowerName(complexCaps),
  collections: byLowerName(collectionCaps),
  unfilterable: new Map(unfilterableNames.map((name) => [name.toLowerCase(), name])),
};

const groupSchema: EntitySchema = {
  resource: 'Group',
  type: 'microsoft.graph.group',
  scalars: byLowerName(groupScalarCaps),
  complexes: new Map(),
  collections: byLowerName(groupCollectionCaps),
  unfilterable: new Map(unfilterableGroupNames.map((name) => [name.toLowerCase(), name])),
};

// OData built-ins that Graph parses and Entra then refuses; other names are unknown functions.
const builtInFunctions = new Map(
  (
    'contains substring indexOf length toLower toUpper trim concat year month day hour ' +
    'minute second fractionalSeconds totalSeconds date time totalOffsetMinutes now ' +
    'maxDateTime minDateTime round floor ceiling cast isOf matchesPattern hasSubset ' +
    'hasSubsequence'
  )
    .split(' ')
    .map((name) => [name.toLowerCase(), name.charAt(0).toUpperCase() + name.slice(1)]),
);

// ---------------------------------------------------------------------------------------------
// Lexer

type TokenKind =
  | 'identifier'
  | 'string'
  | 'integer'
  | 'decimal'
  | 'guid'
  | 'dateTimeOffset'
  | 'date'
  | '('
  | ')'
  | ','
  | ':'
  | '/'
  | 'end';

interface Token {
  kind: TokenKind;
  /** The unescaped value for strings, the source text otherwise. */
  value: string;
  pos: number;
  end: number;
}

// Fixed patterns, applied with the sticky flag at the current position.
const guidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-])/iy;
const dateTimeOffsetPattern =
  /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})(?![\w:.+-])/iy;
const datePattern = /\d{4}-\d{2}-\d{2}(?![\w:.-])/y;
// A date and time without a zone: OData refuses it rather than reading it as local time.
const zonelessDateTimePattern = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?/iy;
const numberPattern = /-?\d+(\.\d+)?([eE][+-]?\d+)?[dDfFmMlL]?(?![\w.])/y;
const identifierPattern = /\$?[A-Za-z_][A-Za-z0-9_]*/y;

function matchAt(pattern: RegExp, text: string, pos: number): RegExpExecArray | null {
  pattern.lastIndex = pos;
  return pattern.exec(text);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const char = text.charAt(pos);
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') {
      pos++;
      continue;
    }
    if ('(),:/'.includes(char)) {
      tokens.push({ kind: char as TokenKind, value: char, pos, end: pos + 1 });
      pos++;
      continue;
    }
    if (char === "'") {
      const token = lexString(text, pos);
      tokens.push(token);
      pos = token.end;
      continue;
    }
    const token = lexWord(text, pos);
    if (token === null) throw invalidClause(Detail.invalidCharacter(char, pos, text));
    tokens.push(token);
    pos = token.end;
  }
  tokens.push({ kind: 'end', value: '', pos: text.length, end: text.length });
  return tokens;
}

function lexString(text: string, start: number): Token {
  let value = '';
  let pos = start + 1;
  while (pos < text.length) {
    const char = text.charAt(pos);
    if (char === "'") {
      // OData escapes a quote by doubling it: 'O''Brien'.
      if (text.charAt(pos + 1) === "'") {
        value += "'";
        pos += 2;
        continue;
      }
      return { kind: 'string', value, pos: start, end: pos + 1 };
    }
    value += char;
    pos++;
  }
  throw invalidClause(Detail.unterminatedString(text.length, text));
}

function lexWord(text: string, pos: number): Token | null {
  const candidates: [TokenKind, RegExp][] = [
    ['guid', guidPattern],
    ['dateTimeOffset', dateTimeOffsetPattern],
    ['date', datePattern],
  ];
  for (const [kind, pattern] of candidates) {
    const match = matchAt(pattern, text, pos);
    if (match !== null) return { kind, value: match[0], pos, end: pos + match[0].length };
  }
  const zoneless = matchAt(zonelessDateTimePattern, text, pos);
  if (zoneless !== null) throw invalidClause(Detail.dateTimeOffsetFormat(zoneless[0]));
  const number = matchAt(numberPattern, text, pos);
  if (number !== null) {
    const integer =
      number[1] === undefined && number[2] === undefined && !/[dDfFmM]$/.test(number[0]);
    return {
      kind: integer ? 'integer' : 'decimal',
      value: number[0],
      pos,
      end: pos + number[0].length,
    };
  }
  const identifier = matchAt(identifierPattern, text, pos);
  if (identifier !== null) {
    return { kind: 'identifier', value: identifier[0], pos, end: pos + identifier[0].length };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Parser: Microsoft.OData.Core's grammar and precedence (or < and < comparison < not < primary),
// keywords and function names case-insensitive as Graph accepts them (`NOT`, `startsWith`).

type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'has';
type LiteralKind =
  'string' | 'integer' | 'decimal' | 'guid' | 'dateTimeOffset' | 'date' | 'boolean' | 'null';

interface Lambda {
  op: 'any' | 'all';
  variable: string | null;
  body: Node | null;
}

type Node =
  | { kind: 'or' | 'and'; left: Node; right: Node }
  | { kind: 'not'; operand: Node }
  | { kind: 'compare'; op: CompareOp; left: Node; right: Node }
  | { kind: 'in'; left: Node; items: Node[] }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'path'; names: string[]; lambda: Lambda | null }
  | { kind: 'literal'; type: LiteralKind; value: string };

const compareOps: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'has']);

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  parse(): Node {
    const node = this.parseOr();
    const rest = this.peek();
    if (rest.kind !== 'end') throw invalidClause(Detail.syntaxError(rest.end, this.text));
    return node;
  }

  private peek(): Token {
    // tokenize always ends with an 'end' token, and next() never moves past it.
    const token = this.tokens[this.index] ?? this.tokens[this.tokens.length - 1];
    if (token === undefined) throw new Error('tokenize produced no tokens');
    return token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token.kind === 'identifier' && token.value.toLowerCase() === word;
  }

  private expect(kind: TokenKind, failure: (pos: number, text: string) => string): Token {
    const token = this.peek();
    if (token.kind !== kind) throw invalidClause(failure(token.pos, this.text));
    return this.next();
  }

  private enter(): void {
    this.depth++;
    if (this.depth > MAX_FILTER_DEPTH) throw invalidClause(Detail.tooDeep);
  }

  private parseOr(): Node {
    this.enter();
    let left = this.parseAnd();
    while (this.isKeyword('or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    this.depth--;
    return left;
  }

  private parseAnd(): Node {
    let left = this.parseComparison();
    while (this.isKeyword('and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseComparison() };
    }
    return left;
  }

  private parseComparison(): Node {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      const word = token.kind === 'identifier' ? token.value.toLowerCase() : '';
      if (compareOps.has(word)) {
        this.next();
        left = { kind: 'compare', op: word as CompareOp, left, right: this.parseUnary() };
      } else if (word === 'in') {
        this.next();
        left = { kind: 'in', left, items: this.parseList() };
      } else {
        return left;
      }
    }
  }

  private parseUnary(): Node {
    if (!this.isKeyword('not')) return this.parsePrimary();
    this.next();
    this.enter();
    const operand = this.parseUnary();
    this.depth--;
    return { kind: 'not', operand };
  }

  private parsePrimary(): Node {
    const token = this.peek();
    switch (token.kind) {
      case 'string':
      case 'integer':
      case 'decimal':
      case 'guid':
      case 'dateTimeOffset':
      case 'date':
        this.next();
        return { kind: 'literal', type: token.kind, value: token.value };
      case '(': {
        this.next();
        const inner = this.parseOr();
        this.expect(')', Detail.closeParenOrOperator);
        return inner;
      }
      case 'identifier':
        return this.parseIdentifier();
      default:
        throw invalidClause(Detail.expressionExpected(token.pos, this.text));
    }
  }

  private parseIdentifier(): Node {
    const token = this.next();
    const word = token.value.toLowerCase();
    if (word === 'true' || word === 'false')
      return { kind: 'literal', type: 'boolean', value: word };
    if (word === 'null') return { kind: 'literal', type: 'null', value: word };
    if (this.peek().kind === '(')
      return { kind: 'call', name: token.value, args: this.parseArguments() };
    const names = [token.value];
    while (this.peek().kind === '/') {
      this.next();
      const segment = this.expect('identifier', Detail.syntaxError);
      const op = segment.value.toLowerCase();
      if ((op === 'any' || op === 'all') && this.peek().kind === '(') {
        return { kind: 'path', names, lambda: this.parseLambda(op) };
      }
      names.push(segment.value);
    }
    return { kind: 'path', names, lambda: null };
  }

  private parseArguments(): Node[] {
    this.expect('(', Detail.openParen);
    const args: Node[] = [];
    if (this.peek().kind === ')') {
      this.next();
      return args;
    }
    for (;;) {
      args.push(this.parseOr());
      const token = this.next();
      if (token.kind === ')') return args;
      if (token.kind !== ',') throw invalidClause(Detail.closeParenOrComma(token.pos, this.text));
    }
  }

  private parseList(): Node[] {
    const items = this.parseArguments();
    if (items.length === 0)
      throw invalidClause(Detail.expressionExpected(this.peek().pos, this.text));
    return items;
  }

  private parseLambda(op: 'any' | 'all'): Lambda {
    this.expect('(', Detail.openParen);
    if (this.peek().kind === ')') {
      this.next();
      return { op, variable: null, body: null };
    }
    const variable = this.expect('identifier', Detail.syntaxError);
    this.expect(':', Detail.syntaxError);
    const body = this.parseOr();
    this.expect(')', Detail.closeParenOrOperator);
    return { op, variable: variable.value, body };
  }
}

// ---------------------------------------------------------------------------------------------
// Compiler: checks every clause against the capability tables and turns the tree into closures,
// so matching 100,000 users walks no strings and no tree.

type Predicate = (target: unknown) => boolean;
type Getter = (target: unknown) => unknown;
type Key = string | number | boolean;

/** A lambda's range variable: `p` in `proxyAddresses/any(p: ...)`. */
interface Scope {
  variable: string;
  collection: string;
  item: Cap | ComplexType;
}

type Operand =
  | { kind: 'value'; cap: Cap; label: string; scope: Scope | null; get: Getter }
  | { kind: 'count'; collection: string; cap: CollectionCap }
  | { kind: 'collection'; collection: string }
  | { kind: 'literal'; type: LiteralKind; value: string };

const operatorKinds: Record<CompareOp, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
  has: 'Has',
};

const flipped: Record<CompareOp, CompareOp> = {
  eq: 'eq',
  ne: 'ne',
  gt: 'lt',
  ge: 'le',
  lt: 'gt',
  le: 'ge',
  has: 'has',
};

const literalEdmTypes: Record<LiteralKind, string> = {
  string: 'Edm.String',
  integer: 'Edm.Int32',
  decimal: 'Edm.Double',
  guid: 'Edm.Guid',
  dateTimeOffset: 'Edm.DateTimeOffset',
  date: 'Edm.Date',
  boolean: 'Edm.Boolean',
  null: 'null',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The comparable form of a stored value: Entra compares strings and GUIDs case-insensitively. */
function keyOf(type: EdmType, value: unknown): Key | null {
  switch (type) {
    case 'Edm.String':
    case 'Edm.Guid':
      return typeof value === 'string' ? value.toLowerCase() : null;
    case 'Edm.Boolean':
      return typeof value === 'boolean' ? value : null;
    case 'Edm.DateTimeOffset': {
      if (typeof value !== 'string') return null;
      const ms = Date.parse(value);
      return Number.isNaN(ms) ? null : ms;
    }
  }
}

/** A DateTimeOffset literal in the forms stored values are compared against. */
interface Instant {
  ms: number;
  /** `yyyy-mm-ddThh:mm:ss.fffZ` */
  iso: string;
  /** `yyyy-mm-ddThh:mm:ssZ`, the fraction cut off. */
  isoSeconds: string;
  wholeSecond: boolean;
}

function instant(ms: number): Instant {
  const iso = new Date(ms).toISOString();
  return { ms, iso, isoSeconds: `${iso.slice(0, 19)}Z`, wholeSecond: ms % 1000 === 0 };
}

/**
 * Orders a stored DateTimeOffset against a literal: -1, 0, 1, or null when it is no date. Graph
 * stores UTC text (`...ssZ` or `...ss.fffZ`), which orders like the time itself, so comparing the
 * text skips parsing 100,000 dates; other forms are parsed.
 */
function compareInstant(value: string, literal: Instant): number | null {
  const utc =
    value.charCodeAt(4) === 45 &&
    value.charCodeAt(10) === 84 &&
    value.charCodeAt(value.length - 1) === 90;
  if (utc && value.length === 24 && value.charCodeAt(19) === 46) return order(value, literal.iso);
  if (utc && value.length === 20) {
    const seconds = order(value, literal.isoSeconds);
    return seconds !== 0 || literal.wholeSecond ? seconds : -1;
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : order(ms, literal.ms);
}

function order<V extends string | number>(a: V, b: V): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type TextMatch = 'equals' | 'startsWith' | 'endsWith';

/**
 * A case-insensitive test of a value against a lower-cased literal. Comparing ASCII char codes in
 * place avoids lower-casing a copy of every value for every user; other text falls back to
 * toLowerCase. An ASCII literal can only match a value of the same length (no character
 * lower-cases to several ASCII ones), so lengths reject most values before any comparison.
 */
function textMatcher(match: TextMatch, lower: string): (value: string) => boolean {
  const slow =
    match === 'equals'
      ? (value: string) => value.toLowerCase() === lower
      : match === 'startsWith'
        ? (value: string) => value.toLowerCase().startsWith(lower)
        : (value: string) => value.toLowerCase().endsWith(lower);
  if (!isAscii(lower)) return slow;
  const length = lower.length;
  if (match === 'equals') {
    // Native comparisons beat a char loop here; most stored values already differ in length.
    return (value) => value.length === length && (value === lower || value.toLowerCase() === lower);
  }
  return (value) => {
    if (value.length < length) return false;
    const offset = match === 'endsWith' ? value.length - length : 0;
    for (let i = 0; i < length; i++) {
      const a = value.charCodeAt(offset + i);
      const b = lower.charCodeAt(i);
      if (a === b || (a >= 65 && a <= 90 && a + 32 === b)) continue;
      return a < 128 ? false : slow(value);
    }
    return true;
  };
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

type ValueOp = 'eq' | 'ne' | 'ge' | 'le';

/** The test of one stored value against a literal, specialised by type once, not per user. */
function valuePredicate(op: ValueOp, key: Key, get: Getter): Predicate {
  if (typeof key === 'boolean') {
    return op === 'eq' ? (target) => get(target) === key : (target) => get(target) !== key;
  }
  if (typeof key === 'number') {
    const literal = instant(key);
    return (target) => {
      const value = get(target);
      const order = typeof value === 'string' ? compareInstant(value, literal) : null;
      // A missing or unreadable date is null, which only `ne` accepts.
      return order === null ? op === 'ne' : satisfies(op, order);
    };
  }
  if (op === 'eq' || op === 'ne') {
    const equals = textMatcher('equals', key);
    const test: Predicate = (target) => {
      const value = get(target);
      return typeof value === 'string' && equals(value);
    };
    return op === 'eq' ? test : (target) => !test(target);
  }
  return (target) => {
    const value = get(target);
    return typeof value === 'string' && satisfies(op, order(value.toLowerCase(), key));
  };
}

/** Whether `value <op> literal` holds, given how the value orders against the literal. */
function satisfies(op: ValueOp, order: number): boolean {
  switch (op) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'ge':
      return order >= 0;
    case 'le':
      return order <= 0;
  }
}

class Compiler {
  readonly advancedReasons: FilterError[] = [];
  orClauses = 0;

  constructor(private readonly schema: EntitySchema) {}

  private unsupportedProperty(property: string): FilterFailure {
    return new FilterFailure(
      unsupported(FilterMessages.unsupportedProperty(property, this.schema.resource)),
    );
  }

  private needsAdvanced(reason: FilterError): void {
    this.advancedReasons.push(reason);
  }

  private needsMode(mode: Mode, label: string): void {
    if (mode === 'advanced')
      this.needsAdvanced(
        unsupported(FilterMessages.unsupportedProperty(label, this.schema.resource)),
      );
  }

  predicate(node: Node, scope: Scope | null): Predicate {
    switch (node.kind) {
      case 'or':
      case 'and':
        return this.junction(node.kind, node, scope);
      case 'not': {
        // Graph wants not(collection/any(...)) rather than a negation inside the lambda.
        if (scope !== null) throw this.unsupportedProperty(scope.collection);
        this.needsAdvanced(unsupported(FilterMessages.advancedOperator('not')));
        const operand = this.predicate(node.operand, scope);
        return (target) => !operand(target);
      }
      case 'compare':
        return this.comparison(node.op, node.left, node.right, scope);
      case 'in':
        return this.inList(node.left, node.items, scope);
      case 'call':
        return this.call(node.name, node.args, scope);
      case 'path':
        if (node.lambda !== null) return this.lambda(node.names, node.lambda, scope);
        throw new FilterFailure(unsupported(FilterMessages.unsupportedQuery));
      case 'literal':
        throw new FilterFailure(unsupported(FilterMessages.unsupportedQuery));
    }
  }

  private junction(kind: 'or' | 'and', node: Node, scope: Scope | null): Predicate {
    // Flatten chains into one loop: long `or` lists would otherwise nest one closure per clause.
    const clauses: Node[] = [];
    const pending: Node[] = [node];
    for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
      if (current.kind === kind) pending.push(current.right, current.left);
      else clauses.push(current);
    }
    if (kind === 'or') {
      const count = clauses.reduce(
        (sum, clause) => sum + (clause.kind === 'in' ? clause.items.length : 1),
        0,
      );
      this.orClauses = Math.max(this.orClauses, count);
    }
    const predicates = clauses.map((clause) => this.predicate(clause, scope));
    if (kind === 'or') {
      return (target) => {
        for (const predicate of predicates) if (predicate(target)) return true;
        return false;
      };
    }
    return (target) => {
      for (const predicate of predicates) if (!predicate(target)) return false;
      return true;
    };
  }

  private operand(node: Node, scope: Scope | null): Operand {
    if (node.kind === 'literal') return { kind: 'literal', type: node.type, value: node.value };
    if (node.kind === 'path' && node.lambda === null) return this.path(node.names, scope);
    if (node.kind === 'call') this.refuseFunction(node.name);
    if (node.kind === 'not') {
      // `not userType eq 'Member'` binds as `(not userType) eq 'Member'`, as in OData.
      const inner = node.operand.kind === 'path' ? this.operand(node.operand, scope) : null;
      const type = inner?.kind === 'value' ? inner.cap.type : 'Edm.Boolean';
      if (type !== 'Edm.Boolean') throw invalidClause(Detail.unaryIncompatible(type));
    }
    throw new FilterFailure(unsupported(FilterMessages.unsupportedQuery));
  }

  private path(names: string[], scope: Scope | null): Operand {
    const [first = '', ...rest] = names;
    const lower = first.toLowerCase();
    if (scope !== null && lower === scope.variable) return this.rangeVariable(rest, scope);
    // Inside a lambda only the range variable may be used.
    if (scope !== null) throw new FilterFailure(unsupported(FilterMessages.unsupportedQuery));

    const scalar = this.schema.scalars.get(lower);
    if (scalar !== undefined) {
      const [name, cap] = scalar;
      if (rest[0] !== undefined) throw invalidClause(Detail.propertyNotFound(rest[0], cap.type));
      return {
        kind: 'value',
        cap,
        label: name,
        scope: null,
        get: (target) => (target as Record<string, unknown>)[name],
      };
    }
    const complex = this.schema.complexes.get(lower);
    if (complex !== undefined) {
      const [name, type] = complex;
      const sub = rest[0];
      if (sub === undefined || rest.length > 1) throw this.unsupportedProperty(name);
      const found = Object.entries(type.props).find(
        ([prop]) => prop.toLowerCase() === sub.toLowerCase(),
      );
      if (found === undefined) throw invalidClause(Detail.propertyNotFound(sub, type.name));
      const [prop, cap] = found;
      const get: Getter = (target) => {
        const value = (target as Record<string, unknown>)[name];
        return isRecord(value) ? value[prop] : undefined;
      };
      return { kind: 'value', cap, label: name, scope: null, get };
    }
    const collection = this.schema.collections.get(lower);
    if (collection !== undefined) {
      const [name, cap] = collection;
      if (rest.length === 0) return { kind: 'collection', collection: name };
      if (rest.length === 1 && rest[0]?.toLowerCase() === '$count')
        return { kind: 'count', collection: name, cap };
      throw this.unsupportedProperty(name);
    }
    const unfilterable = this.schema.unfilterable.get(lower);
    if (unfilterable !== undefined) throw this.unsupportedProperty(unfilterable);
    throw invalidClause(Detail.propertyNotFound(first, this.schema.type));
  }

  private rangeVariable(rest: string[], scope: Scope): Operand {
    const item = scope.item;
    if (!('props' in item)) {
      if (rest[0] !== undefined) throw invalidClause(Detail.propertyNotFound(rest[0], item.type));
      return { kind: 'value', cap: item, label: scope.collection, scope, get: (target) => target };
    }
    const sub = rest[0];
    if (sub === undefined || rest.length > 1) throw this.unsupportedProperty(scope.collection);
    const found = Object.entries(item.props).find(
      ([prop]) => prop.toLowerCase() === sub.toLowerCase(),
    );
    if (found === undefined) throw invalidClause(Detail.propertyNotFound(sub, item.name));
    const [prop, cap] = found;
    return {
      kind: 'value',
      cap,
      label: scope.collection,
      scope,
      get: (target) => (isRecord(target) ? target[prop] : undefined),
    };
  }

  /** The literal's comparable key, refusing a literal of the wrong type as OData's binder does. */
  private literalKey(cap: Cap, literal: { type: LiteralKind; value: string }, kind: string): Key {
    const expected: Partial<Record<EdmType, LiteralKind>> = {
      'Edm.String': 'string',
      'Edm.Boolean': 'boolean',
      'Edm.Guid': 'guid',
      'Edm.DateTimeOffset': 'dateTimeOffset',
    };
    if (expected[cap.type] !== literal.type) {
      throw invalidClause(Detail.incompatibleTypes(cap.type, literalEdmTypes[literal.type], kind));
    }
    const key =
      literal.type === 'boolean' ? literal.value === 'true' : keyOf(cap.type, literal.value);
    if (key === null) throw invalidClause(Detail.dateTimeOffsetFormat(literal.value));
    return key;
  }

  private comparison(
    op: CompareOp,
    leftNode: Node,
    rightNode: Node,
    scope: Scope | null,
  ): Predicate {
    let left = this.operand(leftNode, scope);
    let right = this.operand(rightNode, scope);
    if (left.kind === 'literal' && right.kind !== 'literal') {
      [left, right] = [right, left];
      op = flipped[op];
    }
    const kind = operatorKinds[op];
    if (left.kind === 'collection') throw invalidClause(Detail.notSingleValue(kind));
    if (right.kind !== 'literal' || left.kind === 'literal') {
      if (right.kind === 'collection') throw invalidClause(Detail.notSingleValue(kind));
      throw new FilterFailure(unsupported(FilterMessages.unsupportedQuery));
    }
    if (left.kind === 'count') return this.countComparison(op, left, right);

    const { cap, label } = left;
    const get = left.get;
    if (op === 'ne' && left.scope !== null) throw this.unsupportedProperty(label);
    if (op !== 'eq' && op !== 'ne' && op !== 'ge' && op !== 'le')
      throw this.unsupportedProperty(label);
    if (op === 'ne') this.needsAdvanced(unsupported(FilterMessages.advancedOperator('ne')));

    if (right.type === 'null') {
      if (op !== 'eq' && op !== 'ne') throw this.unsupportedProperty(label);
      if (cap.null === undefined || left.scope !== null) throw this.unsupportedProperty(label);
      this.needsMode(cap.null, label);
      const isNull: Predicate = (target) => get(target) == null;
      return op === 'eq' ? isNull : (target) => !isNull(target);
    }

    const mode = op === 'ge' || op === 'le' ? cap.range : cap.eq;
    if (mode === undefined) throw this.unsupportedProperty(label);
    const key = this.literalKey(cap, right, kind);
    this.needsMode(mode, label);
    return valuePredicate(op, key, get);
  }

  private countComparison(
    op: CompareOp,
    left: { collection: string; cap: CollectionCap },
    right: { type: LiteralKind; value: string },
  ): Predicate {
    const kind = operatorKinds[op];
    if (right.type !== 'integer') {
      throw invalidClause(Detail.incompatibleTypes('Edm.Int32', literalEdmTypes[right.type], kind));
    }
    const expected = Number(right.value.replace(/[lL]$/, ''));
    // Graph documents only the empty-collection checks: /$count eq 0|1 and ne 0|1.
    if (
      left.cap.count === undefined ||
      (op !== 'eq' && op !== 'ne') ||
      (expected !== 0 && expected !== 1)
    ) {
      throw this.unsupportedProperty(left.collection);
    }
    if (op === 'ne') this.needsAdvanced(unsupported(FilterMessages.advancedOperator('ne')));
    this.needsMode(left.cap.count, left.collection);
    const name = left.collection;
    const count = (target: unknown): number => {
      const value = (target as Record<string, unknown>)[name];
      return Array.isArray(value) ? value.length : 0;
    };
    return op === 'eq'
      ? (target) => count(target) === expected
      : (target) => count(target) !== expected;
  }

  private inList(leftNode: Node, items: Node[], scope: Scope | null): Predicate {
    this.orClauses = Math.max(this.orClauses, items.length);
    const left = this.operand(leftNode, scope);
    if (left.kind === 'collection' || left.kind === 'count')
      throw invalidClause(Detail.notSingleValue('In'));
    if (left.kind === 'literal')
      throw new FilterFailure(unsupported(FilterMessages.unsupportedQuery));
    const { cap, label, get } = left;
    if (cap.in === undefined) throw this.unsupportedProperty(label);
    const keys = new Set<Key>();
    let includesNull = false;
    for (const item of items) {
      if (item.kind !== 'literal') throw invalidClause(Detail.inLiteral(cap.type));
      if (item.type === 'null') {
        if (cap.null === undefined || left.scope !== null) throw this.unsupportedProperty(label);
        includesNull = true;
        continue;
      }
      keys.add(this.literalKey(cap, item, 'Equal'));
    }
    this.needsMode(cap.in, label);
    if (includesNull && cap.null !== undefined) this.needsMode(cap.null, label);
    const type = cap.type;
    if (type === 'Edm.String' || type === 'Edm.Guid') {
      // As in textMatcher: an ASCII literal only matches a value of its own length.
      const byLength = new Map<number, string[]>();
      const ascii = [...keys].every((key) => typeof key === 'string' && isAscii(key));
      for (const key of keys) {
        if (typeof key === 'string')
          byLength.set(key.length, [...(byLength.get(key.length) ?? []), key]);
      }
      return (target) => {
        const value = get(target);
        if (value == null) return includesNull;
        if (typeof value !== 'string') return false;
        if (ascii) {
          const candidates = byLength.get(value.length);
          if (candidates === undefined) return false;
          if (candidates.includes(value)) return true;
        }
        return keys.has(value.toLowerCase());
      };
    }
    return (target) => {
      const value = get(target);
      if (value == null) return includesNull;
      const key = keyOf(type, value);
      return key !== null && keys.has(key);
    };
  }

  /** Throws Graph's error for any function other than startsWith and endsWith. */
  private refuseFunction(name: string): void {
    const lower = name.toLowerCase();
    if (lower === 'startswith' || lower === 'endswith') return;
    const builtIn = builtInFunctions.get(lower);
    if (builtIn !== undefined)
      throw new FilterFailure(unsupported(FilterMessages.unsupportedFunction(builtIn)));
    throw invalidClause(Detail.unknownFunction(name));
  }

  private call(name: string, args: Node[], scope: Scope | null): Predicate {
    this.refuseFunction(name);
    const lower = name.toLowerCase();
    const [subjectNode, prefixNode] = args;
    if (args.length !== 2 || subjectNode === undefined || prefixNode === undefined) {
      throw invalidClause(Detail.noFunctionSignature(lower));
    }
    const subject = this.operand(subjectNode, scope);
    const prefix = this.operand(prefixNode, scope);
    if (subject.kind === 'collection' || subject.kind === 'count') {
      throw invalidClause(Detail.noFunctionSignature(lower));
    }
    if (subject.kind !== 'value' || prefix.kind !== 'literal' || prefix.type === 'null') {
      throw new FilterFailure(unsupported(FilterMessages.unsupportedQuery));
    }
    const { cap, label, get } = subject;
    if (cap.type !== 'Edm.String' || prefix.type !== 'string')
      throw invalidClause(Detail.noFunctionSignature(lower));
    const mode = lower === 'startswith' ? cap.startsWith : cap.endsWith;
    if (mode === undefined) throw this.unsupportedProperty(label);
    if (lower === 'endswith')
      this.needsAdvanced(unsupported(FilterMessages.advancedOperator('endsWith')));
    this.needsMode(mode, label);
    const matches = textMatcher(
      lower === 'startswith' ? 'startsWith' : 'endsWith',
      prefix.value.toLowerCase(),
    );
    return (target) => {
      const value = get(target);
      return typeof value === 'string' && matches(value);
    };
  }

  private lambda(names: string[], lambda: Lambda, scope: Scope | null): Predicate {
    if (scope !== null) throw new FilterFailure(unsupported(FilterMessages.unsupportedQuery));
    const [first = '', ...rest] = names;
    const collection = this.schema.collections.get(first.toLowerCase());
    if (collection === undefined || rest.length > 0) {
      // Resolves the path for the right error: no such property, not filterable, or not a collection.
      const operand = this.path(names, null);
      const name = operand.kind === 'value' ? operand.label : first;
      throw invalidClause(Detail.notCollection(name));
    }
    const [name, cap] = collection;
    // Graph supports neither `all` nor the bare `any()` on users.
    if (lambda.op === 'all' || lambda.variable === null || lambda.body === null)
      throw this.unsupportedProperty(name);
    const body = this.predicate(lambda.body, {
      variable: lambda.variable.toLowerCase(),
      collection: name,
      item: cap.item,
    });
    return (target) => {
      const items = (target as Record<string, unknown>)[name];
      if (!Array.isArray(items)) return false;
      for (const item of items) if (body(item)) return true;
      return false;
    };
  }
}
