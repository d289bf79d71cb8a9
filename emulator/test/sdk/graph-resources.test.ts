import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import {
  GraphError,
  PageIterator,
  RetryHandlerOptions,
  type Client,
  type PageCollection,
} from '@microsoft/microsoft-graph-client';
import type { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/start-emulator.js';
import { generateTenant } from '../../src/tenant/generate-tenant.js';
import type { GraphUser, TenantData } from '../../src/tenant/tenant-data.js';
import { control, request } from '../support/control-plane.js';
import { graphClient, graphToken, trustingAgent } from '../support/sdk-clients.js';

// ---------------------------------------------------------------------------------------------
// Microsoft's v1.0 metadata subset, read independently of the emulator's own schema code

interface CsdlProperty {
  type: string;
  nullable: boolean;
}
interface CsdlType {
  kind: 'EntityType' | 'ComplexType' | 'EnumType';
  base: string | null;
  properties: Record<string, unknown>;
  navigation: string[];
}

const csdl = JSON.parse(
  readFileSync(new URL('../../src/graph/graph-v1.0-csdl-subset.json', import.meta.url), 'utf8'),
) as Record<string, CsdlType>;

/**
 * Enums the emulator sends whose types the subset leaves out, with their members from the
 * v1.0 reference (room.bookingType: unknown, standard, reserved).
 */
const enumsOutsideSubset: Record<string, readonly string[]> = {
  'graph.bookingType': ['unknown', 'standard', 'reserved', 'unknownFutureValue'],
};

function csdlType(name: string): CsdlType | undefined {
  return csdl[name.replace(/^graph\./, '')];
}

/** Structural properties of a type, including inherited ones (user → directoryObject → entity). */
function propertiesOf(name: string): Map<string, CsdlProperty> {
  const chain: CsdlType[] = [];
  for (let type = csdlType(name); type !== undefined;) {
    chain.unshift(type);
    type = type.base === null ? undefined : csdlType(type.base);
  }
  if (chain.length === 0) throw new Error(`the CSDL subset has no type ${name}`);
  return new Map(
    chain.flatMap((type) => Object.entries(type.properties) as [string, CsdlProperty][]),
  );
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$/;
const TIME_OF_DAY = /^\d{2}:\d{2}:\d{2}(\.\d{1,7})?$/;

/** Every way `value` fails to be a JSON value of CSDL type `type`; empty when it is one. */
function typeProblems(value: unknown, type: string, nullable: boolean, where: string): string[] {
  if (value === null) return nullable ? [] : [`${where}: null, but ${type} is not nullable`];
  const element = /^Collection\((.+)\)$/.exec(type)?.[1];
  if (element !== undefined) {
    if (!Array.isArray(value)) return [`${where}: expected an array of ${element}`];
    return value.flatMap((item: unknown, i) =>
      typeProblems(item, element, false, `${where}[${i}]`),
    );
  }
  const expect = (ok: boolean, what: string) =>
    ok ? [] : [`${where}: expected ${what}, got ${JSON.stringify(value)}`];
  switch (type) {
    case 'Edm.String':
      return expect(typeof value === 'string', 'a string');
    case 'Edm.Boolean':
      return expect(typeof value === 'boolean', 'a boolean');
    case 'Edm.Int32':
      return expect(Number.isInteger(value), 'an integer');
    case 'Edm.Guid':
      return expect(typeof value === 'string' && GUID.test(value), 'a GUID');
    case 'Edm.DateTimeOffset':
      return expect(
        typeof value === 'string' && ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
        'an ISO 8601 date-time',
      );
    case 'Edm.TimeOfDay':
      return expect(typeof value === 'string' && TIME_OF_DAY.test(value), 'a time of day');
  }
  const outside = enumsOutsideSubset[type];
  if (outside !== undefined)
    return expect(typeof value === 'string' && outside.includes(value), `a ${type} member`);
  const complex = csdlType(type);
  // A type the subset lacks can only be checked for emptiness; a value would go unchecked.
  if (complex === undefined) return [`${where}: ${type} is not in the CSDL subset, cannot check`];
  if (complex.kind === 'EnumType') {
    return expect(typeof value === 'string' && value in complex.properties, `a ${type} member`);
  }
  if (typeof value !== 'object' || Array.isArray(value)) return expect(false, `a ${type} object`);
  return objectProblems(value as Record<string, unknown>, type, where);
}

/** Checks each member of an object against its CSDL type; `@odata.*` annotations are skipped. */
function objectProblems(value: Record<string, unknown>, type: string, where: string): string[] {
  const properties = propertiesOf(type);
  return Object.entries(value).flatMap(([name, item]) => {
    if (name.startsWith('@odata.')) return [];
    const property = properties.get(name);
    if (property === undefined) return [`${where}.${name}: not a property of ${type}`];
    return typeProblems(item, property.type, property.nullable, `${where}.${name}`);
  });
}

/**
 * User properties Graph returns only for a single user (`GET /users/{id}`), never in a
 * collection: the List users reference says so, and real Graph fails such a `$select` on `/users`.
 */
const singleUserOnly = new Set([
  'aboutMe',
  'birthday',
  'hireDate',
  'interests',
  'mySite',
  'pastProjects',
  'preferredName',
  'responsibilities',
  'schools',
  'skills',
  'mailboxSettings',
]);

// ---------------------------------------------------------------------------------------------
// Helpers

/** Graph's SDK retries 429s and 5xx by itself; these requests must see the first answer. */
const noRetry = [new RetryHandlerOptions(0, 0)];

interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: { date: string; 'request-id': string; 'client-request-id': string };
  };
}

