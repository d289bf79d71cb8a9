import { randomUUID } from 'node:crypto';
import { json, Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { DirectoryError } from '../directory/tenant-directory.js';
import type { EmulatedTenant, TenantRegistry } from '../directory/tenant-registry.js';
import { faultRuleSchema } from '../graph/faults.js';
import type { ResourceUnitThrottle } from '../graph/throttle.js';
import type { RequestStats } from '../http/stats.js';
import { appRegistrationSchema, type AppRegistration } from '../identity/app-registration.js';
import type { SigningKeys } from '../identity/signing-keys.js';
import type { TokenIssuer } from '../identity/token-issuer.js';
import type { GraphUser } from '../tenant/tenant-data.js';
import { changeSchema, newUserSchema, userPatchSchema, type Change } from './user-input.js';

export interface ControlDeps {
  registry: TenantRegistry;
  app: AppRegistration;
  keys: SigningKeys;
  issuer: TokenIssuer;
  throttle: ResourceUnitThrottle;
  stats: RequestStats;
  clock: { now(): number; advance(ms: number): void };
}

/** A control-plane error: `{ "error": { "code", "message", "details" } }`. */
class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const details = result.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    }));
    throw new ControlError(
      400,
      'invalid_request',
      details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; '),
      details,
    );
  }
  return result.data;
}

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const throttleSchema = z
  .object({
    enabled: z.boolean().optional(),
    windowSeconds: z.number().positive().max(3600).optional(),
    limits: z
      .object({
        small: z.number().positive(),
        medium: z.number().positive(),
        large: z.number().positive(),
      })
      .strict()
      .optional(),
  })
  .strict();

