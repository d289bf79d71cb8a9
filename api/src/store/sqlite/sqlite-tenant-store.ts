import type { Database, Statement } from 'better-sqlite3';
import {
  StoreConflict,
  type LinkedTenant,
  type TenantAdmin,
  type TenantStore,
} from '../../ports/store.js';
import { dataVersionOf, settle } from './sqlite-support.js';

interface TenantRow {
  readonly tenant_id: string;
  readonly display_name: string;
  readonly linked_at: string;
  readonly settings: string;
  readonly linked_by: string | null;
  readonly version: number;
}

interface TenantParams {
  readonly tenantId: string;
  readonly displayName: string;
  readonly linkedAt: string;
  readonly settings: string;
  readonly linkedBy: string | null;
  readonly expectedVersion: number;
}

/** Tenants remembered between reads; past this the memory starts over. */
const tenantsKept = 1_000;

/**
 * Linked tenants with optimistic concurrency on `version`; removal sweeps every table.
 * The API reads its caller's tenant on every request, so get() answers from what it last
 * read until this store writes or another connection commits (SQLite's `data_version`).
 */
export class SqliteTenantStore implements TenantStore {
  private readonly known = new Map<string, LinkedTenant | undefined>();
  private knownAtVersion: number;
  private readonly dataVersion: () => number;
  private readonly selectOne: Statement<[string], TenantRow>;
  private readonly selectAll: Statement<[], TenantRow>;
  private readonly insert: Statement<TenantParams, TenantRow>;
  private readonly replace: Statement<TenantParams, TenantRow>;
  private readonly removeAll: (tenantId: string) => void;
  private readonly unlinkOne: (tenantId: string) => void;

  /** `onRemoved` hears of a tenant whose employees `remove()` deleted. */
  constructor(
    db: Database,
    private readonly onRemoved: (tenantId: string) => void = () => undefined,
  ) {
    this.selectOne = db.prepare('SELECT * FROM tenants WHERE tenant_id = ?');
    this.dataVersion = dataVersionOf(db);
    this.knownAtVersion = this.dataVersion();
    this.selectAll = db.prepare('SELECT * FROM tenants ORDER BY display_name, tenant_id');
    // Both writes decide and write in one statement: never read-then-write.
    this.insert = db.prepare(
      `INSERT INTO tenants (tenant_id, display_name, linked_at, settings, linked_by, version)
       VALUES (@tenantId, @displayName, @linkedAt, @settings, @linkedBy, 1)
       ON CONFLICT (tenant_id) DO NOTHING
       RETURNING *`,
    );
    this.replace = db.prepare(
      `UPDATE tenants
       SET display_name = @displayName, linked_at = @linkedAt, settings = @settings,
           linked_by = @linkedBy, version = version + 1
       WHERE tenant_id = @tenantId AND version = @expectedVersion
       RETURNING *`,
    );
    const statements = (sqls: readonly string[]) => sqls.map((sql) => db.prepare<[string]>(sql));
    const unlinks = statements([
      'DELETE FROM delta_states WHERE tenant_id = ?',
      'DELETE FROM leases WHERE tenant_id = ?',
      'DELETE FROM admins WHERE tenant_id = ?',
      'DELETE FROM conversations WHERE tenant_id = ?',
      'DELETE FROM tenants WHERE tenant_id = ?',
    ]);
    const deletes = [
      ...statements([
        'DELETE FROM run_changes WHERE tenant_id = ?',
        'DELETE FROM runs WHERE tenant_id = ?',
        'DELETE FROM employees WHERE tenant_id = ?',
      ]),
      ...unlinks,
    ];
    this.removeAll = db.transaction((tenantId: string) => {
      for (const statement of deletes) statement.run(tenantId);
    });
    this.unlinkOne = db.transaction((tenantId: string) => {
      for (const statement of unlinks) statement.run(tenantId);
    });
  }

  get(tenantId: string): Promise<LinkedTenant | undefined> {
    return settle(() => {
      const version = this.dataVersion();
      if (version !== this.knownAtVersion) this.forget(version);
      if (this.known.has(tenantId)) return this.known.get(tenantId);
      const row = this.selectOne.get(tenantId);
      // Frozen: every caller shares the one object until the tenant changes.
      const tenant = row === undefined ? undefined : deepFreeze(toTenant(row));
      if (this.known.size >= tenantsKept) this.known.clear();
      this.known.set(tenantId, tenant);
      return tenant;
    });
  }

  /** Drops what get() remembers: after a write here, or another connection's commit. */
  private forget(version = this.dataVersion()): void {
    this.known.clear();
    this.knownAtVersion = version;
  }

  list(): Promise<LinkedTenant[]> {
    return settle(() => this.selectAll.all().map(toTenant));
  }

  save(tenant: Omit<LinkedTenant, 'version'>, expectedVersion: number): Promise<LinkedTenant> {
    return settle(() => {
      if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
        throw new RangeError(`expectedVersion must be an integer >= 0, got ${expectedVersion}`);
      }
      const params: TenantParams = {
        tenantId: tenant.tenantId,
        displayName: tenant.displayName,
        linkedAt: tenant.linkedAt,
        settings: JSON.stringify(tenant.settings ?? null),
        linkedBy: tenant.linkedBy === null ? null : JSON.stringify(adminOf(tenant.linkedBy)),
        expectedVersion,
      };
      const row = expectedVersion === 0 ? this.insert.get(params) : this.replace.get(params);
      this.forget();
      if (row === undefined) {
        throw new StoreConflict(
          expectedVersion === 0
            ? `Tenant ${tenant.tenantId} is already linked`
            : `Tenant ${tenant.tenantId} is not at version ${expectedVersion}`,
        );
      }
      return toTenant(row);
    });
  }

  remove(tenantId: string): Promise<void> {
    return settle(() => {
      this.removeAll(tenantId);
      this.forget();
      this.onRemoved(tenantId);
    });
  }

  unlink(tenantId: string): Promise<void> {
    return settle(() => {
      this.unlinkOne(tenantId);
      this.forget();
    });
  }
}

/** The port's fields only, whatever else the object carries. */
function adminOf(admin: TenantAdmin): TenantAdmin {
  return { userId: admin.userId, name: admin.name };
}

function toTenant(row: TenantRow): LinkedTenant {
  return {
    tenantId: row.tenant_id,
    displayName: row.display_name,
    linkedAt: row.linked_at,
    settings: JSON.parse(row.settings) as unknown,
    // Written by save() alone, from a TenantAdmin.
    linkedBy: row.linked_by === null ? null : (JSON.parse(row.linked_by) as TenantAdmin),
    version: row.version,
  };
}

/** Freezes a parsed JSON value all the way down. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
