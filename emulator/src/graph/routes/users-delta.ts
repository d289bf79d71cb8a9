import { z } from 'zod';
import type { DeltaEntry, UserRecord } from '../../directory/tenant-directory.js';
import type { GraphCall, GraphRoute } from '../graph-route.js';
import { directoryReadCost } from '../graph-route.js';
import { graphError, graphJson, type GraphResponse } from '../graph-response.js';
import { parseUserSelect, projectUser, type UserSelection } from '../select.js';
import { userReadPermissions } from './users.js';

/** Users per delta page when the caller sends no `Prefer: odata.maxpagesize`. */
export const defaultDeltaPageSize = 200;
const maxDeltaPageSize = 999;

const selectionSchema = z.object({ properties: z.array(z.string()), manager: z.boolean() });
const base = {
  k: z.literal('delta'),
  t: z.string(),
  e: z.number(),
  iat: z.number(),
  sel: selectionSchema,
};
/**
 * What a delta token carries. `i`: first round, paging users after seq `c`, reporting up to
 * version `u`. `c`: a later round, paging the change log from `c` over versions (s, u].
 * `d`: a delta link; the next round reports changes after version `s`.
 */
const stateSchema = z.discriminatedUnion('m', [
  z.object({ ...base, m: z.literal('i'), u: z.number(), c: z.number().nullable() }),
  z.object({ ...base, m: z.literal('c'), s: z.number(), u: z.number(), c: z.number() }),
  z.object({ ...base, m: z.literal('d'), s: z.number() }),
]);
type DeltaState = z.infer<typeof stateSchema>;

interface Prefer {
  minimal: boolean;
  pageSize: number;
  applied: string[];
}

function readPrefer(header: string | undefined): Prefer {
  const prefer: Prefer = { minimal: false, pageSize: defaultDeltaPageSize, applied: [] };
  for (const part of (header ?? '').split(',').map((p) => p.trim().toLowerCase())) {
    if (part === 'return=minimal') {
      prefer.minimal = true;
      prefer.applied.push('return=minimal');
    }
    const size = /^odata\.maxpagesize=(\d+)$/.exec(part)?.[1];
    if (size !== undefined && Number(size) >= 1) {
      prefer.pageSize = Math.min(Number(size), maxDeltaPageSize);
      prefer.applied.push(`odata.maxpagesize=${prefer.pageSize}`);
    }
  }
  return prefer;
}

function syncStateNotFound(call: GraphCall): GraphResponse {
  return graphError(
    call.info,
    400,
    'syncStateNotFound',
    'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
  );
}

function expiredPageToken(call: GraphCall): GraphResponse {
  return graphError(
    call.info,
    400,
    'Directory_ExpiredPageToken',
    'The specified page token value has expired and can no longer be included in your request.',
  );
}

function badRequest(call: GraphCall, code: string, message: string): GraphResponse {
  return graphError(call.info, 400, code, message);
}

/** Opens a token from a link; undefined when it is forged, of another tenant, expired or reset. */
function openState(call: GraphCall, token: string): DeltaState | undefined {
  const parsed = stateSchema.safeParse(call.env.sealer.open(token));
  if (!parsed.success) return undefined;
  const state = parsed.data;
  const directory = call.tenant.directory;
  if (state.t !== directory.id || state.e !== directory.deltaEpoch) return undefined;
  if (call.env.now() - state.iat > call.env.deltaTokenLifetimeMs) return undefined;
  return state;
}

function seal(call: GraphCall, state: DeltaState): string {
  return call.env.sealer.seal(state);
}

function link(call: GraphCall, kind: '$skiptoken' | '$deltatoken', token: string): string {
  return `${call.env.origin}/v1.0/users/delta?${kind}=${token}`;
}

/**
 * A user as a delta page shows it. `since` is the version a later round reports changes
 * after (undefined in a first round); under return=minimal only what changed since then.
 */
function deltaUser(
  record: UserRecord,
  selection: UserSelection,
  since: number | undefined,
  minimal: boolean,
): Record<string, unknown> {
  const changedSince = (name: string): boolean =>
    since === undefined ||
    record.createdVersion > since ||
    (record.propertyVersions[name] ?? Number.NEGATIVE_INFINITY) > since;
  const changed = (name: string): boolean => !minimal || changedSince(name);
  const properties = selection.properties.filter((name) => name !== 'id' && changed(name));
  const out: Record<string, unknown> = projectUser(record.user, properties);
  if (selection.manager && changed('manager')) {
    const managerId = record.user.manager?.id;
    if (managerId !== undefined) {
      out['manager@delta'] = [{ '@odata.type': '#microsoft.graph.user', id: managerId }];
    } else if (
      record.previousManagerId !== undefined &&
      since !== undefined &&
      changedSince('manager')
    ) {
      out['manager@delta'] = [
        {
          '@odata.type': '#microsoft.graph.user',
          id: record.previousManagerId,
          '@removed': { reason: 'deleted' },
        },
      ];
    }
  }
  out['id'] = record.user.id;
  return out;
}

function removed(entry: Extract<DeltaEntry, { kind: 'removed' }>): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.user',
    id: entry.id,
    '@removed': { reason: entry.reason },
  };
}