const tokenRequestSchema = z
  .object({
    kind: z.enum(['app', 'user']),
    userId: z.string().optional(),
    /** For app tokens; defaults to what the tenant consented to. */
    roles: z.array(z.string()).optional(),
    /** For user tokens; defaults to `access_as_user`. */
    scopes: z.array(z.string()).optional(),
    /** Claims that replace the minted ones (aud, iss, exp, nbf, tid, wids, ...). */
    claims: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/**
 * The emulator's own control plane under `/_emulator`, answered on loopback only: change
 * the directory (every change feeds `/users/delta`), inject faults, expire delta tokens,
 * grant or revoke consent, move the clock, mint test tokens, read statistics.
 */
export function controlRoutes(deps: ControlDeps): Router {
  const router = Router();
  router.use((req, _res, next) => {
    if (!loopback.has(req.socket.remoteAddress ?? '')) {
      next(new ControlError(403, 'forbidden', 'The control plane answers on loopback only.'));
      return;
    }
    next();
  });
  router.use(json({ limit: '16mb' }));

  const tenantOf = (req: Request): EmulatedTenant => {
    const tenant = deps.registry.find(String(req.params['tid']));
    if (tenant === undefined)
      throw new ControlError(404, 'tenant_not_found', `No tenant ${String(req.params['tid'])}.`);
    return tenant;
  };

  const apply = (tenant: EmulatedTenant, change: Change): GraphUser | undefined => {
    const directory = tenant.directory;
    switch (change.op) {
      case 'create':
        return directory.createUser({
          ...change.user,
          id: change.user.id ?? randomUUID(),
        } as GraphUser).user;
      case 'update':
        return directory.updateUser(change.id, change.patch).user;
      case 'delete':
        if (change.hard === true) directory.hardDeleteUser(change.id);
        else directory.softDeleteUser(change.id);
        return undefined;
      case 'restore':
        return directory.restoreUser(change.id).user;
    }
  };

  router.get('/stats', (_req, res) => {
    res.json(deps.stats.snapshot());
  });
  router.delete('/stats', (_req, res) => {
    deps.stats.reset();
    res.status(204).end();
  });

  router.get('/tenants', (_req, res) => {
    res.json({
      tenants: deps.registry.all().map((t) => ({
        id: t.directory.id,
        displayName: t.directory.displayName,
        users: t.directory.userCount,
        consented: t.consent.granted,
        permissions: t.consent.permissions,
      })),
    });
  });

  router.post('/tenants/:tid/users', (req, res) => {
    const tenant = tenantOf(req);
    const user = parse(newUserSchema, req.body);
    res.status(201).json(apply(tenant, { op: 'create', user }));
  });
  router.patch('/tenants/:tid/users/:id', (req, res) => {
    const tenant = tenantOf(req);
    res.json(
      apply(tenant, { op: 'update', id: req.params.id, patch: parse(userPatchSchema, req.body) }),
    );
  });
  router.delete('/tenants/:tid/users/:id', (req, res) => {
    const tenant = tenantOf(req);
    apply(tenant, { op: 'delete', id: req.params.id, hard: req.query['hard'] === 'true' });
    res.status(204).end();
  });
  router.post('/tenants/:tid/users/:id/restore', (req, res) => {
    res.json(apply(tenantOf(req), { op: 'restore', id: req.params.id }));
  });
  router.post('/tenants/:tid/changes', (req, res) => {
    const tenant = tenantOf(req);
    const changes = parse(z.array(changeSchema).max(100_000), req.body);
    // Validated whole before any is applied; a directory refusal stops at that change and says which.
    let applied = 0;
    try {
      for (const change of changes) {
        apply(tenant, change);
        applied++;
      }
    } catch (error) {
      if (error instanceof DirectoryError) {
        throw new ControlError(
          error.status,
          error.code,
          `Change ${applied} failed: ${error.message} ${applied} change(s) before it were applied.`,
          { applied },
        );
      }
      throw error;
    }
    res.json({ applied });
  });

  router.get('/tenants/:tid/faults', (req, res) => {
    res.json({ faults: tenantOf(req).faults.list() });
  });
  router.post('/tenants/:tid/faults', (req, res) => {
    const tenant = tenantOf(req);
    tenant.faults.add(parse(faultRuleSchema, req.body));
    res.status(201).json({ faults: tenant.faults.list() });
  });
  router.delete('/tenants/:tid/faults', (req, res) => {
    tenantOf(req).faults.clear();
    res.status(204).end();
  });

  router.post('/tenants/:tid/expire-delta-tokens', (req, res) => {
    tenantOf(req).directory.deltaEpoch += 1;
    res.status(204).end();
  });
  router.put('/tenants/:tid/delta-options', (req, res) => {
    const tenant = tenantOf(req);
    tenant.delta = parse(
      z.object({ replayEvery: z.number().int().min(0).max(1000) }).strict(),
      req.body,
    );
    res.json(tenant.delta);
  });

  router.post('/tenants/:tid/consent', (req, res) => {
    const tenant = tenantOf(req);
    const body = parse(
      z.object({ permissions: z.array(z.string().min(1)).optional() }).strict(),
      req.body ?? {},
    );
    tenant.consent = { granted: true, permissions: body.permissions ?? [...deps.app.permissions] };
    res.json(tenant.consent);
  });
  router.delete('/tenants/:tid/consent', (req, res) => {
    tenantOf(req).consent = { granted: false, permissions: [] };
    res.status(204).end();
  });

  router.post('/tenants/:tid/tokens', async (req, res) => {
    const tenant = tenantOf(req);
    const request = parse(tokenRequestSchema, req.body);
    const tid = tenant.directory.id;
    let token: string;
    if (request.kind === 'app') {
      token = (
        await deps.issuer.graphAppToken(tid, request.roles ?? tenant.consent.permissions, 'secret')
      ).token;
    } else {
      const record = tenant.directory.findUser(request.userId ?? '');
      if (record === undefined)
        throw new ControlError(
          404,
          'user_not_found',
          `No user ${request.userId ?? ''} in tenant ${tid}.`,
        );
      const wids = tenant.directory.directoryRoles.get(record.user.id) ?? [];
      token = (
        await deps.issuer.userAccessToken(
          tid,
          record.user,
          wids,
          request.scopes ?? ['access_as_user'],
          deps.app.clientId,
        )
      ).token;
    }
    if (request.claims !== undefined) {
      const [, payload] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
      token = await deps.issuer.signRaw({ ...claims, ...request.claims });
    }
    res.json({ access_token: token });
  });

  router.put('/throttling', (req, res) => {
    const patch = parse(throttleSchema, req.body);
    const current = deps.throttle.current();
    deps.throttle.configure({
      enabled: patch.enabled ?? current.enabled,
      windowSeconds: patch.windowSeconds ?? current.windowSeconds,
      limits: patch.limits ?? current.limits,
    });
    res.json(deps.throttle.current());
  });
  router.post('/clock', (req, res) => {
    const body = parse(
      z
        .object({
          advanceSeconds: z
            .number()
            .min(0)
            .max(400 * 24 * 3600),
        })
        .strict(),
      req.body,
    );
    deps.clock.advance(body.advanceSeconds * 1000);
    res.json({ now: new Date(deps.clock.now()).toISOString() });
  });
  router.post('/keys/rotate', async (_req, res) => {
    res.json({ kid: await deps.keys.rotate() });
  });

  router.get('/app', (_req, res) => {
    res.json(deps.app);
  });
  router.patch('/app', (req, res) => {
    const patch = parse(
      appRegistrationSchema
        .pick({ redirectUris: true, spaRedirectUris: true, certificates: true, permissions: true })
        .partial()
        .strict(),
      req.body,
    );
    Object.assign(deps.app, patch);
    res.json(deps.app);
  });

  router.use((_req, _res, next) => {
    next(new ControlError(404, 'not_found', 'No such control-plane endpoint.'));
  });
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof ControlError) {
      res.status(error.status).json({
        error: { code: error.code, message: error.message, details: error.details ?? null },
      });
    } else if (error instanceof DirectoryError) {
      res
        .status(error.status)
        .json({ error: { code: error.code, message: error.message, details: null } });
    } else if (
      error instanceof SyntaxError ||
      (error as { type?: string }).type === 'entity.parse.failed'
    ) {
      res.status(400).json({
        error: {
          code: 'malformed_json',
          message: 'The request body is not valid JSON.',
          details: null,
        },
      });
    } else if ((error as { type?: string }).type === 'entity.too.large') {
      res.status(413).json({
        error: {
          code: 'body_too_large',
          message: 'The request body is too large.',
          details: null,
        },
      });
    } else {
      res.status(500).json({ error: { code: 'internal', message: String(error), details: null } });
    }
  });
  return router;
}
