import { describe, expect, it } from 'vitest';
import { backoffMs, classifyFailure, parseRetryAfter, RetryBudget } from './retry-policy.js';

const settings = { budget: 3, baseDelayMs: 100, maxDelayMs: 1000 };

describe('retry policy', () => {
  it.each([
    [429, '2', { kind: 'throttled', retryAfterMs: 2000 }],
    [429, '0.25', { kind: 'throttled', retryAfterMs: 250 }],
    [429, null, { kind: 'throttled', retryAfterMs: undefined }],
    [503, '5', { kind: 'transient' }],
    [0, null, { kind: 'transient' }],
    [401, null, { kind: 'unauthorized' }],
    [400, null, { kind: 'final' }],
    [404, null, { kind: 'final' }],
    [410, null, { kind: 'final' }],
  ])('status %i with Retry-After %s → %j', (status, retryAfter, expected) => {
    expect(classifyFailure(status, retryAfter)).toEqual(expected);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('1.5')).toBe(1500);
    expect(parseRetryAfter('Fri, 27 Nov 2026 10:00:05 GMT', Date.UTC(2026, 10, 27, 10, 0, 0))).toBe(
      5000,
    );
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-1')).toBeUndefined();
  });

  it('backs off exponentially with jitter, capped, never under Retry-After', () => {
    expect(backoffMs(1, settings, undefined, () => 0)).toBe(50);
    expect(backoffMs(1, settings, undefined, () => 1)).toBe(100);
    expect(backoffMs(3, settings, undefined, () => 1)).toBe(400);
    expect(backoffMs(10, settings, undefined, () => 1)).toBe(1000);
    expect(backoffMs(1, settings, 700, () => 0)).toBe(700);
    expect(backoffMs(1, settings, 60_000, () => 0)).toBe(1000);
  });

  it('spends a budget shared by every request of a run', () => {
    const budget = new RetryBudget(settings);
    expect([budget.take(), budget.take(), budget.take(), budget.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(budget.retriesUsed).toBe(3);
  });
});
