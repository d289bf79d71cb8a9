import { z } from 'zod';
import type { GraphGroup } from '../../tenant/tenant-data.js';
import { directoryReadCost, type GraphCall, type GraphRoute } from '../graph-route.js';
import { graphError, graphJson, type GraphResponse } from '../graph-response.js';
import { isFilterError, parseGroupFilter, requireAdvancedQuery } from '../odata-filter.js';
import { projectUser } from '../select.js';
import { nextLinkFor, readTop } from './paging.js';

const groupReadPermissions = [
  'GroupMember.Read.All',
  'Group.Read.All',
  'Group.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const skipTokenSchema = z.object({
  k: z.literal('offset'),
  t: z.string(),
  p: z.string(),
  o: z.number().int().nonnegative(),
});
const defaultMemberSelect = ['id', 'displayName', 'userPrincipalName', 'mail'];
const listOptions = new Set(['$select', '$top', '$filter', '$count', '$skiptoken']);
const propertyName = /^[A-Za-z][A-Za-z0-9_]*$/;

function groupJson(group: GraphGroup): Record<string, unknown> {
  const { members: _members, ...rest } = group;
  return { description: null, mail: null, ...rest };
}

/** A page of `items` from a sealed offset, with Graph's nextLink when more remain. */
function pageOf(call: GraphCall, items: Record<string, unknown>[], context: string): GraphResponse {
  const top = readTop(call.request, 100, 999);
  if (!top.ok) return graphError(call.info, 400, 'Request_UnsupportedQuery', top.message);
  let offset = 0;
  const skipToken = call.request.query.get('$skiptoken');
  if (skipToken !== null) {
    const parsed = skipTokenSchema.safeParse(call.env.sealer.open(skipToken));
    if (
      !parsed.success ||
      parsed.data.t !== call.tenant.directory.id ||
      parsed.data.p !== call.request.path
    ) {
      return graphError(call.info, 400, 'Request_BadRequest', 'Invalid $skiptoken value.');
    }
    offset = parsed.data.o;
  }
  const end = offset + top.top;
  const body: Record<string, unknown> = {
    '@odata.context': `${call.env.origin}/v1.0/$metadata#${context}`,
  };
  if (end < items.length) {
    const token = call.env.sealer.seal({
      k: 'offset',
      t: call.tenant.directory.id,
      p: call.request.path,
      o: end,
    });
    body['@odata.nextLink'] = nextLinkFor(call.env.origin, call.request, token);
  }
  body['value'] = items.slice(offset, end);
  return graphJson(body);
}

function findGroup(call: GraphCall): GraphGroup | GraphResponse {
  const id = decodeURIComponent(call.params[0] ?? '');
  const group = call.tenant.directory.groups.get(id);
  if (group !== undefined) return group;
  return graphError(
    call.info,
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** A group with only the `$select`ed properties; one the group lacks reads as null, as in Graph. */
function project(group: Record<string, unknown>, select: readonly string[] | undefined) {
  if (select === undefined) return group;
  return Object.fromEntries(select.map((name) => [name, group[name] ?? null]));
}

/** `GET /groups`: `$filter` (startsWith, eq, in, and, or, not, `groupTypes/any`), `$select`, `$top`. */
function listGroups(call: GraphCall): GraphResponse {
  const { query, headers } = call.request;
  for (const key of query.keys()) {
    if (key.startsWith('$') && !listOptions.has(key)) {
      return graphError(
        call.info,
        400,
        'Request_UnsupportedQuery',
        `The query option '${key}' is not supported by the Roster emulator.`,
      );
    }
  }
  const select = query
    .get('$select')
    ?.split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const badName = select?.find((name) => !propertyName.test(name));
  if (badName !== undefined) {
    return graphError(
      call.info,
      400,
      'Request_BadRequest',
      `Parsing OData Select and Expand failed: Could not find a property named '${badName}' on type 'microsoft.graph.group'.`,
    );
  }
  let groups = [...call.tenant.directory.groups.values()];
  const text = query.get('$filter');
  if (text !== null) {
    const filter = parseGroupFilter(text);
    if (isFilterError(filter)) return graphError(call.info, 400, filter.code, filter.message);
    const refused = requireAdvancedQuery(filter, {
      consistencyLevelEventual: headers['consistencylevel']?.toLowerCase() === 'eventual',
      countRequested: query.get('$count') === 'true',
      countSegment: false,
    });
    if (refused !== null) return graphError(call.info, 400, refused.code, refused.message);
    groups = groups.filter((group) => filter.matches(group));
  }
  return pageOf(
    call,
    groups.map((group) => project(groupJson(group), select)),
    'groups',
  );
}

function getGroup(call: GraphCall): GraphResponse {
  const group = findGroup(call);
  if (!('members' in group)) return group;
  return graphJson({
    '@odata.context': `${call.env.origin}/v1.0/$metadata#groups/$entity`,
    ...groupJson(group),
  });
}

/** Members of a group and of every group nested in it, each once; cycles are harmless. */
function transitiveMembers(call: GraphCall, usersOnly: boolean): GraphResponse {
  const root = findGroup(call);
  if (!('members' in root)) return root;
  const directory = call.tenant.directory;
  const select =
    call.request.query
      .get('$select')
      ?.split(',')
      .map((s) => s.trim()) ?? defaultMemberSelect;
  const seen = new Set<string>([root.id]);
  const queue = [...root.members];
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] ?? '';
    if (seen.has(id)) continue;
    seen.add(id);
    const nested = directory.groups.get(id);
    if (nested !== undefined) {
      queue.push(...nested.members);
      if (!usersOnly) items.push({ '@odata.type': '#microsoft.graph.group', ...groupJson(nested) });
      continue;
    }
    const user = directory.user(id);
    if (user !== undefined) {
      items.push({ '@odata.type': '#microsoft.graph.user', ...projectUser(user.user, select) });
    }
  }
  return pageOf(call, items, usersOnly ? 'users' : 'directoryObjects');
}

export const groupRoutes: GraphRoute[] = [
  {
    method: 'GET',
    pattern: /^\/groups$/,
    name: 'GET /groups',
    permissions: groupReadPermissions,
    cost: () => 1,
    handle: listGroups,
  },
  {
    method: 'GET',
    pattern: /^\/groups\/([^/]+)\/transitiveMembers$/,
    name: 'GET /groups/{id}/transitiveMembers',
    permissions: groupReadPermissions,
    cost: (request) => directoryReadCost(request, 5),
    handle: (call) => transitiveMembers(call, false),
  },
  {
    method: 'GET',
    pattern: /^\/groups\/([^/]+)\/transitiveMembers\/microsoft\.graph\.user$/,
    name: 'GET /groups/{id}/transitiveMembers/microsoft.graph.user',
    permissions: groupReadPermissions,
    cost: (request) => directoryReadCost(request, 5),
    handle: (call) => transitiveMembers(call, true),
  },
  {
    method: 'GET',
    pattern: /^\/groups\/([^/]+)$/,
    name: 'GET /groups/{id}',
    permissions: groupReadPermissions,
    cost: () => 1,
    handle: getGroup,
  },
];
