/**
 * Seeded pseudo-random numbers for the tenant generator. Everything random in a generated
 * tenant comes from here, so the same seed always yields the same tenant.
 */

/** A seeded random source; all state lives in the closure, one per generation. */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform unsigned 32-bit integer. */
  uint32(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** An element chosen with probability proportional to `weights[i]` (same length as items). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[];
  /** A lowercase GUID with the version-4 and RFC 4122 variant bits set. */
  guid(): string;
  /** `count` random bytes. */
  bytes(count: number): Uint8Array;
}

const HEX_CODES: readonly number[] = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const DASH = '-'.charCodeAt(0);

/** splitmix32 step: spreads a weak seed (0, 1, 2, …) over all 32 bits. */
function splitmix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** Folds any finite number (negative, fractional, beyond 2^32) into 32 bits, losslessly for safe integers. */
function seedWord(seed: number): number {
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
  const whole = Math.trunc(seed);
  const low = whole >>> 0;
  const high = Math.floor(whole / 0x1_0000_0000) >>> 0;
  return (low ^ splitmix32(high)) >>> 0;
}

/** Mixes a seed with extra numbers into a new seed, for independent sub-streams. */
export function deriveSeed(seed: number, ...salt: number[]): number {
  let mixed = seedWord(seed);
  for (const value of salt) mixed = splitmix32(mixed ^ seedWord(value));
  return mixed;
}

/** Creates an sfc32 generator (small, fast, passes PractRand) seeded from `seed`. */
export function createRng(seed: number): Rng {
  let a = splitmix32(seedWord(seed));
  let b = splitmix32(a);
  let c = splitmix32(b);
  let d = 1;

  const uint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs of sfc32 correlate with the seed; discard them.
  for (let i = 0; i < 15; i++) uint32();

  const next = (): number => uint32() / 0x1_0000_0000;
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));

  const guidChars: number[] = new Array<number>(36).fill(0);

  return {
    next,
    uint32,
    int,
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty array');
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted<T>(items: readonly T[], weights: readonly number[]): T {
      if (items.length === 0 || items.length !== weights.length) {
        throw new Error('weighted pick needs one weight per item');
      }
      let total = 0;
      for (const w of weights) total += w;
      let target = next() * total;
      for (let i = 0; i < items.length; i++) {
        target -= weights[i] ?? 0;
        if (target < 0) return items[i] as T;
      }
      // Float rounding can leave target at ~0 after the loop: the last item takes it.
      return items[items.length - 1] as T;
    },
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const swap = items[i] as T;
        items[i] = items[j] as T;
        items[j] = swap;
      }
      return items;
    },
    guid(): string {
      const words = [
        uint32(),
        (uint32() & 0xffff0fff) | 0x00004000,
        (uint32() & 0x3fffffff) | 0x80000000,
        uint32(),
      ];
      // Char codes written into one scratch array and turned into a string at once: building
      // it from pieces costs a dozen short-lived strings per id.
      let at = 0;
      for (let w = 0; w < 4; w++) {
        const word = words[w] ?? 0;
        for (let shift = 28; shift >= 0; shift -= 4) {
          if (at === 8 || at === 13 || at === 18 || at === 23) guidChars[at++] = DASH;
          guidChars[at++] = HEX_CODES[(word >>> shift) & 0xf] ?? DASH;
        }
      }
      return String.fromCharCode(...guidChars);
    },
    bytes(count: number): Uint8Array {
      const out = new Uint8Array(count);
      for (let i = 0; i < count; i += 4) {
        const word = uint32();
        for (let k = 0; k < 4 && i + k < count; k++) out[i + k] = (word >>> (8 * k)) & 0xff;
      }
      return out;
    },
  };
}
