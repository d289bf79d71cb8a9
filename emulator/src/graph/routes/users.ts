import { z } from 'zod';
import type { UserRecord } from '../../directory/tenant-directory.js';
import type { GraphUser } from '../../tenant/tenant-data.js';
import { directoryReadCost, type GraphCall, type GraphRoute } from '../graph-route.js';
import { graphError, graphJson, type GraphRequest, type GraphResponse } from '../graph-response.js';
import {
  isFilterError,
  parseUserFilter,
  requireAdvancedQuery,
  type UserFilter,
} from '../odata-filter.js';
import { parseUserSelect, projectUser } from '../select.js';
import { nextLinkFor, readTop } from './paging.js';

export const userReadPermissions = [
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
] as const;

const skipTokenSchema = z.object({ k: z.literal('users'), t: z.string(), c: z.number().int() });
const supportedOptions = new Set(['$select', '$top', '$filter', '$count', '$skiptoken', '$expand']);

function notFound(call: GraphCall, id: string): GraphResponse {
  return graphError(
    call.info,
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

function badRequest(call: GraphCall, message: string, code = 'Request_BadRequest'): GraphResponse {
  return graphError(call.info, 400, code, message);
}

function eventual(request: GraphRequest): boolean {
  return request.headers['consistencylevel']?.toLowerCase() === 'eventual';
}

/** Parses `$filter` and enforces Graph's advanced-query rules; a response when refused. */
function readFilter(
  call: GraphCall,
  countSegment: boolean,
): UserFilter | GraphResponse | undefined {
  const text = call.request.query.get('$filter');
  if (text === null) return undefined;
  const filter = parseUserFilter(text);
  if (isFilterError(filter)) return badRequest(call, filter.message, filter.code);
  const refused = requireAdvancedQuery(filter, {
    consistencyLevelEventual: eventual(call.request),
    countRequested: call.request.query.get('$count') === 'true',
    countSegment,
  });
  return refused === null ? filter : badRequest(call, refused.message, refused.code);
}

function isResponse(value: unknown): value is GraphResponse {
  return typeof value === 'object' && value !== null && 'status' in value && 'headers' in value;
}

/** `$expand=manager` or `$expand=manager($select=a,b)`: the manager's properties to embed. */
function readExpand(call: GraphCall): string[] | undefined | GraphResponse {
  const raw = call.request.query.get('$expand');
  if (raw === null) return undefined;
  const match = /^manager(?:\(\$select=([A-Za-z0-9_,]+)\))?$/.exec(raw.trim());
  if (match === null) {
    return badRequest(
      call,
      `Parsing OData Select and Expand failed: the emulator expands only 'manager'.`,
    );
  }
  return match[1] === undefined
    ? ['id', 'displayName', 'mail', 'userPrincipalName']
    : match[1].split(',');
}

function withManager(
  call: GraphCall,
  out: Record<string, unknown>,
  user: GraphUser,
  expand: string[] | undefined,
) {
  if (expand === undefined) return out;
  const managerId = user.manager?.id;
  const manager = managerId === undefined ? undefined : call.tenant.directory.user(managerId);
  if (manager !== undefined) {
    out['manager'] = {
      '@odata.type': '#microsoft.graph.user',
      ...projectUser(manager.user, expand),
    };
  }
  return out;
}

function listUsers(call: GraphCall): GraphResponse {
  const { request, tenant, env } = call;
  for (const key of request.query.keys()) {
    if (key.startsWith('$') && !supportedOptions.has(key)) {
      return badRequest(
        call,
        `The query option '${key}' is not supported by the Roster emulator.`,
        'Request_UnsupportedQuery',
      );
    }
  }
  const top = readTop(request, 100, 999);
  if (!top.ok) return badRequest(call, top.message, 'Request_UnsupportedQuery');
  const select = parseUserSelect(request.query.get('$select'), { allowManager: false });
  if (!select.ok) return badRequest(call, select.message);
  const expand = readExpand(call);
  if (isResponse(expand)) return expand;
  const filter = readFilter(call, false);
  if (isResponse(filter)) return filter;
  // Without ConsistencyLevel Graph ignores $count=true rather than refusing it.
  const wantCount = request.query.get('$count') === 'true' && eventual(request);

  let cursor: number | undefined;
  const skipToken = request.query.get('$skiptoken');
  if (skipToken !== null) {
    const parsed = skipTokenSchema.safeParse(env.sealer.open(skipToken));
    if (!parsed.success || parsed.data.t !== tenant.directory.id) {
      return badRequest(call, 'Invalid $skiptoken value.', 'Request_BadRequest');
    }
    cursor = parsed.data.c;
  }

  const matches = (record: UserRecord): boolean =>
    filter === undefined || filter.matches(record.user);
  const page: Record<string, unknown>[] = [];
  let last: UserRecord | undefined;
  let more = false;
  for (const record of tenant.directory.usersAfter(cursor)) {
    if (!matches(record)) continue;
    if (page.length === top.top) {
      more = true;
      break;
    }
    page.push(
      withManager(call, projectUser(record.user, select.selection.properties), record.user, expand),
    );
    last = record;
  }

  const body: Record<string, unknown> = {
    '@odata.context': `${env.origin}/v1.0/$metadata#users(${select.selection.properties.join(',')})`,
  };
  if (wantCount) {
    let count = 0;
    for (const record of tenant.directory.usersAfter(undefined)) if (matches(record)) count++;
    body['@odata.count'] = count;
  }
  if (more && last !== undefined) {
    const token = env.sealer.seal({ k: 'users', t: tenant.directory.id, c: last.seq });
    body['@odata.nextLink'] = nextLinkFor(env.origin, request, token);
  }
  body['value'] = page;
  return graphJson(body);
}

function countUsers(call: GraphCall): GraphResponse {
  if (!eventual(call.request)) {
    return badRequest(call, '$count is not currently supported.');
  }
  const filter = readFilter(call, true);
  if (isResponse(filter)) return filter;
  let count = 0;
  for (const record of call.tenant.directory.usersAfter(undefined)) {
    if (filter === undefined || filter.matches(record.user)) count++;
  }
  return {
    status: 200,
    headers: { 'content-type': 'text/plain;charset=utf-8' },
    body: String(count),
  };
}

function getUser(call: GraphCall): GraphResponse {
  const id = decodeURIComponent(call.params[0] ?? '');
  const record = call.tenant.directory.findUser(id);
  if (record === undefined) return notFound(call, id);
  const select = parseUserSelect(call.request.query.get('$select'), { allowManager: false });
  if (!select.ok) return badRequest(call, select.message);
  const expand = readExpand(call);
  if (isResponse(expand)) return expand;
  return graphJson({
    '@odata.context': `${call.env.origin}/v1.0/$metadata#users(${select.selection.properties.join(',')})/$entity`,
    ...withManager(
      call,
      projectUser(record.user, select.selection.properties),
      record.user,
      expand,
    ),
  });
}

function getManager(call: GraphCall): GraphResponse {
  const id = decodeURIComponent(call.params[0] ?? '');
  const record = call.tenant.directory.findUser(id);
  if (record === undefined) return notFound(call, id);
  const managerId = record.user.manager?.id;
  const manager = managerId === undefined ? undefined : call.tenant.directory.user(managerId);
  if (manager === undefined) return notFound(call, 'manager');
  const select = parseUserSelect(call.request.query.get('$select'), { allowManager: false });
  if (!select.ok) return badRequest(call, select.message);
  return graphJson({
    '@odata.context': `${call.env.origin}/v1.0/$metadata#directoryObjects/$entity`,
    '@odata.type': '#microsoft.graph.user',
    ...projectUser(manager.user, select.selection.properties),
  });
}

function getMailboxSettings(call: GraphCall): GraphResponse {
  const id = decodeURIComponent(call.params[0] ?? '');
  const record = call.tenant.directory.findUser(id);
  if (record === undefined) return notFound(call, id);
  const settings = call.tenant.directory.mailboxSettings.get(record.user.id);
  if (settings === undefined) {
    return graphError(
      call.info,
      404,
      'MailboxNotEnabledForRESTAPI',
      'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
    );
  }
  const select = call.request.query.get('$select');
  const wanted = select === null ? undefined : new Set(select.split(',').map((s) => s.trim()));
  const body: Record<string, unknown> = {
    '@odata.context': `${call.env.origin}/v1.0/$metadata#users('${record.user.id}')/mailboxSettings`,
  };
  for (const [key, value] of Object.entries(settings)) {
    if (wanted === undefined || wanted.has(key)) body[key] = value;
  }
  return graphJson(body);
}

const userId = '([^/]+)';

export const userRoutes: GraphRoute[] = [
  {
    method: 'GET',
    pattern: /^\/users$/,
    name: 'GET /users',
    permissions: userReadPermissions,
    cost: directoryReadCost,
    handle: listUsers,
  },
  {
    method: 'GET',
    pattern: /^\/users\/\$count$/,
    name: 'GET /users/$count',
    permissions: userReadPermissions,
    cost: () => 1,
    handle: countUsers,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/users/${userId}/mailboxSettings$`),
    name: 'GET /users/{id}/mailboxSettings',
    permissions: ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'],
    cost: () => 1,
    handle: getMailboxSettings,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/users/${userId}/manager$`),
    name: 'GET /users/{id}/manager',
    permissions: userReadPermissions,
    cost: directoryReadCost,
    handle: getManager,
  },
  {
    method: 'GET',
    // `delta` is its own route; it is listed before this one.
    pattern: new RegExp(`^/users/${userId}$`),
    name: 'GET /users/{id}',
    permissions: userReadPermissions,
    cost: directoryReadCost,
    handle: getUser,
  },
];
