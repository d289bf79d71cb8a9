import type { EmulatedTenant, TenantRegistry } from '../directory/tenant-registry.js';
import type { SigningKeys } from '../identity/signing-keys.js';
import type { RequestStats } from '../http/stats.js';
import { authenticateGraphCaller, graphWwwAuthenticate, type GraphCaller } from './graph-auth.js';
import type { FaultEffect } from './faults.js';
import type { GraphEnvironment, GraphRoute } from './graph-route.js';
import {
  graphError,
  type GraphRequest,
  type GraphResponse,
  type RequestInfo,
} from './graph-response.js';
import { runBatch } from './routes/batch.js';
import type { ResourceUnitThrottle } from './throttle.js';

/** What the HTTP layer must do beyond writing the response. */
export interface GraphOutcome {
  response: GraphResponse;
  /** Write part of the body, then reset the connection. */
  resetConnection: boolean;
  latencyMs: number;
}

interface GatewayDeps {
  routes: readonly GraphRoute[];
  registry: TenantRegistry;
  keys: SigningKeys;
  throttle: ResourceUnitThrottle;
  stats: RequestStats;
  env: GraphEnvironment;
}

const faultCodes: Record<number, [string, string]> = {
  429: ['TooManyRequests', 'Please retry again later.'],
  500: ['InternalServerError', 'An internal server error occurred.'],
  502: ['BadGateway', 'The gateway received an invalid response.'],
  503: ['ServiceNotAvailable', 'The service is temporarily unavailable. Please retry later.'],
  504: ['GatewayTimeout', 'The gateway did not receive a response in time.'],
  410: [
    'resyncRequired',
    "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd. Upload any local changes that the server doesn't know about.",
  ],
};

/**
 * Graph's front door: authenticates the caller, applies injected faults and the throttling
 * budget, checks the route's permission, runs the handler. `$batch` goes through the same
 * steps for each of its requests.
 */
export class GraphGateway {
  constructor(private readonly deps: GatewayDeps) {}

  async handle(request: GraphRequest, info: RequestInfo): Promise<GraphOutcome> {
    const auth = await authenticateGraphCaller(
      request.headers['authorization'],
      this.deps.keys,
      info.date,
    );
    if (!auth.ok) {
      const response = graphError(info, auth.status, auth.code, auth.message, {
        'www-authenticate': graphWwwAuthenticate,
      });
      return this.finish('unauthenticated', response, { resetConnection: false, latencyMs: 0 });
    }
    const tenant = this.deps.registry.find(auth.caller.tenantId);
    if (tenant === undefined) {
      const response = graphError(
        info,
        401,
        'InvalidAuthenticationToken',
        'Access token validation failure. Invalid issuer.',
        {
          'www-authenticate': graphWwwAuthenticate,
        },
      );
      return this.finish('unauthenticated', response, { resetConnection: false, latencyMs: 0 });
    }
    const fault = tenant.faults.hit(`/v1.0${request.path}`);
    const effects = {
      resetConnection: fault?.resetConnection ?? false,
      latencyMs: fault?.latencyMs ?? 0,
    };
    if (request.method === 'POST' && request.path === '/$batch') {
      const response =
        fault?.status !== undefined
          ? this.faultResponse(fault, request, info)
          : await this.batch(request, info, auth.caller, tenant);
      return this.finish('POST /$batch', response, effects);
    }
    const { name, response } = await this.dispatch(request, info, auth.caller, tenant, fault);
    return this.finish(name, response, effects);
  }

  /** Runs one request (top-level or inside `$batch`) after authentication. */
  private async dispatch(
    request: GraphRequest,
    info: RequestInfo,
    caller: GraphCaller,
    tenant: EmulatedTenant,
    fault: FaultEffect | undefined,
  ): Promise<{ name: string; response: GraphResponse }> {
    const match = this.match(request);
    if (match === undefined) {
      const segment = request.path.split('/').filter(Boolean).at(-1) ?? '';
      const response = graphError(
        info,
        400,
        'BadRequest',
        `Resource not found for the segment '${segment}'.`,
      );
      return { name: `${request.method} (unknown)`, response };
    }
    const { route, params } = match;
    if (fault?.status !== undefined)
      return { name: route.name, response: this.faultResponse(fault, request, info) };
    if (!route.permissions.some((permission) => caller.permissions.has(permission))) {
      const response = route.name.endsWith('/mailboxSettings')
        ? graphError(
            info,
            403,
            'ErrorAccessDenied',
            'Access is denied. Check credentials and try again.',
          )
        : graphError(
            info,
            403,
            'Authorization_RequestDenied',
            'Insufficient privileges to complete the operation.',
          );
      return { name: route.name, response };
    }
    const cost = route.cost(request);
    const decision = this.deps.throttle.charge(
      caller.appId,
      tenant.directory.id,
      tenant.directory.userCount,
      cost,
    );
    if (!decision.allowed) {
      const [code, message] = faultCodes[429] ?? ['TooManyRequests', 'Please retry again later.'];
      return { name: route.name, response: graphError(info, 429, code, message, decision.headers) };
    }
    const response = await route.handle({ request, tenant, info, env: this.deps.env, params });
    Object.assign(response.headers, decision.headers);
    return { name: route.name, response };
  }

  private match(request: GraphRequest): { route: GraphRoute; params: string[] } | undefined {
    for (const route of this.deps.routes) {
      if (route.method !== request.method) continue;
      const found = route.pattern.exec(request.path);
      if (found !== null) return { route, params: found.slice(1) };
    }
    return undefined;
  }

  private faultResponse(
    fault: FaultEffect,
    request: GraphRequest,
    info: RequestInfo,
  ): GraphResponse {
    const status = fault.status ?? 500;
    const [code, message] = faultCodes[status] ?? ['UnknownError', `Injected fault ${status}.`];
    const headers: Record<string, string> = {};
    if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
    // Graph's forced resync points the client back at the start of the round.
    if (status === 410)
      headers['location'] = `${this.deps.env.origin}/v1.0${request.path}?$deltatoken=`;
    return graphError(info, status, code, message, headers);
  }

  private async batch(
    request: GraphRequest,
    info: RequestInfo,
    caller: GraphCaller,
    tenant: EmulatedTenant,
  ): Promise<GraphResponse> {
    return runBatch(request, info, (inner) => {
      const fault = tenant.faults.hit(`/v1.0${inner.path}`);
      return this.dispatch(inner, info, caller, tenant, fault).then(({ name, response }) => {
        this.deps.stats.record(
          `${inner.method} ${name.replace(/^[A-Z]+ /, '')} (in $batch)`,
          response.status,
        );
        return response;
      });
    });
  }

  private finish(
    name: string,
    response: GraphResponse,
    effects: { resetConnection: boolean; latencyMs: number },
  ): GraphOutcome {
    this.deps.stats.record(name, response.status);
    return { response, ...effects };
  }
}
