import { describe, expect, it } from 'vitest';
import type { GraphGroup, GraphUser } from '../tenant/tenant-data.js';
import {
  FilterMessages,
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  isFilterError,
  parseGroupFilter,
  parseUserFilter,
  requireAdvancedQuery,
  type FilterError,
  type UserFilter,
} from './odata-filter.js';

const E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
const E5 = 'c7df2760-2c81-4ef7-b578-5b5392b571df';

const users: GraphUser[] = [
  {
    id: 'a1',
    displayName: 'Adele Vance',
    givenName: 'Adele',
    surname: 'Vance',
    userPrincipalName: 'AdeleV@contoso.com',
    mail: 'AdeleV@contoso.com',
    mailNickname: 'AdeleV',
    userType: 'Member',
    accountEnabled: true,
    jobTitle: 'Retail Manager',
    department: 'Retail',
    companyName: 'Contoso',
    officeLocation: '18/2111',
    city: 'Bellevue',
    state: 'WA',
    country: 'United States',
    postalCode: '98004',
    employeeId: '1001',
    employeeType: 'Employee',
    creationType: null,
    onPremisesSyncEnabled: true,
    usageLocation: 'US',
    preferredLanguage: 'en-US',
    createdDateTime: '2021-03-01T10:00:00Z',
    employeeHireDate: '2020-01-15T00:00:00Z',
    assignedLicenses: [{ skuId: E5, disabledPlans: [] }],
    proxyAddresses: [
      'SMTP:AdeleV@contoso.com',
      'smtp:adele@contoso.onmicrosoft.com',
      'X500:/o=ExchangeLabs/cn=Adele',
    ],
    otherMails: [],
    businessPhones: ['+1 425 555 0109'],
    imAddresses: ['adelev@contoso.com'],
    onPremisesExtensionAttributes: { extensionAttribute1: 'Store-42', extensionAttribute2: null },
  },
  {
    id: 'g2',
    displayName: 'Megan Bowen (Fabrikam)',
    givenName: 'Megan',
    surname: 'Bowen',
    userPrincipalName: 'megan_fabrikam.com#EXT#@contoso.onmicrosoft.com',
    mail: 'megan@fabrikam.com',
    userType: 'Guest',
    creationType: 'Invitation',
    externalUserState: 'Accepted',
    accountEnabled: true,
    companyName: 'Fabrikam',
    createdDateTime: '2023-06-10T08:30:00Z',
    assignedLicenses: [],
    proxyAddresses: ['SMTP:megan_fabrikam.com#EXT#@contoso.onmicrosoft.com'],
    otherMails: ['megan@fabrikam.com'],
    businessPhones: [],
  },
  {
    id: 'd3',
    displayName: "Patrick O'Brien",
    givenName: 'Patrick',
    surname: "O'Brien",
    userPrincipalName: 'PatrickO@contoso.com',
    mail: 'PatrickO@contoso.com',
    userType: 'Member',
    accountEnabled: false,
    department: 'Sales',
    city: 'Dublin',
    createdDateTime: '2019-11-20T12:00:00Z',
    assignedLicenses: [{ skuId: E3, disabledPlans: [] }],
    proxyAddresses: ['SMTP:PatrickO@contoso.com'],
    businessPhones: ['+353 1 555 0100'],
  },
  {
    id: 'u4',
    displayName: 'Lee Gu',
    givenName: 'Lee',
    surname: 'Gu',
    userPrincipalName: 'LeeG@contoso.com',
    mail: null,
    userType: 'Member',
    accountEnabled: true,
    department: 'sales',
    jobTitle: 'Director',
    assignedLicenses: [],
    proxyAddresses: [],
    businessPhones: ['+1 206 555 0101'],
  },
  {
    id: 'x5',
    displayName: 'Isaiah Langer',
    givenName: 'Isaiah',
    surname: 'Langer',
    userPrincipalName: 'IsaiahL@contoso.com',
    mail: 'IsaiahL@contoso.com',
    userType: 'Member',
    accountEnabled: true,
    department: 'Sales',
    employeeType: 'Contractor',
    onPremisesSyncEnabled: false,
    assignedLicenses: [
      { skuId: E3, disabledPlans: [] },
      { skuId: E5, disabledPlans: [] },
    ],
    proxyAddresses: [
      'SMTP:IsaiahL@contoso.com',
      'smtp:isaiah.langer@contoso.com',
      'SIP:isaiahl@contoso.com',
      'X500:/o=ExchangeLabs/cn=Isaiah',
    ],
    onPremisesExtensionAttributes: { extensionAttribute1: 'Contractor', extensionAttribute7: 'M' },
  },
];

