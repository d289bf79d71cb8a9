import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../ports/clock.js';

/** What a consent `state` binds: the admin who asked, their tenant, and when it expires. */
export interface ConsentClaims {
  readonly tenantId: string;
  readonly userId: string;
}

const payloadSchema = z.strictObject({
  tid: z.string(),
  oid: z.string(),
  exp: z.number(),
  nonce: z.string(),
});

/**
 * Signed, expiring, single-use `state` values for the admin-consent round trip: HMAC-SHA256
 * over the claims, checked in constant time. Single use is remembered by this instance until
 * the state would have expired anyway. (Instances behind one URL share `secret`; a state
 * replayed to another instance inside its ten minutes is still bound to the same admin and
 * tenant, and linking twice is idempotent.)
 */
export class ConsentStates {
  private readonly used = new Map<string, number>();
  private readonly secret: Buffer;

  constructor(
    secret: string | undefined,
    private readonly clock: Clock,
    private readonly lifetimeMs = 10 * 60_000,
  ) {
    this.secret = secret === undefined ? randomBytes(32) : Buffer.from(secret, 'utf8');
  }

  issue(claims: ConsentClaims): string {
    const payload = Buffer.from(
      JSON.stringify({
        tid: claims.tenantId,
        oid: claims.userId,
        exp: this.clock.now().getTime() + this.lifetimeMs,
        nonce: randomUUID(),
      }),
    ).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The claims of a genuine, unexpired, unused state; undefined for anything else. */
  redeem(state: string): ConsentClaims | undefined {
    const [payload, signature, extra] = state.split('.');
    if (payload === undefined || signature === undefined || extra !== undefined) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    let parsed;
    try {
      parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString()));
    } catch {
      return undefined;
    }
    if (!parsed.success) return undefined;
    const now = this.clock.now().getTime();
    if (parsed.data.exp <= now || this.used.has(parsed.data.nonce)) return undefined;
    for (const [nonce, exp] of this.used) if (exp <= now) this.used.delete(nonce);
    this.used.set(parsed.data.nonce, parsed.data.exp);
    return { tenantId: parsed.data.tid, userId: parsed.data.oid };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
