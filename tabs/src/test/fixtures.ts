import type { Employee, SyncRun, SyncStatus, TenantSummary } from '../api/types';

/** Test records shaped as the API answers them. */
export const tenantId = '23a0b7cf-7b10-4e51-818d-aea50fdfd333';

export function aRun(overrides: Partial<SyncRun> = {}): SyncRun {
  return {
    id: '11111111-2222-4333-8444-555555555555',
    tenantId,
    trigger: 'manual',
    round: 'full',
    startedAt: '2026-11-27T08:00:00.000Z',
    endedAt: '2026-11-27T08:00:02.500Z',
    status: 'succeeded',
    counts: {
      added: 12,
      updated: 3,
      removed: 1,
      held: 0,
      unchanged: 40,
      skipped: { 'no-valid-email': 2, guest: 5 },
    },
    heldBecause: null,
    errors: [],
    ...overrides,
  };
}

export const aTenant: TenantSummary = {
  tenantId,
  displayName: 'Thistle & Marten Textiles',
  linkedAt: '2026-11-20T10:00:00.000Z',
  linkedBy: { userId: 'u1', name: 'Morgan Hale' },
  settings: { scheduleIntervalMinutes: 180, cleanUp: true },
};

export function aStatus(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    health: 'healthy',
    nextScheduledAt: '2026-11-27T11:00:00.000Z',
    running: false,
    run: aRun(),
    progress: null,
    ...overrides,
  };
}

export function anEmployee(n: number, overrides: Partial<Employee> = {}): Employee {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    email: `person${n}@thistlemarten.example`,
    emailSource: 'proxyAddresses',
    aliases: [],
    fields: { displayName: `Person ${n}`, jobTitle: `Title ${n}`, department: 'Sales' },
    hash: `h${n}`,
    ...overrides,
  };
}
