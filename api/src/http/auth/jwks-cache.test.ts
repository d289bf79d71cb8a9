import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../ports/clock.js';
import { JwksCache, type FetchJwks } from './jwks-cache.js';

/** Entra publishes each key with the issuer template it signs for. */
type EntraJwk = JWK & { issuer: string };

let jwkA: EntraJwk;
let jwkB: EntraJwk;

async function publicJwk(kid: string): Promise<EntraJwk> {
  const { publicKey } = await generateKeyPair('RS256', { extractable: true });
  return {
    ...(await exportJWK(publicKey)),
    kid,
    use: 'sig',
    issuer: 'https://idp/{tenantid}/v2.0',
  };
}

beforeAll(async () => {
  [jwkA, jwkB] = await Promise.all([publicJwk('a'), publicJwk('b')]);
});

/** A cache over a scripted key endpoint, with a clock the test moves. */
function scripted(answers: (() => unknown)[]) {
  let ms = Date.UTC(2026, 0, 1);
  const clock: Clock = { now: () => new Date(ms) };
  const calls: string[] = [];
  const fetchJwks: FetchJwks = async (url) => {
    calls.push(url);
    const answer = answers[Math.min(calls.length, answers.length) - 1];
    // A little latency, so concurrent callers really overlap.
    await new Promise((resolve) => setTimeout(resolve, 5));
    return answer?.();
  };
  const cache = new JwksCache({ url: 'https://idp/common/discovery/v2.0/keys', fetchJwks, clock });
  return {
    cache,
    calls,
    advance: (seconds: number) => {
      ms += seconds * 1000;
    },
  };
}

const set = (...keys: JWK[]) => ({ keys });
const down = () => {
  throw new Error('connect ECONNREFUSED');
};

describe('JwksCache', () => {
  it('fetches once for concurrent first callers and returns the key with its issuer', async () => {
    const { cache, calls } = scripted([() => set(jwkA)]);
    const resolved = await Promise.all([
      cache.resolve('a'),
      cache.resolve('a'),
      cache.resolve('a'),
    ]);
    expect(calls).toEqual(['https://idp/common/discovery/v2.0/keys']);
    expect(resolved.map((r) => r?.issuer)).toEqual(Array(3).fill('https://idp/{tenantid}/v2.0'));
    expect(resolved[0]?.key.type).toBe('public');
  });

  it('answers unknown kids from the cache within the cooldown, then refetches once', async () => {
    const { cache, calls, advance } = scripted([() => set(jwkA), () => set(jwkA, jwkB)]);
    expect(await cache.resolve('a')).toBeDefined();
    expect(await cache.resolve('b')).toBeUndefined();
    advance(29);
    expect(await cache.resolve('b')).toBeUndefined();
    expect(calls).toHaveLength(1);
    advance(1);
    expect(await cache.resolve('b')).toBeDefined();
    expect(await cache.resolve('zzz')).toBeUndefined();
    expect(calls).toHaveLength(2);
  });

  it('is unavailable (503) until a key set was read, retrying without a cooldown', async () => {
    const { cache, calls } = scripted([down, () => 'not a key set', () => set(jwkA)]);
    await expect(cache.resolve('a')).rejects.toMatchObject({
      code: 'signing_keys_unavailable',
      status: 503,
    });
    await expect(cache.resolve('a')).rejects.toMatchObject({ code: 'signing_keys_unavailable' });
    expect(await cache.resolve('a')).toBeDefined();
    expect(calls).toHaveLength(3);
  });

  it('refetches a day-old set, and keeps it when the refetch fails', async () => {
    const { cache, calls, advance } = scripted([() => set(jwkA), down, () => set(jwkB)]);
    expect(await cache.resolve('a')).toBeDefined();
    advance(24 * 3600);
    expect(await cache.resolve('a')).toBeDefined();
    expect(calls).toHaveLength(2);
    // The failed refresh is not retried on every request, only after the cooldown.
    advance(10);
    expect(await cache.resolve('a')).toBeDefined();
    expect(calls).toHaveLength(2);
    advance(20);
    expect(await cache.resolve('a')).toBeUndefined();
    expect(await cache.resolve('b')).toBeDefined();
    expect(calls).toHaveLength(3);
  });
});
