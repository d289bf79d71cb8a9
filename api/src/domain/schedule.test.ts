import { describe, expect, it } from 'vitest';
import { scheduleAfter, stableFraction, type RunOutcome } from './schedule.js';

const at = (iso: string, status: RunOutcome['status'], unauthorized = false): RunOutcome => ({
  startedAt: iso,
  status,
  unauthorized,
  interrupted: status === 'running',
});
const t0 = '2026-11-27T00:00:00.000Z';
const hours = (h: number) => new Date(Date.parse(t0) + h * 3_600_000).toISOString();

describe('scheduleAfter', () => {
  it('is due at once for a tenant never synced', () => {
    expect(scheduleAfter('t', [], 180)).toEqual({
      health: 'healthy',
      dueAt: '1970-01-01T00:00:00.000Z',
    });
  });

  it('spreads tenants over 2–4 hours after a success, the same on every instance', () => {
    const dues = Array.from({ length: 200 }, (_, i) =>
      Date.parse(scheduleAfter(`tenant-${i}`, [at(t0, 'succeeded')], 180).dueAt),
    );
    for (const due of dues) {
      expect(due).toBeGreaterThanOrEqual(Date.parse(hours(2)));
      expect(due).toBeLessThanOrEqual(Date.parse(hours(4)));
    }
    expect(new Set(dues).size).toBeGreaterThan(190);
    expect(scheduleAfter('tenant-1', [at(t0, 'succeeded')], 180)).toEqual(
      scheduleAfter('tenant-1', [at(t0, 'succeeded')], 180),
    );
  });

  it.each([
    [['failed'], 'retrying', 3],
    [['failed', 'failed'], 'retrying', 6],
    [['failed', 'failed', 'failed', 'failed'], 'retrying', 24],
    [['failed', 'failed', 'failed', 'failed', 'failed'], 'quarantined', 24],
    [['failed', 'succeeded', 'failed'], 'retrying', 3],
  ] as const)('after %j: %s, due %i hours later', (statuses, health, due) => {
    const runs = statuses.map((s, i) => at(hours(-i), s));
    expect(scheduleAfter('t', runs, 180)).toEqual({ health, dueAt: hours(due) });
  });

  it('quarantines at once when consent was revoked', () => {
    expect(scheduleAfter('t', [at(t0, 'failed', true)], 180)).toEqual({
      health: 'quarantined',
      dueAt: hours(24),
    });
  });

  it('is due at once after a run that is still marked running, keeping the health before it', () => {
    expect(scheduleAfter('t', [at(hours(5), 'running'), at(t0, 'failed', true)], 180)).toEqual({
      health: 'quarantined',
      dueAt: hours(5),
    });
  });

  it('treats held and partial runs as finished, not failed', () => {
    for (const status of ['held', 'partial'] as const) {
      expect(scheduleAfter('t', [at(t0, status)], 180).health).toBe('healthy');
    }
  });

  it('has a stable fraction in [0, 1)', () => {
    for (const text of ['', 'a', 'tenant/2026']) {
      const f = stableFraction(text);
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      expect(stableFraction(text)).toBe(f);
    }
  });
});
