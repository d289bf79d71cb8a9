import { createLocalJWKSet, type CryptoKey, type JSONWebKeySet, type LocalJWKSet } from 'jose';
import { z } from 'zod';
import { AppError } from '../../app-error.js';
import type { Clock } from '../../ports/clock.js';

/** Reads a JSON Web Key Set document; the answer's JSON body, or a rejection. */
export type FetchJwks = (url: string) => Promise<unknown>;

export interface JwksCacheOptions {
  readonly url: string;
  readonly fetchJwks: FetchJwks;
  readonly clock: Clock;
  /** Least time between two fetches caused by an unknown `kid` (default 30 s). */
  readonly cooldownMs?: number;
  /** Age after which the set is refetched even when every `kid` is known (default 24 h). */
  readonly maxAgeMs?: number;
}

/** A verification key and the `issuer` template Entra publishes with it, if any. */
export interface ResolvedKey {
  readonly key: CryptoKey;
  readonly issuer: string | undefined;
}

const jwkSetSchema = z.object({
  keys: z.array(
    z.looseObject({ kty: z.string(), kid: z.string().optional(), issuer: z.string().optional() }),
  ),
});

interface KeySet {
  readonly local: LocalJWKSet;
  readonly issuers: ReadonlyMap<string, string | undefined>;
}

/**
 * Entra's signing keys, fetched through the caller's own HTTP client (jose's remote set
 * would use the global fetch, which does not trust our configured CA). An unknown `kid`
 * refetches at most once per cooldown, so forged kids cannot make us hammer Entra.
 */
export class JwksCache {
  private current: KeySet | undefined;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<KeySet> | undefined;
  private readonly cooldownMs: number;
  private readonly maxAgeMs: number;

  constructor(private readonly options: JwksCacheOptions) {
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.maxAgeMs = options.maxAgeMs ?? 86_400_000;
  }

  /** The RS256 key for `kid`, or undefined when the (possibly refetched) set has none. */
  async resolve(kid: string): Promise<ResolvedKey | undefined> {
    let set = await this.fresh();
    if (!set.issuers.has(kid)) {
      // A fetch already under way may be the one bringing a just-rotated key: wait for it.
      if (this.inflight !== undefined) set = await this.inflight;
      else if (this.elapsed(this.attemptedAt) >= this.cooldownMs) set = await this.refresh();
      if (!set.issuers.has(kid)) return undefined;
    }
    return { key: await set.local({ alg: 'RS256', kid }), issuer: set.issuers.get(kid) };
  }

  private async fresh(): Promise<KeySet> {
    if (this.current === undefined) return this.refresh();
    if (
      this.elapsed(this.fetchedAt) >= this.maxAgeMs &&
      this.elapsed(this.attemptedAt) >= this.cooldownMs
    ) {
      // Stale keys beat no keys: a failed daily refresh keeps the old set and is retried
      // after the cooldown; only a set that was never fetched makes requests fail.
      try {
        return await this.refresh();
      } catch {
        return this.current;
      }
    }
    return this.current;
  }

  private refresh(): Promise<KeySet> {
    this.inflight ??= this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async load(): Promise<KeySet> {
    this.attemptedAt = this.options.clock.now().getTime();
    let body: unknown;
    try {
      body = await this.options.fetchJwks(this.options.url);
    } catch (cause) {
      throw unavailable(cause);
    }
    const parsed = jwkSetSchema.safeParse(body);
    if (!parsed.success) throw unavailable(parsed.error);
    const jwks = parsed.data as JSONWebKeySet;
    const set: KeySet = {
      local: createLocalJWKSet(jwks),
      issuers: new Map(
        parsed.data.keys.flatMap((jwk) => (jwk.kid === undefined ? [] : [[jwk.kid, jwk.issuer]])),
      ),
    };
    this.current = set;
    this.fetchedAt = this.attemptedAt;
    return set;
  }

  private elapsed(since: number): number {
    return this.options.clock.now().getTime() - since;
  }
}

function unavailable(cause: unknown): AppError {
  return new AppError(
    'signing_keys_unavailable',
    503,
    "Roster could not read the identity provider's signing keys; try again shortly.",
    { cause },
  );
}