function parse(text: string): UserFilter {
  const result = parseUserFilter(text);
  if (isFilterError(result)) throw new Error(`${text}: ${result.message} (${result.detail ?? ''})`);
  return result;
}

function ids(text: string): string[] {
  const filter = parse(text);
  return users.filter((user) => filter.matches(user)).map((user) => user.id);
}

function failure(text: string): FilterError {
  const result = parseUserFilter(text);
  if (!isFilterError(result)) throw new Error(`${text} parsed`);
  return result;
}

const advancedParameters = {
  consistencyLevelEventual: true,
  countRequested: true,
  countSegment: false,
};
const plainRequest = {
  consistencyLevelEventual: false,
  countRequested: false,
  countSegment: false,
};

describe('evaluation', () => {
  const cases: [string, string[]][] = [
    // eq on strings and booleans, case-insensitive like Entra
    ["userType eq 'Guest'", ['g2']],
    ["userType eq 'guest'", ['g2']],
    ['accountEnabled eq false', ['d3']],
    ['accountEnabled eq true', ['a1', 'g2', 'u4', 'x5']],
    ["department eq 'SALES'", ['d3', 'u4', 'x5']],
    ["mail eq 'adelev@CONTOSO.com'", ['a1']],
    ["userPrincipalName eq 'megan_fabrikam.com#EXT#@contoso.onmicrosoft.com'", ['g2']],
    ["id eq 'u4'", ['u4']],
    ["creationType eq 'Invitation'", ['g2']],
    ['onPremisesSyncEnabled eq true', ['a1']],
    // keywords and property names in any case
    ["UserType EQ 'Member' AND AccountEnabled eq True", ['a1', 'u4', 'x5']],
    // startsWith / endsWith
    ["startsWith(displayName,'a')", ['a1']],
    ["startswith(givenName, 'LEE')", ['u4']],
    ["endsWith(userPrincipalName,'#EXT#@contoso.onmicrosoft.com')", ['g2']],
    ["endswith(mail,'@contoso.com')", ['a1', 'd3', 'x5']],
    // precedence: not > and > or, and parentheses
    ["userType eq 'Guest' or department eq 'Sales' and accountEnabled eq false", ['g2', 'd3']],
    [
      "(userType eq 'Guest' or department eq 'Sales') and accountEnabled eq true",
      ['g2', 'u4', 'x5'],
    ],
    ["not(userType eq 'Member') or accountEnabled eq false", ['g2', 'd3']],
    ["NOT startsWith(displayName, 'A') and not (department eq 'sales')", ['g2']],
    ["((((displayName eq 'Lee Gu'))))", ['u4']],
    // ne and not include users where the property is null
    ["jobTitle ne 'Director'", ['a1', 'g2', 'd3', 'x5']],
    ["not(companyName eq 'Contoso')", ['g2', 'd3', 'u4', 'x5']],
    ["companyName ne null and NOT(companyName eq 'Microsoft')", ['a1', 'g2']],
    // null checks: a missing property is null
    ['jobTitle eq null', ['g2', 'd3', 'x5']],
    ['mail eq null', ['u4']],
    ['city ne null', ['a1', 'd3']],
    ['onPremisesSyncEnabled eq null', ['g2', 'd3', 'u4']],
    ["companyName in (null, 'Contoso')", ['a1', 'd3', 'u4', 'x5']],
    // in
    ["department in ('Retail', 'sales')", ['a1', 'd3', 'u4', 'x5']],
    ["userType in ('GUEST')", ['g2']],
    ["id in ('a1','x5','nobody')", ['a1', 'x5']],
    ["not(userType in ('Member'))", ['g2']],
    // quote escaping
    ["surname eq 'O''Brien'", ['d3']],
    ["startswith(displayName,'Patrick O''')", ['d3']],
    // lambdas on string collections
    ["proxyAddresses/any(p:startswith(p,'smtp:'))", ['a1', 'g2', 'd3', 'x5']],
    ["proxyAddresses/any(p:p eq 'SMTP:isaiahl@contoso.com')", ['x5']],
    ["proxyAddresses/any(x:startswith(x,'X500:'))", ['a1', 'x5']],
    ["proxyAddresses/any(p:startswith(p,'sip:') or startswith(p,'x500:'))", ['a1', 'x5']],
    ["proxyAddresses/any(p:endswith(p,'onmicrosoft.com'))", ['a1', 'g2']],
    ["otherMails/any(m:m eq 'MEGAN@fabrikam.com')", ['g2']],
    ["otherMails/any(m:m in ('nobody@x.com','megan@fabrikam.com'))", ['g2']],
    ["imAddresses/any(i:i eq 'adelev@contoso.com')", ['a1']],
    ["businessPhones/any(p:p eq '+1 206 555 0101')", ['u4']],
    ["not(proxyAddresses/any(p:startswith(p,'sip:')))", ['a1', 'g2', 'd3', 'u4']],
    // lambda on a complex collection, GUIDs unquoted and case-insensitive
    [`assignedLicenses/any(x:x/skuId eq ${E5})`, ['a1', 'x5']],
    [`assignedLicenses/any(x:x/skuId eq ${E3.toUpperCase()})`, ['d3', 'x5']],
    // $count on collections
    ['assignedLicenses/$count eq 0', ['g2', 'u4']],
    ['assignedLicenses/$count ne 0', ['a1', 'd3', 'x5']],
    ['not(assignedLicenses/$count eq 0)', ['a1', 'd3', 'x5']],
    ['proxyAddresses/$count eq 1', ['g2', 'd3']],
    ['otherMails/$count eq 0', ['a1', 'd3', 'u4', 'x5']],
    // nested complex properties
    ["onPremisesExtensionAttributes/extensionAttribute1 eq 'contractor'", ['x5']],
    ['onPremisesExtensionAttributes/extensionAttribute2 eq null', ['a1', 'g2', 'd3', 'u4', 'x5']],
    [
      "onPremisesExtensionAttributes/extensionAttribute1 in ('Store-42', 'Contractor')",
      ['a1', 'x5'],
    ],
    // dates: ge/le with DateTimeOffset literals
    ['createdDateTime ge 2021-01-01T00:00:00Z', ['a1', 'g2']],
    [
      'createdDateTime le 2021-03-01T10:00:00Z and createdDateTime ge 2019-11-20T12:00:00Z',
      ['a1', 'd3'],
    ],
    ['createdDateTime ge 2021-03-01T11:00:00+01:00', ['a1', 'g2']],
    ['employeeHireDate le 2020-12-31T23:59:59.999Z', ['a1']],
    // ge/le on strings compare case-insensitively and in order
    ["surname ge 'l'", ['a1', 'd3', 'x5']],
    // advanced-only properties
    ["employeeType eq 'Contractor'", ['x5']],
    ["officeLocation eq '18/2111'", ['a1']],
    ["startswith(companyName,'fab')", ['g2']],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(ids(text)).toEqual(expected);
  });
});

