/** Graph's identity-and-access limits: resource units per app per tenant per window, by tenant size. */
export interface ThrottleSettings {
  enabled: boolean;
  windowSeconds: number;
  /** Limits for tenants under 50 users, 50–500 users, and over 500 users. */
  limits: { small: number; medium: number; large: number };
}

export const graphThrottleDefaults: ThrottleSettings = {
  enabled: true,
  windowSeconds: 10,
  limits: { small: 3500, medium: 5000, large: 8000 },
};

/** The outcome of charging a request: allowed, or throttled with the wait Graph would ask for. */
export type ThrottleDecision =
  | { allowed: true; headers: Record<string, string> }
  | { allowed: false; retryAfterSeconds: number; headers: Record<string, string> };

interface Bucket {
  units: number;
  updatedAt: number;
}

/**
 * A token bucket per app per tenant that refills continuously at limit / window, so a
 * caller that honours Retry-After always gets through, and one that does not keeps failing.
 */
export class ResourceUnitThrottle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private settings: ThrottleSettings,
    private readonly now: () => number,
  ) {}

  configure(settings: ThrottleSettings): void {
    this.settings = settings;
    this.buckets.clear();
  }

  current(): ThrottleSettings {
    return this.settings;
  }

  /** Charges `cost` resource units to the (app, tenant) pair. */
  charge(appId: string, tenantId: string, tenantUsers: number, cost: number): ThrottleDecision {
    const limit = this.limitFor(tenantUsers);
    const scope = `Tenant_Application/ReadWrite/${appId}/${tenantId}`;
    if (!this.settings.enabled)
      return { allowed: true, headers: { 'x-ms-resource-unit': String(cost) } };

    const key = `${appId}/${tenantId}`;
    const now = this.now();
    const ratePerMs = limit / (this.settings.windowSeconds * 1000);
    const bucket = this.buckets.get(key) ?? { units: limit, updatedAt: now };
    bucket.units = Math.min(limit, bucket.units + (now - bucket.updatedAt) * ratePerMs);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);

    if (bucket.units >= cost) {
      bucket.units -= cost;
      const headers: Record<string, string> = { 'x-ms-resource-unit': String(cost) };
      // Graph warns only once a caller has used 80% of its budget, as a fraction of the limit.
      const used = (limit - bucket.units) / limit;
      if (used >= 0.8) {
        headers['x-ms-throttle-limit-percentage'] = used.toFixed(1);
        headers['x-ms-throttle-scope'] = scope;
      }
      return { allowed: true, headers };
    }
    const waitMs = (cost - bucket.units) / ratePerMs;
    // Graph's Retry-After may be fractional; keep millisecond precision, never zero.
    const retryAfterSeconds = Math.max(0.001, Math.ceil(waitMs) / 1000);
    return {
      allowed: false,
      retryAfterSeconds,
      headers: {
        'retry-after': String(retryAfterSeconds),
        'x-ms-resource-unit': String(cost),
        'x-ms-throttle-limit-percentage': ((limit - bucket.units + cost) / limit).toFixed(1),
        'x-ms-throttle-scope': scope,
        'x-ms-throttle-information': 'ResourceUnitLimitExceeded',
      },
    };
  }

  private limitFor(users: number): number {
    if (users < 50) return this.settings.limits.small;
    if (users <= 500) return this.settings.limits.medium;
    return this.settings.limits.large;
  }
}
