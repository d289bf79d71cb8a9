import {
  AuthenticationHandler,
  Client,
  GraphError,
  HTTPMessageHandler,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { ServerError } from '@azure/msal-node';
import type { Agent } from 'undici';
import { z } from 'zod';
import type { DirectoryExtension } from '../domain/mappable-attributes.js';
import type { SourceUser } from '../domain/source-user.js';
import {
  DirectoryError,
  type DirectoryConnector,
  type DirectoryGroup,
  type DirectorySource,
  type Organization,
  type SourcePage,
  type UsersRequest,
} from '../ports/directory-source.js';
import type { MsalTokenProvider } from './msal-token-provider.js';
import { odataString } from './odata-literal.js';
import { backoffMs, classifyFailure, RetryBudget, type RetrySettings } from './retry-policy.js';

export interface GraphSourceConfig {
  /** `https://graph.microsoft.com` in production; the emulator's URL locally. */
  readonly graphBaseUrl: string;
  /** Users per page of `/users/delta` (Prefer: odata.maxpagesize), at most 999. */
  readonly pageSize: number;
  readonly retry: RetrySettings;
}

const userSchema = z.looseObject({ id: z.string().min(1) });
// Items are checked by hand: a zod object parse per user would copy every user of the tenant.
const pageSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});
const collectionSchema = z.object({
  value: z.array(z.looseObject({})),
  '@odata.nextLink': z.string().optional(),
});
const organizationSchema = z.object({
  value: z
    .array(
      z.object({
        id: z.string(),
        displayName: z.string().nullable(),
        verifiedDomains: z.array(z.object({ name: z.string(), isDefault: z.boolean().nullable() })),
      }),
    )
    .min(1),
});
const batchSchema = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number(),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown(),
    }),
  ),
});

const groupSchema = z.object({
  id: z.string().min(1),
  displayName: z.string().nullable(),
  description: z.string().nullable().optional(),
  mail: z.string().nullable().optional(),
});
const groupSelect = 'id,displayName,description,mail';
const extensionsSchema = z.object({
  value: z.array(
    z.object({
      name: z.string(),
      dataType: z.string(),
      isMultiValued: z.boolean().nullable().optional(),
      isSyncedFromOnPremises: z.boolean().nullable().optional(),
      targetObjects: z.array(z.string()),
      appDisplayName: z.string().nullable().optional(),
    }),
  ),
});
const tokenClaimsSchema = z.looseObject({ roles: z.array(z.string()).optional() });

/** A group as the port describes it: optional texts left out rather than null. */
function toGroup(raw: z.infer<typeof groupSchema>): DirectoryGroup {
  return {
    id: raw.id,
    displayName: raw.displayName ?? raw.id,
    ...(typeof raw.description === 'string' && raw.description !== ''
      ? { description: raw.description }
      : {}),
    ...(typeof raw.mail === 'string' && raw.mail !== '' ? { mail: raw.mail } : {}),
  };
}

/**
 * The `roles` claim of an app token, for diagnostics only: Graph's tokens are not meant for
 * their clients to read and may become opaque, so an unreadable one gives undefined.
 */
function rolesOf(token: string): string[] | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims = tokenClaimsSchema.safeParse(
      JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
    );
    return claims.success ? (claims.data.roles ?? []) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a failure is Graph's 404: the object is not there. */