interface UserPage {
  '@odata.context': string;
  '@odata.nextLink'?: string;
  '@odata.count'?: number;
  value: Record<string, unknown>[];
}

interface BatchResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** The GraphError the SDK rejects with; fails the test when the call succeeds. */
async function graphFailure(call: Promise<unknown>): Promise<GraphError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error('expected the Graph request to fail');
}

function headerOf(headers: Record<string, string> | undefined, name: string): string | undefined {
  const found = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return found?.[1];
}

const sorted = (values: Iterable<string>) => [...values].sort();

/** A string property of a stored user, '' when it is null or absent. */
function stringProperty(user: GraphUser, name: string): string {
  const value = user[name];
  return typeof value === 'string' ? value : '';
}

describe('Graph resources through the real Graph SDK', () => {
  let emulator: RunningEmulator;
  let agent: Agent;
  let client: Client;
  let token: string;
  let tenant: TenantData;

  /** Every item of a collection, following `@odata.nextLink` with the SDK's PageIterator. */
  async function everyItem(
    first: PageCollection,
    headers: Record<string, string> = {},
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const iterator = new PageIterator(
      client,
      first,
      (item) => {
        items.push(item as Record<string, unknown>);
        return true;
      },
      { headers },
    );
    await iterator.iterate();
    expect(iterator.isComplete()).toBe(true);
    return items;
  }

  /** GETs a Graph path with the app's token over raw HTTPS, for what the SDK hides. */
  async function rawGraph(path: string, headers: Record<string, string> = {}) {
    return request(emulator, agent, `/v1.0${path}`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
  }

  const userById = (id: unknown): GraphUser => {
    const user = tenant.users.find((u) => u.id === id);
    if (user === undefined) throw new Error(`no user ${String(id)} in the tenant`);
    return user;
  };

  beforeAll(async () => {
    // 400 users: two of each room, several shared mailboxes, guests and disabled accounts.
    tenant = generateTenant({ users: 400, seed: 11 });
    emulator = await startEmulator({ tenants: [tenant], throttling: { enabled: false } });
    agent = trustingAgent(emulator);
    token = await graphToken(emulator, tenant.id, agent);
    client = graphClient(emulator, agent, () => Promise.resolve(token));
  });
  afterAll(async () => {
    await agent.close();
    await emulator.close();
  });

  describe('GET /organization', () => {
    it('returns one organization whose id is the tenant id and displayName the tenant name', async () => {
      const body = (await client.api('/organization').get()) as UserPage;
      expect(body.value).toHaveLength(1);
      expect(body.value[0]!['id']).toBe(tenant.id);
      expect(body.value[0]!['displayName']).toBe(tenant.displayName);
    });

    it('carries an @odata.context naming the organization entity set', async () => {
      const body = (await client.api('/organization').get()) as UserPage;
      expect(body['@odata.context']).toBe(`${emulator.url}/v1.0/$metadata#organization`);
    });

    it('lists verifiedDomains with exactly one default domain and one initial *.onmicrosoft.com domain', async () => {
      const body = (await client.api('/organization').get()) as UserPage;
      const domains = body.value[0]!['verifiedDomains'] as {
        name: string;
        isDefault: boolean;
        isInitial: boolean;
      }[];
      expect(domains.filter((d) => d.isDefault)).toHaveLength(1);
      const initial = domains.filter((d) => d.isInitial);
      expect(initial).toHaveLength(1);
      expect(initial[0]!.name).toMatch(/^[a-z0-9-]+\.onmicrosoft\.com$/);
      expect(sorted(domains.map((d) => d.name))).toEqual(
        sorted(tenant.verifiedDomains.map((d) => d.name)),
      );
    });

    it('gives every property a JSON value of its type in the CSDL', async () => {
      const body = (await client.api('/organization').get()) as UserPage;
      const org = body.value[0]!;
      expect(Object.keys(org).length).toBeGreaterThan(10);
      expect(objectProblems(org, 'organization', 'organization')).toEqual([]);
    });

    it('returns only the properties named in $select', async () => {
      const body = (await client
        .api('/organization')
        .select(['id', 'verifiedDomains'])
        .get()) as UserPage;
      expect(Object.keys(body.value[0]!).sort()).toEqual(['id', 'verifiedDomains']);
    });
  });

  describe('GET /users: $select and paging', () => {
    it('returns exactly the selected properties, and no id when id is not selected', async () => {
      const page = (await client
        .api('/users')
        .select(['displayName', 'mail'])
        .top(20)
        .get()) as UserPage;
      expect(page.value).toHaveLength(20);
      for (const user of page.value)
        expect(Object.keys(user).sort()).toEqual(['displayName', 'mail']);
      expect(page['@odata.context']).toBe(`${emulator.url}/v1.0/$metadata#users(displayName,mail)`);
    });

    it('returns id alongside the other selected properties when id is selected', async () => {
      const page = (await client.api('/users').select(['id', 'jobTitle']).top(5).get()) as UserPage;
      for (const user of page.value) {
        expect(Object.keys(user).sort()).toEqual(['id', 'jobTitle']);
        expect(user['jobTitle']).toBe(userById(user['id'])['jobTitle']);
      }
    });

    it("returns Graph's default property set when there is no $select", async () => {
      const page = (await client.api('/users').top(3).get()) as UserPage;
      for (const user of page.value) {
        expect(Object.keys(user).sort()).toEqual(
          [
            'businessPhones',
            'displayName',
            'givenName',
            'id',
            'jobTitle',
            'mail',
            'mobilePhone',
            'officeLocation',
            'preferredLanguage',
            'surname',
            'userPrincipalName',
          ].sort(),
        );
      }
    });

    it('refuses a $select of a property that user does not have with 400 Request_BadRequest', async () => {
      const error = await graphFailure(client.api('/users').select('id,favouriteColour').get());
      expect(error.statusCode).toBe(400);
      expect(error.code).toBe('Request_BadRequest');
      expect(error.message).toContain("'favouriteColour'");
    });

    it('answers 100 users and a nextLink when no $top is given', async () => {
      const page = (await client.api('/users').select('id').get()) as UserPage;
      expect(page.value).toHaveLength(100);
      expect(page['@odata.nextLink']).toMatch(
        new RegExp(`^${emulator.url.replaceAll('.', '\\.')}/v1\\.0/users\\?.*\\$skiptoken=`),
      );
    });

    it('accepts $top=999, the largest page, and answers every user with no nextLink', async () => {
      const page = (await client.api('/users').select('id').top(999).get()) as UserPage;
      expect(page.value).toHaveLength(tenant.users.length);
      expect(page['@odata.nextLink']).toBeUndefined();
    });

    it("refuses $top=1000 with 400 Request_UnsupportedQuery in Graph's error shape", async () => {
      const response = await rawGraph('/users?$top=1000', { 'client-request-id': 'top-1000' });
      expect(response.status).toBe(400);
      const body = (await response.json()) as GraphErrorBody;
      expect(body.error.code).toBe('Request_UnsupportedQuery');
      expect(body.error.message).toBe(
        "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.",
      );
      expect(body.error.innerError['request-id']).toBe(response.headers.get('request-id'));
      expect(body.error.innerError['client-request-id']).toBe('top-1000');
      expect(body.error.innerError.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    });

    it('surfaces the $top=1000 refusal through the SDK as a GraphError', async () => {
      const error = await graphFailure(client.api('/users').top(1000).get());
      expect(error.statusCode).toBe(400);
      expect(error.code).toBe('Request_UnsupportedQuery');
    });

    it('pages with nextLink through PageIterator and returns every user exactly once', async () => {
      const first = (await client
        .api('/users')
        .select(['id', 'userPrincipalName'])
        .top(37)
        .get()) as PageCollection;
      expect(first.value).toHaveLength(37);
      const ids = (await everyItem(first)).map((item) => String(item['id']));
      expect(ids).toHaveLength(tenant.users.length);
      expect(new Set(ids).size).toBe(ids.length);
      expect(sorted(ids)).toEqual(sorted(tenant.users.map((u) => u.id)));
    });
  });

  describe('the JSON of users against the CSDL', () => {
    // Every user property the emulator's schema accepts in $select that Graph serves in a list.
    const listable = [...propertiesOf('user').keys()].filter((name) => !singleUserOnly.has(name));

    it('selects exactly the requested properties on every user', async () => {
      const first = (await client.api('/users').select(listable).top(999).get()) as PageCollection;
      const items = await everyItem(first);
      expect(items).toHaveLength(tenant.users.length);
      for (const user of items) expect(Object.keys(user).sort()).toEqual([...listable].sort());
    });

    it('gives every property of every user a JSON value of its CSDL type', async () => {
      const first = (await client.api('/users').select(listable).top(999).get()) as PageCollection;
      const items = await everyItem(first);
      // One line per distinct problem, naming the first user that shows it.
      const problems = new Map<string, string>();
      for (const user of items) {
        for (const problem of objectProblems(user, 'user', 'user')) {
          if (!problems.has(problem)) problems.set(problem, String(user['userPrincipalName']));
        }
      }
      expect([...problems].map(([problem, upn]) => `${problem} (e.g. ${upn})`)).toEqual([]);
    });

    it('returns the stored value of each property, not a placeholder', async () => {
      const page = (await client.api('/users').select(listable).top(999).get()) as UserPage;
      const mismatches = page.value.flatMap((user) => {
        const { manager: _manager, ...stored } = userById(user['id']);
        return Object.entries(stored)
          .filter(([name, value]) => !isDeepStrictEqual(user[name], value))
          .map(([name]) => `${stored.userPrincipalName}.${name}`);
      });
      expect(page.value).toHaveLength(tenant.users.length);
      expect(mismatches).toEqual([]);
    });
  });

  describe('$filter over HTTP', () => {
    async function filtered(
      filter: string,
      advanced = false,
    ): Promise<{ ids: string[]; count: number | undefined }> {
      const headers: Record<string, string> = advanced ? { ConsistencyLevel: 'eventual' } : {};
      let call = client.api('/users').select('id').top(999).filter(filter).headers(headers);
      if (advanced) call = call.count(true);
      const first = (await call.get()) as PageCollection & { '@odata.count'?: number };
      const items = await everyItem(first, headers);
      return { ids: sorted(items.map((item) => String(item['id']))), count: first['@odata.count'] };
    }
    const idsWhere = (predicate: (user: GraphUser) => boolean) =>
      sorted(tenant.users.filter(predicate).map((u) => u.id));

    it('accountEnabled eq false returns exactly the disabled accounts', async () => {
      const expected = idsWhere((u) => u['accountEnabled'] === false);
      expect(expected.length).toBeGreaterThan(5);
      expect((await filtered('accountEnabled eq false')).ids).toEqual(expected);
    });

    it("startswith(displayName,'A') returns exactly the users whose name starts with A, in any case", async () => {
      const expected = idsWhere((u) =>
        stringProperty(u, 'displayName').toLowerCase().startsWith('a'),
      );
      expect(expected.length).toBeGreaterThan(5);
      expect((await filtered("startswith(displayName,'A')")).ids).toEqual(expected);
    });

    it("userType eq 'Guest' returns exactly the guests", async () => {
      const expected = idsWhere((u) => u['userType'] === 'Guest');
      expect(expected).toHaveLength(Math.floor(400 * 0.08));
      expect((await filtered("userType eq 'Guest'")).ids).toEqual(expected);
    });

    it("proxyAddresses/any(p:startswith(p,'smtp:')) runs without advanced parameters and matches SMTP: too", async () => {
      const expected = idsWhere((u) =>
        ((u['proxyAddresses'] as string[] | undefined) ?? []).some((p) =>
          p.toLowerCase().startsWith('smtp:'),
        ),
      );
      expect(expected.length).toBeGreaterThan(100);
      expect((await filtered("proxyAddresses/any(p:startswith(p,'smtp:'))")).ids).toEqual(expected);
    });

    it('refuses assignedLicenses/$count eq 0 without the advanced query parameters (400 Request_UnsupportedQuery)', async () => {
      const error = await graphFailure(
        client.api('/users').filter('assignedLicenses/$count eq 0').get(),
      );
      expect(error.statusCode).toBe(400);
      expect(error.code).toBe('Request_UnsupportedQuery');
    });

    it('refuses assignedLicenses/$count eq 0 with ConsistencyLevel eventual but no $count=true', async () => {
      const error = await graphFailure(
        client
          .api('/users')
          .header('ConsistencyLevel', 'eventual')
          .filter('assignedLicenses/$count eq 0')
          .get(),
      );
      expect(error.statusCode).toBe(400);
      expect(error.code).toBe('Request_UnsupportedQuery');
    });

    it('refuses assignedLicenses/$count eq 0 with $count=true but no ConsistencyLevel', async () => {
      const error = await graphFailure(
        client.api('/users').count(true).filter('assignedLicenses/$count eq 0').get(),
      );
      expect(error.statusCode).toBe(400);
      expect(error.code).toBe('Request_UnsupportedQuery');
    });

    it('answers assignedLicenses/$count eq 0 with ConsistencyLevel eventual and $count=true: the unlicensed users', async () => {
      const expected = idsWhere(
        (u) => ((u['assignedLicenses'] as unknown[] | undefined) ?? []).length === 0,
      );
      expect(expected.length).toBeGreaterThan(20);
      const result = await filtered('assignedLicenses/$count eq 0', true);
      expect(result.ids).toEqual(expected);
      expect(result.count).toBe(expected.length);
    });

    it("refuses endsWith(mail,'…') without the advanced query parameters", async () => {
      const domain = tenant.verifiedDomains.find((d) => d.isDefault)!.name;
      const error = await graphFailure(
        client.api('/users').filter(`endsWith(mail,'@${domain}')`).get(),
      );
      expect(error.statusCode).toBe(400);
      expect(error.code).toBe('Request_UnsupportedQuery');
      expect(error.message).toContain("Operator 'endsWith' is not supported");
    });

    it("answers endsWith(mail,'@<default domain>') with the advanced query parameters", async () => {
      const domain = tenant.verifiedDomains.find((d) => d.isDefault)!.name;
      const expected = idsWhere((u) =>
        stringProperty(u, 'mail').toLowerCase().endsWith(`@${domain}`),
      );
      expect(expected.length).toBeGreaterThan(100);
      const result = await filtered(`endsWith(mail,'@${domain}')`, true);
      expect(result.ids).toEqual(expected);
      expect(result.count).toBe(expected.length);
    });

    it('adds @odata.count, the count of all matches rather than of the page, under $count=true', async () => {
      const page = (await client
        .api('/users')
        .header('ConsistencyLevel', 'eventual')
        .count(true)
        .select('id')
        .get()) as UserPage;
      expect(page.value).toHaveLength(100);
      expect(page['@odata.count']).toBe(tenant.users.length);
    });

    it('refuses a function Entra does not implement, contains(), with 400 Request_UnsupportedQuery', async () => {
      const error = await graphFailure(
        client.api('/users').filter("contains(displayName,'an')").get(),
      );
      expect(error.statusCode).toBe(400);
      expect(error.code).toBe('Request_UnsupportedQuery');
    });

    it('refuses a property that $filter does not support with 400 Request_UnsupportedQuery naming it', async () => {
      const error = await graphFailure(client.api('/users').filter("aboutMe eq 'x'").get());
      expect(error.statusCode).toBe(400);
      expect(error.code).toBe('Request_UnsupportedQuery');
      expect(error.message).toBe(
        "Unsupported or invalid query filter clause specified for property 'aboutMe' of resource 'User'.",
      );
    });

    it('refuses a malformed filter with 400 BadRequest "Invalid filter clause"', async () => {
      const error = await graphFailure(client.api('/users').filter('displayName eq').get());
      expect(error.statusCode).toBe(400);
      expect(error.code).toBe('BadRequest');
      expect(error.message).toBe('Invalid filter clause');
    });
  });

  describe('GET /users/$count', () => {
    it('refuses a count without ConsistencyLevel eventual: 400 Request_BadRequest', async () => {
      const response = await rawGraph('/users/$count');
      expect(response.status).toBe(400);
      const body = (await response.json()) as GraphErrorBody;
      expect(body.error.code).toBe('Request_BadRequest');
      expect(body.error.message).toBe('$count is not currently supported.');
    });

    it('answers a text/plain number with ConsistencyLevel eventual', async () => {
      const response = await rawGraph('/users/$count', { ConsistencyLevel: 'eventual' });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toBe(String(tenant.users.length));
    });

    it('counts only the matches of a $filter, read through the SDK', async () => {
      const count = (await client
        .api('/users/$count')
        .header('ConsistencyLevel', 'eventual')
        .filter("userType eq 'Guest'")
        .get()) as unknown;
      expect(Number(count)).toBe(tenant.users.filter((u) => u['userType'] === 'Guest').length);
    });
  });

  describe('GET /users/{id}/mailboxSettings', () => {
    const idWithPurpose = (purpose: string) =>
      Object.entries(tenant.mailboxSettings).find(([, s]) => s.userPurpose === purpose)![0];

    it("returns userPurpose 'user' for a licensed member's mailbox", async () => {
      const settings = (await client
        .api(`/users/${idWithPurpose('user')}/mailboxSettings`)
        .get()) as Record<string, unknown>;
      expect(settings['userPurpose']).toBe('user');
    });

    it("returns userPurpose 'shared' for a shared mailbox, addressed by its userPrincipalName", async () => {
      const upn = userById(idWithPurpose('shared')).userPrincipalName;
      const settings = (await client
        .api(`/users/${encodeURIComponent(upn)}/mailboxSettings`)
        .get()) as Record<string, unknown>;
      expect(settings['userPurpose']).toBe('shared');
    });

    it('gives every mailboxSettings property a JSON value of its CSDL type', async () => {
      const settings = (await client
        .api(`/users/${idWithPurpose('room')}/mailboxSettings`)
        .get()) as Record<string, unknown>;
      expect(settings['@odata.context']).toEqual(expect.stringContaining('/mailboxSettings'));
      expect(objectProblems(settings, 'mailboxSettings', 'mailboxSettings')).toEqual([]);
    });

    it('answers 404 MailboxNotEnabledForRESTAPI for a user without a mailbox', async () => {
      const noMailbox = tenant.users.find(
        (u) => u['userType'] === 'Guest' && tenant.mailboxSettings[u.id] === undefined,
      )!;
      const error = await graphFailure(client.api(`/users/${noMailbox.id}/mailboxSettings`).get());
      expect(error.statusCode).toBe(404);
      expect(error.code).toBe('MailboxNotEnabledForRESTAPI');
    });

    it('answers 404 Request_ResourceNotFound for a user that does not exist', async () => {
      const error = await graphFailure(
        client.api('/users/00000000-0000-4000-8000-000000000000/mailboxSettings').get(),
      );
      expect(error.statusCode).toBe(404);
      expect(error.code).toBe('Request_ResourceNotFound');
    });
  });

  describe('GET /places/microsoft.graph.room', () => {
    it('lists exactly the room mailboxes, each with the id and address of its room user', async () => {
      const body = (await client.api('/places/microsoft.graph.room').get()) as UserPage;
      const roomIds = Object.entries(tenant.mailboxSettings)
        .filter(([, s]) => s.userPurpose === 'room')
        .map(([id]) => id);
      expect(roomIds.length).toBeGreaterThanOrEqual(2);
      expect(sorted(body.value.map((room) => String(room['id'])))).toEqual(sorted(roomIds));
      for (const room of body.value) {
        const user = userById(room['id']);
        expect(room['emailAddress']).toBe(user['mail']);
        expect(room['displayName']).toBe(user['displayName']);
      }
    });

    it('gives every room property a JSON value of its CSDL type', async () => {
      const body = (await client.api('/places/microsoft.graph.room').get()) as UserPage;
      expect(body.value.length).toBeGreaterThan(0);
      const problems = body.value.flatMap((room) =>
        objectProblems(room, 'room', `room ${String(room['displayName'])}`),
      );
      expect(problems).toEqual([]);
    });
  });

  describe('groups', () => {
    const groupNamed = (name: string) => tenant.groups.find((g) => g.displayName === name)!;

    it('lists every group once, paged by $top through PageIterator', async () => {
      const first = (await client.api('/groups').top(6).get()) as PageCollection;
      expect(first.value).toHaveLength(6);
      expect(first['@odata.nextLink']).toBeDefined();
      const ids = (await everyItem(first)).map((g) => String(g['id']));
      expect(ids).toHaveLength(tenant.groups.length);
      expect(sorted(ids)).toEqual(sorted(tenant.groups.map((g) => g.id)));
    });

    it('does not expose the emulator-only members list on a group', async () => {
      const page = (await client.api('/groups').get()) as UserPage;
      for (const group of page.value) expect(group).not.toHaveProperty('members');
    });

    it('lists transitive members of a nested group: its nested groups and every user below them, each once', async () => {
      const all = groupNamed('All Employees');
      const nestedGroupIds = new Set<string>();
      const userIds = new Set<string>();
      const walk = (ids: readonly string[]) => {
        for (const id of ids) {
          const nested = tenant.groups.find((g) => g.id === id);
          if (nested === undefined) userIds.add(id);
          else if (!nestedGroupIds.has(id)) {
            nestedGroupIds.add(id);
            walk(nested.members);
          }
        }
      };
      walk(all.members);
      // No user is a direct member: every one is found only through nesting.
      expect(all.members.every((id) => nestedGroupIds.has(id))).toBe(true);

      const first = (await client
        .api(`/groups/${all.id}/transitiveMembers`)
        .top(50)
        .get()) as PageCollection;
      expect(first['@odata.nextLink']).toBeDefined();
      const items = await everyItem(first);
      const ids = items.map((item) => String(item['id']));
      expect(new Set(ids).size).toBe(ids.length);
      const ofType = (type: string) =>
        sorted(
          items.filter((item) => item['@odata.type'] === type).map((item) => String(item['id'])),
        );
      expect(ofType('#microsoft.graph.group')).toEqual(sorted(nestedGroupIds));
      expect(ofType('#microsoft.graph.user')).toEqual(sorted(userIds));
    });

    it('answers 404 Request_ResourceNotFound for transitiveMembers of an unknown group', async () => {
      const error = await graphFailure(
        client.api('/groups/00000000-0000-4000-8000-000000000000/transitiveMembers').get(),
      );
      expect(error.statusCode).toBe(404);
      expect(error.code).toBe('Request_ResourceNotFound');
    });
  });

  describe('POST /$batch', () => {
    const usersRequest = (id: string) => ({
      id,
      method: 'GET',
      url: `/users?$select=id&$top=1&$filter=id eq '${tenant.users[Number(id) - 1]!.id}'`,
    });

    it('answers 20 inner requests, each with its own id, status and body', async () => {
      const requests = Array.from({ length: 20 }, (_, i) => usersRequest(String(i + 1)));
      const batch = (await client.api('/$batch').post({ requests })) as {
        responses: BatchResponse[];
      };
      expect(sorted(batch.responses.map((r) => r.id))).toEqual(sorted(requests.map((r) => r.id)));
      for (const response of batch.responses) {
        expect(response.status).toBe(200);
        const body = response.body as UserPage;
        expect(body.value.map((u) => u['id'])).toEqual([tenant.users[Number(response.id) - 1]!.id]);
      }
    });

    it('mixes resources in one batch: /organization and a user by id', async () => {
      const admin = tenant.users[0]!;
      const batch = (await client.api('/$batch').post({
        requests: [
          { id: 'org', method: 'GET', url: '/organization?$select=id' },
          { id: 'me', method: 'GET', url: `/users/${admin.id}?$select=userPrincipalName` },
        ],
      })) as { responses: BatchResponse[] };
      const byId = new Map(batch.responses.map((r) => [r.id, r]));
      expect((byId.get('org')!.body as UserPage).value[0]!['id']).toBe(tenant.id);
      expect((byId.get('me')!.body as Record<string, unknown>)['userPrincipalName']).toBe(
        admin.userPrincipalName,
      );
    });

    it('refuses 21 inner requests with 400', async () => {
      const requests = Array.from({ length: 21 }, (_, i) => usersRequest(String(i + 1)));
      const error = await graphFailure(
        client.api('/$batch').middlewareOptions(noRetry).post({ requests }),
      );
      expect(error.statusCode).toBe(400);
      expect(error.code).toBe('BadRequest');
    });

    it('keeps an inner 404 inside a batch that answers 200', async () => {
      const response = await request(emulator, agent, '/v1.0/$batch', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          requests: [
            usersRequest('1'),
            { id: 'missing', method: 'GET', url: '/users/00000000-0000-4000-8000-000000000000' },
          ],
        }),
      });
      expect(response.status).toBe(200);
      const batch = (await response.json()) as { responses: BatchResponse[] };
      const missing = batch.responses.find((r) => r.id === 'missing')!;
      expect(missing.status).toBe(404);
      expect((missing.body as GraphErrorBody).error.code).toBe('Request_ResourceNotFound');
      expect(batch.responses.find((r) => r.id === '1')!.status).toBe(200);
    });

    it('throttles inner requests with 429 and Retry-After while the batch itself answers 200', async () => {
      await control(emulator, agent, 'PUT', '/throttling', {
        enabled: true,
        windowSeconds: 60,
        limits: { small: 5, medium: 5, large: 5 },
      });
      try {
        const requests = Array.from({ length: 20 }, (_, i) => usersRequest(String(i + 1)));
        const response = await request(emulator, agent, '/v1.0/$batch', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ requests }),
        });
        expect(response.status).toBe(200);
        const batch = (await response.json()) as { responses: BatchResponse[] };
        const throttled = batch.responses.filter((r) => r.status === 429);
        const served = batch.responses.filter((r) => r.status === 200);
        // Each inner request costs one unit of a five-unit budget.
        expect(served).toHaveLength(5);
        expect(throttled).toHaveLength(15);
        for (const inner of throttled) {
          expect(Number(headerOf(inner.headers, 'retry-after'))).toBeGreaterThan(0);
          expect((inner.body as GraphErrorBody).error.code).toBe('TooManyRequests');
        }
      } finally {
        await control(emulator, agent, 'PUT', '/throttling', { enabled: false });
      }
    });
  });
});