/** Graph repeats some users within a round; the emulator can do the same, deterministically. */
function withReplays(call: GraphCall, page: Record<string, unknown>[]): Record<string, unknown>[] {
  const every = call.tenant.delta.replayEvery;
  if (every <= 0) return page;
  const replays = page.filter((item, i) => !('@removed' in item) && i % every === every - 1);
  return [...page, ...replays];
}

function answer(
  call: GraphCall,
  state: DeltaState,
  prefer: Prefer,
  value: Record<string, unknown>[],
  next: DeltaState,
): GraphResponse {
  const linkKind = next.m === 'd' ? '@odata.deltaLink' : '@odata.nextLink';
  // Graph names the selection in the context of a round's first page only.
  const firstPage = state.m === 'i' && state.c === null;
  const body = {
    '@odata.context': `${call.env.origin}/v1.0/$metadata#users${firstPage ? `(${state.sel.properties.join(',')})` : ''}`,
    [linkKind]: link(call, next.m === 'd' ? '$deltatoken' : '$skiptoken', seal(call, next)),
    value: withReplays(call, value),
  };
  const headers: Record<string, string> = {};
  if (prefer.applied.length > 0) headers['preference-applied'] = prefer.applied.join(', ');
  return graphJson(body, 200, headers);
}

function firstRoundPage(
  call: GraphCall,
  state: Extract<DeltaState, { m: 'i' }>,
  prefer: Prefer,
): GraphResponse {
  const value: Record<string, unknown>[] = [];
  let last: number | null = state.c;
  let more = false;
  for (const record of call.tenant.directory.usersAfter(state.c ?? undefined)) {
    if (value.length === prefer.pageSize) {
      more = true;
      break;
    }
    value.push(deltaUser(record, state.sel, undefined, false));
    last = record.seq;
  }
  const now = call.env.now();
  const next: DeltaState = more
    ? { ...state, c: last, iat: now }
    : { k: 'delta', t: state.t, e: state.e, iat: now, sel: state.sel, m: 'd', s: state.u };
  return answer(call, state, prefer, value, next);
}

function changesPage(
  call: GraphCall,
  state: Extract<DeltaState, { m: 'c' }>,
  prefer: Prefer,
): GraphResponse {
  const { entries, next: from } = call.tenant.directory.changes(state.c, state.u, prefer.pageSize);
  const value = entries.map((entry) =>
    entry.kind === 'user'
      ? deltaUser(entry.record, state.sel, state.s, prefer.minimal)
      : removed(entry),
  );
  const now = call.env.now();
  const next: DeltaState =
    from !== undefined
      ? { ...state, c: from, iat: now }
      : { k: 'delta', t: state.t, e: state.e, iat: now, sel: state.sel, m: 'd', s: state.u };
  return answer(call, state, prefer, value, next);
}

function usersDelta(call: GraphCall): GraphResponse {
  const { request, tenant, env } = call;
  const directory = tenant.directory;
  const prefer = readPrefer(request.headers['prefer']);
  // Graph ignores $top on users delta; these it refuses.
  for (const option of ['$orderby', '$expand', '$search', '$count']) {
    if (request.query.has(option)) {
      return badRequest(
        call,
        'Request_UnsupportedQuery',
        `The query option '${option}' is not supported with delta queries.`,
      );
    }
  }
  if (request.query.has('$filter')) {
    return badRequest(
      call,
      'Request_UnsupportedQuery',
      'Unsupported query: the Roster emulator does not filter delta queries.',
    );
  }
  const skipToken = request.query.get('$skiptoken');
  const deltaToken = request.query.get('$deltatoken');
  const common = { k: 'delta' as const, t: directory.id, e: directory.deltaEpoch, iat: env.now() };

  if (skipToken === null && deltaToken === null) {
    const select = parseUserSelect(request.query.get('$select'), { allowManager: true });
    if (!select.ok) return badRequest(call, 'Request_BadRequest', select.message);
    return firstRoundPage(
      call,
      { ...common, sel: select.selection, m: 'i', u: directory.currentVersion, c: null },
      prefer,
    );
  }
  if (deltaToken === 'latest') {
    const select = parseUserSelect(request.query.get('$select'), { allowManager: true });
    if (!select.ok) return badRequest(call, 'Request_BadRequest', select.message);
    const state: DeltaState = {
      ...common,
      sel: select.selection,
      m: 'd',
      s: directory.currentVersion,
    };
    return answer(call, state, prefer, [], state);
  }
  const state = openState(call, skipToken ?? deltaToken ?? '');
  if (state === undefined)
    return skipToken !== null ? expiredPageToken(call) : syncStateNotFound(call);
  switch (state.m) {
    case 'i':
      return firstRoundPage(call, state, prefer);
    case 'c':
      return changesPage(call, state, prefer);
    case 'd':
      return changesPage(
        call,
        { ...state, m: 'c', u: directory.currentVersion, c: directory.changeIndexAfter(state.s) },
        prefer,
      );
  }
}

export const userDeltaRoute: GraphRoute = {
  method: 'GET',
  pattern: /^\/users\/(?:microsoft\.graph\.)?delta(?:\(\))?$/,
  name: 'GET /users/delta',
  permissions: userReadPermissions,
  cost: directoryReadCost,
  handle: usersDelta,
};
