import type { RequestHandler, Response } from 'express';
import { AppError } from '../app-error.js';
import { callerOf } from './auth/authenticate.js';

/** A sustained rate and the burst a quiet key may spend at once; `perMinute: 0` turns it off. */
export interface RateLimit {
  readonly perMinute: number;
  readonly burst: number;
}

/** The limits of Roster's HTTP surface. */
export interface RateLimits {
  /** `/api/*`, per signed-in user (tenant id + object id). */
  readonly user: RateLimit;
  /** `/api/*`, per tenant: all its users together. */
  readonly tenant: RateLimit;
  /** `/auth/consent/callback`, per client IP: it answers without a token. */
  readonly consent: RateLimit;
}

/** The defaults; `config.ts` declares the same numbers for its environment variables. */
export const defaultRateLimits: RateLimits = {
  user: { perMinute: 600, burst: 100 },
  tenant: { perMinute: 3000, burst: 500 },
  consent: { perMinute: 20, burst: 10 },
};

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * Token buckets by key, refilled continuously at `perMinute` up to `burst`. Time comes in as
 * an argument, so the arithmetic is tested without a clock. Buckets live in this process's
 * memory: each instance limits on its own, so N instances allow up to N times the rate.
 */
export class TokenBuckets {
  /** Insertion order is last-use order: the least recently used bucket comes first. */
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  /** How long an untouched bucket takes to fill up, after which it equals a fresh one. */
  private readonly refillMs: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly maxKeys = 100_000,
  ) {
    if (limit.perMinute <= 0 || limit.burst < 1)
      throw new Error('A limit needs a rate and a burst.');
    this.perMs = limit.perMinute / 60_000;
    this.refillMs = limit.burst / this.perMs;
  }

  /** Milliseconds until `key` may spend a token: 0 when it may now. Spends nothing. */
  waitMs(key: string, nowMs: number): number {
    const tokens = this.tokensAt(this.buckets.get(key), nowMs);
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / this.perMs);
  }

  /** Spends one of `key`'s tokens; callers ask `waitMs` first. */
  take(key: string, nowMs: number): void {
    const tokens = this.tokensAt(this.buckets.get(key), nowMs);
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: tokens - 1, updatedMs: nowMs });
    this.evict(nowMs);
  }

  /** Buckets held now. */
  get size(): number {
    return this.buckets.size;
  }

  private tokensAt(bucket: Bucket | undefined, nowMs: number): number {
    if (bucket === undefined) return this.limit.burst;
    const elapsed = Math.max(0, nowMs - bucket.updatedMs);
    return Math.min(this.limit.burst, bucket.tokens + elapsed * this.perMs);
  }

  /**
   * Drops buckets that have filled up again (forgetting them changes nothing), oldest first,
   * and past `maxKeys` the least recently used ones: memory stays bounded whoever calls.
   */
  private evict(nowMs: number): void {
    for (const [key, bucket] of this.buckets) {
      const full = nowMs - bucket.updatedMs >= this.refillMs;
      if (!full && this.buckets.size <= this.maxKeys) return;
      this.buckets.delete(key);
    }
  }
}

const bucketsFor = (limit: RateLimit) =>
  limit.perMinute > 0 ? new TokenBuckets(limit) : undefined;

/** Who a limit counts: the words of the 429's message and its `details.scope`. */
const scopes = {
  user: 'you',
  tenant: 'your organization',
  client: 'your network address',
} as const;

function rateLimited(res: Response, waitMs: number, scope: keyof typeof scopes): AppError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  res.set('retry-after', String(seconds));
  return new AppError(
    'rate_limited',
    429,
    `Too many requests from ${scopes[scope]}. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
    { details: { scope, retryAfterSeconds: seconds } },
  );
}

/**
 * Limits authenticated requests per user and per tenant (mounted after `authenticate`). A
 * refusal is a 429 `rate_limited` with `Retry-After`, and spends no token of either limit.
 */
export function limitCallers(
  limits: Pick<RateLimits, 'user' | 'tenant'>,
  nowMs: () => number,
): RequestHandler {
  const users = bucketsFor(limits.user);
  const tenants = bucketsFor(limits.tenant);
  return (_req, res, next) => {
    const { tenantId, userId } = callerOf(res);
    const userKey = `${tenantId}/${userId}`;
    const now = nowMs();
    const userWait = users?.waitMs(userKey, now) ?? 0;
    const tenantWait = tenants?.waitMs(tenantId, now) ?? 0;
    if (userWait > 0) {
      next(rateLimited(res, Math.max(userWait, tenantWait), 'user'));
    } else if (tenantWait > 0) {
      next(rateLimited(res, tenantWait, 'tenant'));
    } else {
      users?.take(userKey, now);
      tenants?.take(tenantId, now);
      next();
    }
  };
}

/** Limits requests per client IP, for endpoints that answer without a token. */
export function limitClients(limit: RateLimit, nowMs: () => number): RequestHandler {
  const clients = bucketsFor(limit);
  return (req, res, next) => {
    if (clients === undefined) {
      next();
      return;
    }
    const key = clientAddress(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    const now = nowMs();
    const wait = clients.waitMs(key, now);
    if (wait > 0) {
      next(rateLimited(res, wait, 'client'));
      return;
    }
    clients.take(key, now);
    next();
  };
}

/**
 * The address without a port: some proxies (Azure App Service's front ends among them) put
 * `address:port` in `X-Forwarded-For`, and a client's every connection has a new port.
 */
export function clientAddress(forwarded: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(forwarded);
  if (bracketed?.[1] !== undefined) return bracketed[1];
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(forwarded);
  return ipv4WithPort?.[1] ?? forwarded;
}
