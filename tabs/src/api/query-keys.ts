/**
 * Query keys of the resources the tab reads. Everything about the tenant sits under
 * `['tenant']`, so invalidating it after a settings change refreshes every view of it.
 */
export const queryKeys = {
  me: ['me'] as const,
  tenantSummary: ['tenant', 'summary'] as const,
  syncStatus: ['tenant', 'sync-status'] as const,
  runs: (limit: number) => ['tenant', 'runs', { limit }] as const,
  run: (id: string) => ['tenant', 'run', id] as const,
  runChanges: (id: string, kind: string | undefined) =>
    ['tenant', 'run', id, 'changes', kind ?? 'all'] as const,
  employees: (search: string) => ['tenant', 'employees', { search }] as const,
  employee: (id: string) => ['tenant', 'employee', id] as const,
};
