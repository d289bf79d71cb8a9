import { describe, expect, it } from 'vitest';
import { TokenBuckets, clientAddress } from './rate-limit.js';

/** 60 a minute is one a second: waits read as whole seconds. */
const oneASecond = { perMinute: 60, burst: 3 };

/** Spends as many tokens as `key` may at `nowMs`; how many it got. */
function drain(buckets: TokenBuckets, key: string, nowMs: number): number {
  let spent = 0;
  while (buckets.waitMs(key, nowMs) === 0) {
    buckets.take(key, nowMs);
    spent += 1;
  }
  return spent;
}

describe('TokenBuckets', () => {
  it('lets a quiet key spend its burst at once, then one token per interval', () => {
    const buckets = new TokenBuckets(oneASecond);
    expect(drain(buckets, 'a', 0)).toBe(3);
    expect(buckets.waitMs('a', 0)).toBe(1000);
    expect(buckets.waitMs('a', 400)).toBe(600);
    expect(drain(buckets, 'a', 1000)).toBe(1);
    expect(drain(buckets, 'a', 3500)).toBe(2);
    expect(buckets.waitMs('a', 3500)).toBe(500);
  });

  it('refills no further than the burst, however long the key was quiet', () => {
    const buckets = new TokenBuckets(oneASecond);
    drain(buckets, 'a', 0);
    expect(drain(buckets, 'a', 3_600_000)).toBe(3);
  });

  it('spends nothing when asked how long to wait', () => {
    const buckets = new TokenBuckets(oneASecond);
    for (let i = 0; i < 10; i += 1) expect(buckets.waitMs('a', 0)).toBe(0);
    expect(drain(buckets, 'a', 0)).toBe(3);
  });

  it('keeps keys apart', () => {
    const buckets = new TokenBuckets(oneASecond);
    drain(buckets, 'a', 0);
    expect(buckets.waitMs('b', 0)).toBe(0);
    expect(drain(buckets, 'b', 0)).toBe(3);
  });

  it('forgets buckets that have filled up again, so idle keys cost no memory', () => {
    const buckets = new TokenBuckets(oneASecond);
    for (let i = 0; i < 1000; i += 1) buckets.take(`key-${i}`, i);
    // At 2,999 ms only the keys touched in the last 3 s (full refill) can differ from fresh.
    buckets.take('late', 2999);
    expect(buckets.size).toBe(1001);
    buckets.take('later', 3500);
    expect(buckets.size).toBe(1001 - 501 + 1);
    buckets.take('last', 10_000);
    expect(buckets.size).toBe(1);
  });

  it('holds at most maxKeys buckets, dropping the least recently used', () => {
    const buckets = new TokenBuckets(oneASecond, 100);
    for (let i = 0; i < 1000; i += 1) buckets.take(`key-${i}`, 0);
    expect(buckets.size).toBe(100);
    // The most recent keys were kept: key-999 has spent a token, key-0 starts afresh.
    expect(drain(buckets, 'key-999', 0)).toBe(2);
    expect(drain(buckets, 'key-0', 0)).toBe(3);
  });

  it('refuses a limit with no rate or no burst (0 means off, and is handled by the caller)', () => {
    expect(() => new TokenBuckets({ perMinute: 0, burst: 1 })).toThrow();
    expect(() => new TokenBuckets({ perMinute: 1, burst: 0 })).toThrow();
  });
});

describe('clientAddress', () => {
  it.each([
    ['203.0.113.7:51234', '203.0.113.7'],
    ['203.0.113.7', '203.0.113.7'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['2001:db8::1', '2001:db8::1'],
    ['::ffff:127.0.0.1', '::ffff:127.0.0.1'],
    ['unknown', 'unknown'],
  ])('%s is the client %s', (forwarded, address) => {
    expect(clientAddress(forwarded)).toBe(address);
  });
});