function isNotFound(error: unknown): boolean {
  return (
    error instanceof DirectoryError &&
    error.cause instanceof GraphError &&
    error.cause.statusCode === 404
  );
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The manager id in a delta item's `manager@delta`: null when removed, undefined when absent. */
function managerIdOf(user: SourceUser): string | null | undefined {
  const link: unknown = user['manager@delta'];
  if (!Array.isArray(link)) return undefined;
  const entry: unknown = link[0];
  if (typeof entry !== 'object' || entry === null) return null;
  const { id, '@removed': removed } = entry as { id?: unknown; '@removed'?: unknown };
  return typeof id === 'string' && removed === undefined ? id : null;
}

const badItem = () => new DirectoryError('rejected', 'Graph returned a user without an id.');

/** Graph's error code from an SDK error, when the body had one. */
function errorCode(error: GraphError): string {
  return error.code ?? '';
}

/** Reads a tenant's users and the facts filters need through the Microsoft Graph SDK. */
export class GraphDirectorySource implements DirectorySource {
  private readonly client: Client;
  private readonly budget: RetryBudget;
  /** Managers read this run, by id. */
  private readonly managers = new Map<string, SourceUser>();
  /** The token requests go out with; refreshed through MSAL (and its cache) before each one. */
  private token = '';

  constructor(
    private readonly tenantId: string,
    private readonly config: GraphSourceConfig,
    private readonly tokens: MsalTokenProvider,
    agent: Agent,
    private readonly random: () => number = Math.random,
    /** Skip MSAL's cache for this source's first token. */
    private freshToken = false,
  ) {
    this.budget = new RetryBudget(config.retry);
    // The SDK's own retry handler is left out: retries are this class's, within the run's budget.
    const auth = new AuthenticationHandler({ getAccessToken: () => Promise.resolve(this.token) });
    const telemetry = new TelemetryHandler();
    auth.setNext(telemetry);
    telemetry.setNext(new HTTPMessageHandler());
    const base = new URL(config.graphBaseUrl);
    this.client = Client.initWithMiddleware({
      baseUrl: `${base.origin}/`,
      defaultVersion: 'v1.0',
      customHosts: new Set([base.hostname]),
      middleware: auth,
      // Node's fetch takes an undici dispatcher; the SDK's RequestInit type predates it.
      fetchOptions: { dispatcher: agent } as unknown as RequestInit,
    });
  }

  get retriesUsed(): number {
    return this.budget.retriesUsed;
  }

  async organization(): Promise<Organization> {
    const body = organizationSchema.parse(
      await this.call(() =>
        this.client.api('/organization').select('id,displayName,verifiedDomains').get(),
      ),
    );
    const org = body.value[0];
    if (org === undefined) throw new DirectoryError('rejected', 'Graph returned no organization.');
    return {
      id: org.id,
      displayName: org.displayName ?? org.id,
      verifiedDomains: org.verifiedDomains.map((d) => ({
        name: d.name,
        isDefault: d.isDefault === true,
      })),
    };
  }

  async *users(request: UsersRequest): AsyncIterable<SourcePage> {
    const first =
      request.deltaLink ??
      `/users/delta?$select=${request.select.map(encodeURIComponent).join(',')}`;
    // The next page is requested before this one is handed over, so Graph's latency overlaps
    // with the caller's work on the page; at most one request is ever ahead.
    const managerAttributes = request.manager ?? [];
    let pending = this.usersPage(first, managerAttributes);
    for (;;) {
      const page = await pending;
      if (page.deltaLink !== undefined) {
        yield page;
        return;
      }
      pending = this.usersPage(page.next, managerAttributes);
      // If the caller stops early, the page fetched ahead must not become an unhandled rejection.
      pending.catch(() => undefined);
      yield page;
    }
  }

  /** One page of a users round, checked and split into users and Graph's removals. */
  private async usersPage(
    url: string,
    managerAttributes: readonly string[],
  ): Promise<SourcePage & { next: string }> {
    const raw = await this.call(() =>
      this.client.api(url).header('Prefer', `odata.maxpagesize=${this.config.pageSize}`).get(),
    );
    const page = pageSchema.parse(raw);
    const users: SourceUser[] = [];
    const removed: { id: string; reason: 'changed' | 'deleted' }[] = [];
    for (const item of page.value) {
      if (typeof item !== 'object' || item === null) throw badItem();
      const { id } = item as { id?: unknown };
      if (typeof id !== 'string' || id === '') throw badItem();
      const gone = (item as { '@removed'?: { reason?: unknown } })['@removed'];
      if (gone !== undefined) {
        removed.push({ id, reason: gone.reason === 'deleted' ? 'deleted' : 'changed' });
      } else {
        users.push(item as SourceUser);
      }
    }
    if (managerAttributes.length > 0) await this.attachManagers(users, managerAttributes);
    const delta = page['@odata.deltaLink'];
    const next = page['@odata.nextLink'];
    if (delta !== undefined) return { users, removed, deltaLink: delta, next: '' };
    if (next === undefined) {
      throw new DirectoryError(
        'rejected',
        'A users delta page had neither a next nor a delta link.',
      );
    }
    return { users, removed, next };
  }

  /**
   * Replaces each user's `manager@delta` with `manager`: the manager's attributes, read in
   * `$batch`es of 20 and remembered for the run (one manager has many reports), or null when
   * Graph says the manager was removed. A user without `manager@delta` keeps no `manager`.
   */
  private async attachManagers(users: SourceUser[], attributes: readonly string[]): Promise<void> {
    const wanted = new Set<string>();
    for (const user of users) {
      const id = managerIdOf(user);
      if (id !== undefined && id !== null && !this.managers.has(id)) wanted.add(id);
    }
    const ids = [...wanted];
    const select = ['id', ...attributes].join(',');
    for (let start = 0; start < ids.length; start += 20) {
      const chunk = ids.slice(start, start + 20);
      const requests = chunk.map((id, i) => ({
        id: String(i),
        method: 'GET',
        url: `/users/${encodeURIComponent(id)}?$select=${select}`,
      }));
      const batch = batchSchema.parse(
        await this.call(() => this.client.api('/$batch').post({ requests })),
      );
      for (const response of batch.responses) {
        const id = chunk[Number(response.id)];
        if (id === undefined) continue;
        // A manager Graph cannot show (deleted since, or throttled here) reads as id only.
        const body = response.status === 200 ? response.body : null;
        this.managers.set(
          id,
          typeof body === 'object' && body !== null ? (body as SourceUser) : { id },
        );
      }
    }
    for (const [i, user] of users.entries()) {
      const id = managerIdOf(user);
      if (id === undefined) continue;
      const { ['manager@delta']: _link, ...rest } = user;
      users[i] = {
        ...rest,
        manager: id === null ? null : (this.managers.get(id) ?? { id }),
      };
    }
  }

  async user(
    idOrUpn: string,
    select: readonly string[],
    manager: readonly string[] = [],
  ): Promise<SourceUser | undefined> {
    try {
      // One user's manager comes by $expand; `manager` is a link, not a property to select.
      const properties = select.filter((name) => name !== 'manager');
      const raw = await this.call(() => {
        const request = this.client.api(`/users/${encodeURIComponent(idOrUpn)}`).select(properties);
        if (manager.length > 0) request.expand(`manager($select=${['id', ...manager].join(',')})`);
        return request.get();
      });
      return userSchema.parse(raw);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async tokenPermissions(): Promise<readonly string[] | undefined> {
    // `call` takes the token (fresh, when asked) with the retry rules of every request.
    const token = await this.call(() => Promise.resolve(this.token));
    return typeof token === 'string' ? rolesOf(token) : undefined;
  }

  async firstUsers(select: readonly string[], count: number): Promise<SourceUser[]> {
    const properties = select.filter((name) => name !== 'manager');
    const page = collectionSchema.parse(
      await this.call(() => this.client.api('/users').select(properties).top(count).get()),
    );
    return page.value.map((item) => userSchema.parse(item));
  }

  async group(id: string): Promise<DirectoryGroup | undefined> {
    try {
      const raw = await this.call(() =>
        this.client.api(`/groups/${encodeURIComponent(id)}?$select=${groupSelect}`).get(),
      );
      return toGroup(groupSchema.parse(raw));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async searchGroups(prefix: string, limit: number): Promise<DirectoryGroup[]> {
    // The SDK sends query values as given: the filter is escaped for OData, then for the URL.
    const filter =
      prefix === ''
        ? ''
        : `&$filter=${encodeURIComponent(`startswith(displayName,${odataString(prefix)})`)}`;
    const path = `/groups?$select=${groupSelect}&$top=${limit}${filter}`;
    const page = z
      .object({ value: z.array(groupSchema) })
      .parse(await this.call(() => this.client.api(path).get()));
    return page.value.map(toGroup);
  }

  async mailboxPurpose(userId: string): Promise<string | null> {
    try {
      const raw = await this.call(() =>
        this.client
          .api(`/users/${encodeURIComponent(userId)}/mailboxSettings?$select=userPurpose`)
          .get(),
      );
      const purpose = (raw as { userPurpose?: unknown } | null)?.userPurpose;
      return typeof purpose === 'string' ? purpose : null;
    } catch (error) {
      // 404 MailboxNotEnabledForRESTAPI: the user has no Exchange Online mailbox.
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async extensionProperties(): Promise<DirectoryExtension[]> {
    // No isSyncedFromOnPremises: attributes synced from on-premises AD are mappable too.
    const body = extensionsSchema.parse(
      await this.call(() =>
        this.client.api('/directoryObjects/getAvailableExtensionProperties').post({}),
      ),
    );
    return body.value.map((e) => ({
      name: e.name,
      dataType: e.dataType,
      isMultiValued: e.isMultiValued === true,
      isSyncedFromOnPremises: e.isSyncedFromOnPremises === true,
      targetObjects: e.targetObjects,
      appDisplayName: e.appDisplayName ?? '',
    }));
  }

  async mailboxPurposes(userIds: readonly string[]): Promise<Map<string, string>> {
    const purposes = new Map<string, string>();
    const chunks: string[][] = [];
    for (let start = 0; start < userIds.length; start += 20) {
      chunks.push(userIds.slice(start, start + 20));
    }
    // A few batches in flight at once: Outlook allows 4 concurrent requests per mailbox app.
    const lanes = Array.from({ length: Math.min(4, chunks.length) }, async () => {
      for (let chunk = chunks.shift(); chunk !== undefined; chunk = chunks.shift()) {
        await this.mailboxBatch(chunk, purposes);
      }
    });
    await Promise.all(lanes);
    return purposes;
  }

  /** One `$batch` of up to 20 mailbox settings reads; inner 429s and 5xx are retried alone. */
  private async mailboxBatch(ids: readonly string[], purposes: Map<string, string>): Promise<void> {
    let pending = ids;
    while (pending.length > 0) {
      const requests = pending.map((id, i) => ({
        id: String(i),
        method: 'GET',
        url: `/users/${encodeURIComponent(id)}/mailboxSettings?$select=userPurpose`,
      }));
      const batch = batchSchema.parse(
        await this.call(() => this.client.api('/$batch').post({ requests })),
      );
      const retry: string[] = [];
      let waitMs = 0;
      for (const response of batch.responses) {
        const id = pending[Number(response.id)];
        if (id === undefined) continue;
        if (response.status === 200) {
          const purpose = (response.body as { userPurpose?: unknown } | null)?.userPurpose;
          if (typeof purpose === 'string') purposes.set(id, purpose);
          continue;
        }
        const retryAfter =
          Object.entries(response.headers ?? {}).find(
            ([name]) => name.toLowerCase() === 'retry-after',
          )?.[1] ?? null;
        const failure = classifyFailure(response.status, retryAfter);
        if (failure.kind === 'throttled' || failure.kind === 'transient') {
          retry.push(id);
          if (failure.kind === 'throttled') waitMs = Math.max(waitMs, failure.retryAfterMs ?? 0);
        }
        // 404 MailboxNotEnabledForRESTAPI and 403 leave the purpose unknown: filters fall back.
      }
      if (retry.length > 0) {
        if (!this.budget.take()) {
          throw new DirectoryError('unavailable', 'Graph kept refusing mailbox settings reads.');
        }
        await sleep(backoffMs(this.budget.retriesUsed, this.config.retry, waitMs, this.random));
      }
      pending = retry;
    }
  }

  async roomAddresses(): Promise<Set<string>> {
    const rooms = new Set<string>();
    for await (const item of this.pages('/places/microsoft.graph.room?$select=emailAddress')) {
      const address = item['emailAddress'];
      if (typeof address === 'string') rooms.add(address.toLowerCase());
    }
    return rooms;
  }

  async groupMemberIds(groupId: string): Promise<Set<string>> {
    const ids = new Set<string>();
    const path = `/groups/${encodeURIComponent(groupId)}/transitiveMembers?$select=id&$top=999`;
    for await (const item of this.pages(path)) {
      const type = item['@odata.type'];
      if (
        typeof item['id'] === 'string' &&
        (type === undefined || type === '#microsoft.graph.user')
      ) {
        ids.add(item['id']);
      }
    }
    return ids;
  }

  /** Every item of a paged collection. */
  private async *pages(path: string): AsyncIterable<Record<string, unknown>> {
    let url: string | undefined = path;
    while (url !== undefined) {
      const current: string = url;
      const page = collectionSchema.parse(await this.call(() => this.client.api(current).get()));
      yield* page.value;
      url = page['@odata.nextLink'];
    }
  }

  /**
   * One Graph request with Roster's retry rules: Retry-After on 429, capped exponential
   * backoff with jitter on 5xx and dropped connections, one token refresh on 401, all
   * within the run's budget. Everything else becomes a `DirectoryError` at once.
   */
  private async call(request: () => Promise<unknown>): Promise<unknown> {
    let refreshed = false;
    let forceRefresh = this.freshToken;
    this.freshToken = false;
    for (;;) {
      let error: unknown;
      try {
        this.token = await this.tokens.token(this.tenantId, forceRefresh);
        return await request();
      } catch (caught) {
        if (caught instanceof ServerError) throw this.signInError(caught);
        error = caught;
      }
      forceRefresh = false;
      const status = error instanceof GraphError ? this.statusOf(error) : 0;
      const retryAfter =
        error instanceof GraphError ? (error.headers?.get('retry-after') ?? null) : null;
      const failure = classifyFailure(status, retryAfter);
      if (failure.kind === 'unauthorized' && !refreshed) {
        refreshed = true;
        forceRefresh = true;
        continue;
      }
      if (failure.kind === 'throttled' || failure.kind === 'transient') {
        if (!this.budget.take()) {
          throw new DirectoryError(
            'unavailable',
            `Microsoft Graph is unavailable: ${describe(error)} (retried ${this.budget.retriesUsed} times).`,
            { cause: error },
          );
        }
        const asked = failure.kind === 'throttled' ? failure.retryAfterMs : undefined;
        await sleep(backoffMs(this.budget.retriesUsed, this.config.retry, asked, this.random));
        continue;
      }
      throw this.finalError(error, status);
    }
  }

  /** Entra refused to issue a token: no consent, a bad secret, an unknown tenant. */
  private signInError(error: ServerError): DirectoryError {
    const code =
      error.errorNo === undefined || error.errorNo === ''
        ? error.errorCode
        : `AADSTS${error.errorNo}`;
    return new DirectoryError(
      'not-authorized',
      `Entra ID refused a token for tenant ${this.tenantId}: ${error.errorMessage.split('\n')[0] ?? error.errorCode}`,
      { cause: error, code },
    );
  }

  /** The SDK reports a failed connection as -1, and a body cut short with the response's 2xx. */
  private statusOf(error: GraphError): number {
    return error.statusCode >= 400 ? error.statusCode : 0;
  }

  private finalError(error: unknown, status: number): DirectoryError {
    if (error instanceof DirectoryError) return error;
    const code = error instanceof GraphError ? errorCode(error) : '';
    const known = code === '' ? {} : { code };
    if (status === 410 || (status === 400 && code === 'syncStateNotFound')) {
      return new DirectoryError(
        'delta-expired',
        `Graph asked for a full resync (${status} ${code}).`,
        {
          cause: error,
        },
      );
    }
    if (status === 401 || status === 403) {
      return new DirectoryError(
        'not-authorized',
        `Roster is not authorized in this tenant: ${describe(error)}`,
        { cause: error, ...known },
      );
    }
    return new DirectoryError('rejected', `Microsoft Graph refused a request: ${describe(error)}`, {
      cause: error,
      ...known,
    });
  }
}

function describe(error: unknown): string {
  if (error instanceof GraphError) {
    return `${error.statusCode} ${errorCode(error)} ${error.message}`.trim();
  }
  return error instanceof Error ? error.message : String(error);
}

/** Opens `GraphDirectorySource`s sharing one token provider and one HTTP agent. */
export class GraphDirectoryConnector implements DirectoryConnector {
  constructor(
    private readonly config: GraphSourceConfig,
    private readonly tokens: MsalTokenProvider,
    private readonly agent: Agent,
  ) {}

  connect(tenantId: string, options: { freshToken?: boolean } = {}): DirectorySource {
    return new GraphDirectorySource(
      tenantId,
      this.config,
      this.tokens,
      this.agent,
      Math.random,
      options.freshToken === true,
    );
  }
}
