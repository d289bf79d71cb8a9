import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { json, type Request, type Response } from 'express';
import { controlRoutes } from './control/control-routes.js';
import { TenantRegistry } from './directory/tenant-registry.js';
import { GraphGateway } from './graph/graph-gateway.js';
import type { GraphEnvironment } from './graph/graph-route.js';
import type { GraphRequest } from './graph/graph-response.js';
import { graphRoutes } from './graph/graph-routes.js';
import {
  graphThrottleDefaults,
  ResourceUnitThrottle,
  type ThrottleSettings,
} from './graph/throttle.js';
import { TokenSealer } from './http/signed-token.js';
import { RequestStats } from './http/stats.js';
import { demoAppRegistration, type AppRegistration } from './identity/app-registration.js';
import { authorizeRoutes } from './identity/authorize-routes.js';
import { consentRoutes } from './identity/consent-routes.js';
import { discoveryRoutes } from './identity/discovery-routes.js';
import type { IdentityContext } from './identity/identity-context.js';
import { SigningKeys } from './identity/signing-keys.js';
import { TokenIssuer } from './identity/token-issuer.js';
import { tokenRoute } from './identity/token-route.js';
import { generateTenant } from './tenant/generate-tenant.js';
import { createRng } from './tenant/random.js';
import type { TenantData } from './tenant/tenant-data.js';
import { createTlsMaterial } from './tls/certificates.js';

export interface EmulatorOptions {
  /** Interface to listen on; loopback unless told otherwise. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Tenants to serve; by default one generated tenant of `users` users from `seed`. */
  tenants?: TenantData[];
  users?: number;
  seed?: number;
  app?: Partial<AppRegistration>;
  tokenLifetimeSeconds?: number;
  deltaTokenLifetimeSeconds?: number;
  throttling?: Partial<ThrottleSettings>;
  /** Where the CA certificate is written; a new temporary folder by default. */
  stateDir?: string;
}

/** A running emulator: where it is, what to trust, who the app is, and how to stop it. */
export interface RunningEmulator {
  url: string;
  caCertPath: string;
  caCertPem: string;
  app: AppRegistration;
  tenants: { id: string; displayName: string; users: number }[];
  close(): Promise<void>;
}

function lowerCaseHeaders(req: Request): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts the Entra ID and Microsoft Graph emulator over HTTPS on loopback. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const tls = await createTlsMaterial();
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'roster-emulator-')));
  const caCertPath = join(stateDir, 'emulator-ca.pem');
  await writeFile(caCertPath, tls.caCertPem);

  const app = demoAppRegistration(options.app);
  const tenants = options.tenants ?? [
    generateTenant({ users: options.users ?? 1000, seed: options.seed ?? 1 }),
  ];
  let clockOffsetMs = 0;
  const clock = {
    now: () => Date.now() + clockOffsetMs,
    advance: (ms: number) => {
      clockOffsetMs += ms;
    },
  };
  const faultRandom = createRng(options.seed ?? 1);
  const registry = new TenantRegistry(tenants, app.permissions, () => faultRandom.next());
  const keys = await SigningKeys.create();
  const sealer = new TokenSealer();
  const stats = new RequestStats();
  const throttle = new ResourceUnitThrottle(
    { ...graphThrottleDefaults, ...options.throttling },
    clock.now,
  );

  const server: Server = createServer({
    cert: tls.serverCertPem,
    key: tls.serverKeyPem,
    keepAlive: true,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const issuer = new TokenIssuer({
    keys,
    app,
    origin,
    now: clock.now,
    lifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
  });
  const identity: IdentityContext = { registry, app, keys, issuer, sealer, origin, now: clock.now };
  const env: GraphEnvironment = {
    sealer,
    now: clock.now,
    deltaTokenLifetimeMs: (options.deltaTokenLifetimeSeconds ?? 7 * 24 * 3600) * 1000,
    origin,
  };
  const gateway = new GraphGateway({ routes: graphRoutes, registry, keys, throttle, stats, env });

  const web = express();
  web.disable('x-powered-by');
  web.set('etag', false);
  web.use('/_emulator', controlRoutes({ registry, app, keys, issuer, throttle, stats, clock }));

  web.use('/v1.0', json({ limit: '4mb' }), async (req: Request, res: Response) => {
    const url = new URL(req.originalUrl, origin);
    const request: GraphRequest = {
      method: req.method,
      path: decodeURIComponent(url.pathname.slice('/v1.0'.length)) || '/',
      query: url.searchParams,
      headers: lowerCaseHeaders(req),
      body: req.body as unknown,
    };
    const info = {
      requestId: randomUUID(),
      clientRequestId: req.get('client-request-id'),
      date: new Date(clock.now()),
    };
    const outcome = await gateway.handle(request, info);
    if (outcome.latencyMs > 0) await sleep(outcome.latencyMs);
    const { response } = outcome;
    const body =
      typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? null);
    res.status(response.status).set({
      ...response.headers,
      'request-id': info.requestId,
      'client-request-id': info.clientRequestId ?? info.requestId,
      'odata-version': '4.0',
      'cache-control': 'no-cache',
    });
    if (outcome.resetConnection) {
      // Half a page, then a reset: what a client sees when a connection dies mid-response.
      res.setHeader('content-length', Buffer.byteLength(body));
      res.write(body.slice(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.send(body);
  });

  // Faults that name a sign-in path (e.g. `/{tid}/oauth2/v2.0/token`) apply to Entra's endpoints too.
  web.use('/:tenant', async (req, res, next) => {
    const tenant = registry.find(req.params.tenant);
    const fault = tenant?.faults.hit(req.originalUrl.split('?')[0] ?? '', true);
    if (fault === undefined) {
      next();
      return;
    }
    if (fault.latencyMs > 0) await sleep(fault.latencyMs);
    if (fault.resetConnection) return void req.socket.destroy();
    if (fault.status === undefined) {
      next();
      return;
    }
    if (fault.retryAfter !== undefined) res.set('retry-after', String(fault.retryAfter));
    res.status(fault.status).json({
      error: 'temporarily_unavailable',
      error_description: `Injected fault ${fault.status}.`,
    });
  });
  web.use(discoveryRoutes(identity));
  web.use(tokenRoute(identity));
  web.use(consentRoutes(identity));
  web.use(authorizeRoutes(identity));
  web.use((_req, res) => {
    res
      .status(404)
      .json({ error: 'not_found', error_description: 'The Roster emulator has no such endpoint.' });
  });

  server.on('request', web);

  return {
    url: origin,
    caCertPath,
    caCertPem: tls.caCertPem,
    app,
    tenants: registry.all().map((t) => ({
      id: t.directory.id,
      displayName: t.directory.displayName,
      users: t.directory.userCount,
    })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