describe('advanced query detection', () => {
  const cases: [string, boolean][] = [
    ["userType eq 'Guest'", false],
    ['accountEnabled eq false', false],
    ["startsWith(displayName,'a')", false],
    ["department in ('Retail', 'Sales')", false],
    ["proxyAddresses/any(p:startswith(p,'smtp:'))", false],
    [`assignedLicenses/any(x:x/skuId eq ${E5})`, false],
    ['createdDateTime ge 2021-01-01T00:00:00Z', false],
    ["userPrincipalName eq 'a@b.c' or mail eq 'a@b.c'", false],
    ["userType ne 'Guest'", true],
    ["not(userType eq 'Guest')", true],
    ["endsWith(mail,'@contoso.com')", true],
    ["proxyAddresses/any(p:endswith(p,'contoso.com'))", true],
    ["businessPhones/any(p:startswith(p,'+1'))", true],
    ['assignedLicenses/$count eq 0', true],
    ['jobTitle eq null', true],
    ["companyName eq 'Contoso'", true],
    ["officeLocation eq '18/2111'", true],
    ["employeeType eq 'Employee'", true],
    ['employeeHireDate ge 2020-01-01T00:00:00Z', true],
    ["onPremisesExtensionAttributes/extensionAttribute1 eq 'x'", true],
    ['createdDateTime in (2021-03-01T10:00:00Z)', true],
    ["displayName eq 'x' and (userType eq 'Guest' or companyName eq 'Contoso')", true],
  ];
  it.each(cases)('%s → %s', (text, advanced) => {
    expect(parse(text).advanced).toBe(advanced);
  });
});

