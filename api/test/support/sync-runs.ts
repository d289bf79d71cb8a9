import type { SyncRun } from '../../src/ports/store.js';

export const runTenantId = 'aaaaaaaa-0000-4000-8000-000000000001';
export const runId = '6f1c2d3e-4b5a-4c6d-8e7f-901234567890';

/** A finished run with a little of everything, for tests to vary. */
export function syncRun(overrides: Partial<SyncRun> = {}): SyncRun {
  return {
    id: runId,
    tenantId: runTenantId,
    trigger: 'schedule',
    round: 'delta',
    startedAt: '2025-03-01T10:00:00.000Z',
    endedAt: '2025-03-01T10:02:05.400Z',
    status: 'succeeded',
    counts: {
      added: 3,
      updated: 12,
      removed: 1,
      held: 0,
      unchanged: 840,
      skipped: { disabled: 20, guest: 7, 'service-account': 2 },
    },
    heldBecause: null,
    errors: [],
    ...overrides,
  };
}
