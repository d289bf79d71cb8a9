import type { EmulatedTenant } from '../directory/tenant-registry.js';
import type { TokenSealer } from '../http/signed-token.js';
import type { GraphRequest, GraphResponse, RequestInfo } from './graph-response.js';

/** What the emulator shares with every Graph handler. */
export interface GraphEnvironment {
  sealer: TokenSealer;
  now: () => number;
  deltaTokenLifetimeMs: number;
  /** Origin of the emulator, e.g. `https://127.0.0.1:5443`. */
  origin: string;
}

/** One call to a Graph handler. */
export interface GraphCall {
  request: GraphRequest;
  tenant: EmulatedTenant;
  info: RequestInfo;
  env: GraphEnvironment;
  /** The capture groups of the route's pattern. */
  params: string[];
}

/** A Graph v1.0 endpoint: where it lives, what it needs and what it costs. */
export interface GraphRoute {
  method: 'GET' | 'POST';
  /** Matched against the path after `/v1.0`. */
  pattern: RegExp;
  /** Stable name for statistics, e.g. `GET /users/delta`. */
  name: string;
  /** Any one of these application permissions (or delegated scopes) grants access. */
  permissions: readonly string[];
  /** Resource units charged against the throttling budget. */
  cost(request: GraphRequest): number;
  handle(call: GraphCall): GraphResponse | Promise<GraphResponse>;
}

/**
 * Graph's cost of a directory read in resource units: a base cost, one less with `$select`,
 * one more with `$expand`, one less with `$top` under 20, never below 1.
 */
export function directoryReadCost(request: GraphRequest, base = 2): number {
  let cost = base;
  if (request.query.has('$select')) cost -= 1;
  if (request.query.has('$expand')) cost += 1;
  const top = Number(request.query.get('$top') ?? 'NaN');
  if (top < 20) cost -= 1;
  return Math.max(1, cost);
}