describe('requireAdvancedQuery', () => {
  const notMember = parse("userType ne 'Member'");
  const simple = parse("userType eq 'Member'");

  it('lets a default filter through without advanced parameters', () => {
    expect(requireAdvancedQuery(simple, plainRequest)).toBeNull();
  });

  it('needs both the header and $count=true on /users', () => {
    expect(requireAdvancedQuery(notMember, advancedParameters)).toBeNull();
    for (const opts of [
      plainRequest,
      { consistencyLevelEventual: true, countRequested: false, countSegment: false },
      { consistencyLevelEventual: false, countRequested: true, countSegment: false },
    ]) {
      expect(requireAdvancedQuery(notMember, opts)).toEqual({
        status: 400,
        code: 'Request_UnsupportedQuery',
        message:
          "Operator 'ne' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information",
      });
    }
  });

  it('needs only the header on /users/$count', () => {
    expect(
      requireAdvancedQuery(notMember, {
        consistencyLevelEventual: true,
        countRequested: false,
        countSegment: true,
      }),
    ).toBeNull();
    expect(
      requireAdvancedQuery(notMember, {
        consistencyLevelEventual: false,
        countRequested: true,
        countSegment: true,
      }),
    ).not.toBeNull();
  });

  const firstReason: [string, string][] = [
    ["not(userType eq 'Guest')", FilterMessages.advancedOperator('not')],
    ["endsWith(mail,'@contoso.com')", FilterMessages.advancedOperator('endsWith')],
    ["companyName eq 'Contoso'", FilterMessages.unsupportedProperty('companyName')],
    ['city eq null', FilterMessages.unsupportedProperty('city')],
    ['assignedLicenses/$count eq 0', FilterMessages.unsupportedProperty('assignedLicenses')],
    [
      "onPremisesExtensionAttributes/extensionAttribute3 eq 'x'",
      FilterMessages.unsupportedProperty('onPremisesExtensionAttributes'),
    ],
    ["displayName eq 'x' and companyName ne 'y'", FilterMessages.advancedOperator('ne')],
  ];
  it.each(firstReason)('%s without advanced parameters → %s', (text, message) => {
    expect(requireAdvancedQuery(parse(text), plainRequest)).toEqual({
      status: 400,
      code: 'Request_UnsupportedQuery',
      message,
    });
  });

  it('caps or clauses and in values at 15 without advanced parameters', () => {
    const clauses = (n: number) => Array.from({ length: n }, (_, i) => `id eq '${i}'`).join(' or ');
    const values = (n: number) =>
      `id in (${Array.from({ length: n }, (_, i) => `'${i}'`).join(',')})`;
    expect(requireAdvancedQuery(parse(clauses(15)), plainRequest)).toBeNull();
    expect(requireAdvancedQuery(parse(values(15)), plainRequest)).toBeNull();
    for (const text of [clauses(18), values(18), `${values(10)} or ${clauses(8)}`]) {
      expect(requireAdvancedQuery(parse(text), plainRequest)).toEqual({
        status: 400,
        code: 'Request_UnsupportedQuery',
        message:
          "Too many child clauses specified in search filter expression containing 'OR' operators: 18. Max allowed: 15.",
      });
      expect(requireAdvancedQuery(parse(text), advancedParameters)).toBeNull();
    }
  });
});

