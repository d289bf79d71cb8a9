/**
 * What Roster's API answers, as the tab reads it. Records the API stores are its own types,
 * imported (types only) so both sides change together.
 */
import type { Employee, EmailSource, SkipReason } from '../../../api/src/domain/employee.js';
import type { RunChange, SyncRun } from '../../../api/src/ports/store.js';

export type { Me } from '../../../api/src/contracts/api.js';
export type { Employee, EmailSource, RunChange, SkipReason, SyncRun };

/** A directory column: a field key and the label the admin gave it, in the configured order. */
export interface Column {
  readonly key: string;
  readonly label: string;
}

/** `GET /api/tenant`, the parts the dashboard shows. */
export interface TenantSummary {
  readonly tenantId: string;
  readonly displayName: string;
  readonly linkedAt: string;
  readonly linkedBy: { readonly userId: string; readonly name: string } | null;
  readonly settings: { readonly scheduleIntervalMinutes: number; readonly cleanUp: boolean };
}

/** `GET /api/sync/status`. */
export interface SyncStatus {
  readonly health: string;
  readonly nextScheduledAt: string | null;
  readonly running: boolean;
  readonly run: SyncRun | null;
  readonly progress: {
    readonly runId: string;
    readonly pages: number;
    readonly users: number;
  } | null;
}

/** `GET /api/employees`: one keyset page. */
export interface EmployeePage {
  readonly columns: readonly Column[];
  readonly employees: readonly Employee[];
  readonly next: string | null;
}

/** Why one user is or is not in the directory (`explainUser` on the API). */
export interface Explanation {
  readonly userId: string;
  readonly displayName: string | null;
  readonly included: boolean;
  readonly reason: SkipReason | null;
  readonly email: {
    readonly address: string;
    readonly source: string;
    readonly aliases: readonly string[];
  } | null;
}

/** `GET /api/employees/:id`: the stored employee and, when Graph answered, the explanation. */
export interface EmployeeDetails {
  readonly columns: readonly Column[];
  readonly employee: Employee;
  readonly explanation: Explanation | null;
  readonly explanationError: string | null;
}

/** `GET /api/runs/:id/changes`: one page of a run's history. */
export interface RunChangePage {
  readonly changes: readonly RunChange[];
  readonly next: string | null;
}