describe('errors', () => {
  const unsupportedQuery = 'Request_UnsupportedQuery';
  const cases: [string, string, string, string?][] = [
    // properties Graph knows but cannot filter, or not with this operator
    ["aboutMe eq 'x'", unsupportedQuery, FilterMessages.unsupportedProperty('aboutMe')],
    ["manager/id eq 'x'", unsupportedQuery, FilterMessages.unsupportedProperty('manager')],
    [
      "identities/any(i:i/issuer eq 'x')",
      unsupportedQuery,
      FilterMessages.unsupportedProperty('identities'),
    ],
    ["startswith(userType,'G')", unsupportedQuery, FilterMessages.unsupportedProperty('userType')],
    [
      "endswith(displayName,'x')",
      unsupportedQuery,
      FilterMessages.unsupportedProperty('displayName'),
    ],
    ["displayName gt 'a'", unsupportedQuery, FilterMessages.unsupportedProperty('displayName')],
    ["userType ge 'a'", unsupportedQuery, FilterMessages.unsupportedProperty('userType')],
    [
      'userPrincipalName eq null',
      unsupportedQuery,
      FilterMessages.unsupportedProperty('userPrincipalName'),
    ],
    [
      'accountEnabled in (true, null)',
      unsupportedQuery,
      FilterMessages.unsupportedProperty('accountEnabled'),
    ],
    [
      "proxyAddresses/any(p:p ne 'x')",
      unsupportedQuery,
      FilterMessages.unsupportedProperty('proxyAddresses'),
    ],
    [
      "proxyAddresses/any(p:not(p eq 'x'))",
      unsupportedQuery,
      FilterMessages.unsupportedProperty('proxyAddresses'),
    ],
    [
      "proxyAddresses/all(p:startswith(p,'smtp:'))",
      unsupportedQuery,
      FilterMessages.unsupportedProperty('proxyAddresses'),
    ],
    [
      "imAddresses/any(i:endswith(i,'x'))",
      unsupportedQuery,
      FilterMessages.unsupportedProperty('imAddresses'),
    ],
    [
      'assignedLicenses/$count eq 2',
      unsupportedQuery,
      FilterMessages.unsupportedProperty('assignedLicenses'),
    ],
    [
      'businessPhones/$count eq 0',
      unsupportedQuery,
      FilterMessages.unsupportedProperty('businessPhones'),
    ],
    [
      `assignedLicenses/any(x:x/disabledPlans eq ${E3})`,
      unsupportedQuery,
      FilterMessages.unsupportedProperty('assignedLicenses'),
    ],
    [
      "onPremisesExtensionAttributes eq 'x'",
      unsupportedQuery,
      FilterMessages.unsupportedProperty('onPremisesExtensionAttributes'),
    ],
    // functions Entra does not run
    [
      "contains(displayName,'a')",
      unsupportedQuery,
      "Unsupported property filter clause operator 'Contains'.",
    ],
    [
      "tolower(displayName) eq 'a'",
      unsupportedQuery,
      "Unsupported property filter clause operator 'ToLower'.",
    ],
    // valid OData that Entra cannot run
    ["'a' eq 'a'", unsupportedQuery, 'Unsupported Query.'],
    ['displayName eq givenName', unsupportedQuery, 'Unsupported Query.'],
    ['accountEnabled', unsupportedQuery, 'Unsupported Query.'],
    // syntax and type errors: BadRequest, "Invalid filter clause", the parser's reason in detail
    ['', 'BadRequest', 'Invalid filter clause', "Expression expected at position 0 in ''."],
    [
      "displayName eq 'a' and",
      'BadRequest',
      'Invalid filter clause',
      "Expression expected at position 22 in 'displayName eq 'a' and'.",
    ],
    [
      "displayName eq 'O'Brien'",
      'BadRequest',
      'Invalid filter clause',
      "There is an unterminated string literal at position 24 in 'displayName eq 'O'Brien''.",
    ],
    [
      "displayName eq 'abc",
      'BadRequest',
      'Invalid filter clause',
      "There is an unterminated string literal at position 19 in 'displayName eq 'abc'.",
    ],
    [
      'startswith(displayName,"a")',
      'BadRequest',
      'Invalid filter clause',
      `Syntax error: character '"' is not valid at position 23 in 'startswith(displayName,"a")'.`,
    ],
    [
      "(displayName eq 'a'",
      'BadRequest',
      'Invalid filter clause',
      "')' or operator expected at position 19 in '(displayName eq 'a''.",
    ],
    [
      "startswith(displayName 'a')",
      'BadRequest',
      'Invalid filter clause',
      "')' or ',' expected at position 23 in 'startswith(displayName 'a')'.",
    ],
    [
      "displayName eq 'a' 'b'",
      'BadRequest',
      'Invalid filter clause',
      "Syntax error at position 22 in 'displayName eq 'a' 'b''.",
    ],
    [
      "displayName in 'a'",
      'BadRequest',
      'Invalid filter clause',
      "'(' expected at position 15 in 'displayName in 'a''.",
    ],
    [
      "foo eq 'x'",
      'BadRequest',
      'Invalid filter clause',
      "Could not find a property named 'foo' on type 'microsoft.graph.user'.",
    ],
    [
      "onPremisesExtensionAttributes/extensionAttribute16 eq 'x'",
      'BadRequest',
      'Invalid filter clause',
      "Could not find a property named 'extensionAttribute16' on type 'microsoft.graph.onPremisesExtensionAttributes'.",
    ],
    [
      "accountEnabled eq 'true'",
      'BadRequest',
      'Invalid filter clause',
      "A binary operator with incompatible types was detected. Found operand types 'Edm.Boolean' and 'Edm.String' for operator kind 'Equal'.",
    ],
    [
      "assignedLicenses/any(x:x/skuId eq '" + E5 + "')",
      'BadRequest',
      'Invalid filter clause',
      "A binary operator with incompatible types was detected. Found operand types 'Edm.Guid' and 'Edm.String' for operator kind 'Equal'.",
    ],
    [
      "createdDateTime ge '2021-01-01'",
      'BadRequest',
      'Invalid filter clause',
      "A binary operator with incompatible types was detected. Found operand types 'Edm.DateTimeOffset' and 'Edm.String' for operator kind 'GreaterThanOrEqual'.",
    ],
    [
      'createdDateTime ge 2021-07-01',
      'BadRequest',
      'Invalid filter clause',
      "A binary operator with incompatible types was detected. Found operand types 'Edm.DateTimeOffset' and 'Edm.Date' for operator kind 'GreaterThanOrEqual'.",
    ],
    [
      'createdDateTime ge 2021-07-01T00:00:00',
      'BadRequest',
      'Invalid filter clause',
      "The DateTimeOffset text '2021-07-01T00:00:00' should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?' and each field value is within valid range.",
    ],
    [
      "assignedLicenses/$count eq '0'",
      'BadRequest',
      'Invalid filter clause',
      "A binary operator with incompatible types was detected. Found operand types 'Edm.Int32' and 'Edm.String' for operator kind 'Equal'.",
    ],
    [
      "proxyAddresses eq 'SMTP:a@b.c'",
      'BadRequest',
      'Invalid filter clause',
      "The operand for a binary operator 'Equal' is not a single value. Binary operators require both operands to be single values.",
    ],
    [
      "not userType eq 'Member'",
      'BadRequest',
      'Invalid filter clause',
      "A unary operator with an incompatible type was detected. Found operand type 'Edm.String' for operator kind 'Not'.",
    ],
    ["startswith(accountEnabled,'t')", 'BadRequest', 'Invalid filter clause'],
    [
      "frobnicate(displayName,'a')",
      'BadRequest',
      'Invalid filter clause',
      "An unknown function with name 'frobnicate' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.",
    ],
    ["displayName/any(d:d eq 'a')", 'BadRequest', 'Invalid filter clause'],
  ];
  it.each(cases)('%s → %s', (text, code, message, detail) => {
    const error = failure(text);
    expect(error.status).toBe(400);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    if (detail !== undefined) expect(error.detail).toBe(detail);
  });

  it('refuses a filter longer than the cap', () => {
    const clause = "displayName eq 'x' or ";
    const text = clause.repeat(Math.ceil(MAX_FILTER_LENGTH / clause.length)) + "displayName eq 'y'";
    const error = failure(text);
    expect(error).toMatchObject({
      status: 400,
      code: 'BadRequest',
      message: 'Invalid filter clause',
    });
    expect(error.detail).toMatch(/at most 4096/);
  });

  it('accepts a long but legal filter under the cap', () => {
    const text = Array.from({ length: 100 }, (_, i) => `id eq 'user-${i}'`).join(' or ');
    expect(text.length).toBeLessThan(MAX_FILTER_LENGTH);
    expect(parse(text).matches(users[0]!)).toBe(false);
  });

  it('refuses nesting deeper than the cap', () => {
    const deep = (n: number) => '('.repeat(n) + "displayName eq 'x'" + ')'.repeat(n);
    expect(isFilterError(parseUserFilter(deep(MAX_FILTER_DEPTH - 2)))).toBe(false);
    for (const text of [
      deep(MAX_FILTER_DEPTH + 1),
      'not '.repeat(MAX_FILTER_DEPTH + 1) + "displayName eq 'x'",
    ]) {
      expect(failure(text)).toEqual({
        status: 400,
        code: 'BadRequest',
        message: 'Invalid filter clause',
        detail: 'Recursion depth exceeded allowed limit.',
      });
    }
  });
});

describe('DateTimeOffset values in any stored form', () => {
  const stamped: GraphUser[] = [
    { id: 'seconds', userPrincipalName: 'a@x', createdDateTime: '2021-03-01T10:00:00Z' },
    { id: 'millis', userPrincipalName: 'b@x', createdDateTime: '2021-03-01T10:00:00.000Z' },
    { id: 'quarter', userPrincipalName: 'c@x', createdDateTime: '2021-03-01T10:00:00.250Z' },
    { id: 'offset', userPrincipalName: 'd@x', createdDateTime: '2021-03-01T11:00:00+01:00' },
    { id: 'garbage', userPrincipalName: 'e@x', createdDateTime: 'not a date' },
    { id: 'missing', userPrincipalName: 'f@x' },
  ];
  const cases: [string, string[]][] = [
    ['createdDateTime eq 2021-03-01T10:00:00Z', ['seconds', 'millis', 'offset']],
    ['createdDateTime ge 2021-03-01T10:00:00.1Z', ['quarter']],
    ['createdDateTime le 2021-03-01T10:00:00.25Z', ['seconds', 'millis', 'quarter', 'offset']],
    ['createdDateTime le 2021-03-01T09:59:59.999Z', []],
    ['createdDateTime ge 2021-03-01T05:00:00-05:00', ['seconds', 'millis', 'quarter', 'offset']],
    ['createdDateTime ne 2021-03-01T10:00:00Z', ['quarter', 'garbage', 'missing']],
  ];
  it.each(cases)('%s', (text, expected) => {
    const filter = parse(text);
    expect(stamped.filter((user) => filter.matches(user)).map((user) => user.id)).toEqual(expected);
  });
});

describe('text outside ASCII', () => {
  const people: GraphUser[] = [
    { id: 'e', userPrincipalName: 'elodie@x', displayName: 'Élodie Ångström', city: 'Zürich' },
    { id: 'j', userPrincipalName: 'jurgen@x', displayName: 'Jürgen Groß', city: 'ZÜRICH' },
  ];
  const cases: [string, string[]][] = [
    ["displayName eq 'élodie ångström'", ['e']],
    ["city eq 'zürich'", ['e', 'j']],
    ["startswith(displayName,'JÜR')", ['j']],
    ["startswith(displayName,'élo')", ['e']],
    ["city in ('ZüRiCh')", ['e', 'j']],
  ];
  it.each(cases)('%s', (text, expected) => {
    const filter = parse(text);
    expect(people.filter((user) => filter.matches(user)).map((user) => user.id)).toEqual(expected);
  });
});

describe('groups', () => {
  const group = (id: string, displayName: string, extra: Partial<GraphGroup> = {}): GraphGroup => ({
    id,
    displayName,
    mailEnabled: false,
    securityEnabled: true,
    groupTypes: [],
    members: [],
    ...extra,
  });
  const groups: GraphGroup[] = [
    group('sales', 'Sales Department', { description: 'Everyone in sales' }),
    group('staff', 'All Staff', {
      groupTypes: ['Unified'],
      mailEnabled: true,
      securityEnabled: false,
      mail: 'allstaff@contoso.example',
    }),
    group('quote', "O'Brien's Team"),
    group('odd', "x') or startswith(displayName,'"),
  ];
  const matching = (text: string): string[] => {
    const filter = parseGroupFilter(text);
    if (isFilterError(filter)) throw new Error(`${text}: ${filter.message}`);
    return groups.filter((g) => filter.matches(g)).map((g) => g.id);
  };

  const cases: [string, string[]][] = [
    ["startswith(displayName,'sal')", ['sales']],
    ["startswith(displayName,'')", ['sales', 'staff', 'quote', 'odd']],
    ["displayName eq 'all staff'", ['staff']],
    ["mail eq 'ALLSTAFF@contoso.example'", ['staff']],
    ['securityEnabled eq false', ['staff']],
    ["groupTypes/any(t:t eq 'Unified')", ['staff']],
    ["id in ('sales', 'odd')", ['sales', 'odd']],
    // Quotes doubled inside a literal are one quote of the name, never the end of the literal.
    ["startswith(displayName,'O''Brien')", ['quote']],
    ["startswith(displayName,'x'') or startswith(displayName,''')", ['odd']],
    ["startswith(displayName,'''')", []],
    // The same text unescaped would end the literal early and widen the filter to every group.
    [
      "startswith(displayName,'x') or startswith(displayName,'')",
      ['sales', 'staff', 'quote', 'odd'],
    ],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(matching(text)).toEqual(expected);
  });

  it("refuses what Graph refuses on groups, naming resource 'Group'", () => {
    const refused = (text: string) => {
      const result = parseGroupFilter(text);
      if (!isFilterError(result)) throw new Error(`${text} parsed`);
      return result;
    };
    expect(refused("members/any(m:m eq 'x')").message).toBe(
      FilterMessages.unsupportedProperty('members', 'Group'),
    );
    expect(refused("jobTitle eq 'x'")).toMatchObject({
      code: 'BadRequest',
      detail: "Could not find a property named 'jobTitle' on type 'microsoft.graph.group'.",
    });
    expect(refused("startswith(displayName,'unterminated)").code).toBe('BadRequest');
  });

  it('serves description only as an advanced query', () => {
    const filter = parseGroupFilter("startswith(description,'every')");
    if (isFilterError(filter)) throw new Error(filter.message);
    expect(requireAdvancedQuery(filter, plainRequest)).toMatchObject({
      code: 'Request_UnsupportedQuery',
      message: FilterMessages.unsupportedProperty('description', 'Group'),
    });
    expect(requireAdvancedQuery(filter, advancedParameters)).toBeNull();
    expect(groups.filter((g) => filter.matches(g)).map((g) => g.id)).toEqual(['sales']);
  });
});
