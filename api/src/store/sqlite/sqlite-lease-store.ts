import type { Database, Statement } from 'better-sqlite3';
import type { LeaseStore } from '../../ports/store.js';
import { settle } from './sqlite-support.js';
import { epochMs } from '../store-input.js';

interface AcquireParams {
  readonly tenantId: string;
  readonly holder: string;
  readonly nowMs: number;
  readonly expiresAt: string;
  readonly expiresMs: number;
}

/** One sync lease per tenant, taken and renewed by single conditional statements. */
export class SqliteLeaseStore implements LeaseStore {
  private readonly take: Statement<AcquireParams>;
  private readonly extend: Statement<[string, number, string, string]>;
  private readonly drop: Statement<[string, string]>;

  constructor(db: Database) {
    // Creates the lease, or takes it over only when it has expired or is already ours; a
    // false WHERE leaves the row alone and reports no change, so there is no read-then-write.
    this.take = db.prepare(
      `INSERT INTO leases (tenant_id, holder, expires_at, expires_ms)
       VALUES (@tenantId, @holder, @expiresAt, @expiresMs)
       ON CONFLICT (tenant_id) DO UPDATE
         SET holder = excluded.holder, expires_at = excluded.expires_at,
             expires_ms = excluded.expires_ms
         WHERE leases.expires_ms <= @nowMs OR leases.holder = excluded.holder`,
    );
    this.extend = db.prepare(
      'UPDATE leases SET expires_at = ?, expires_ms = ? WHERE tenant_id = ? AND holder = ?',
    );
    this.drop = db.prepare('DELETE FROM leases WHERE tenant_id = ? AND holder = ?');
  }

  acquire(tenantId: string, holder: string, now: string, expiresAt: string): Promise<boolean> {
    return settle(() => {
      const params = {
        tenantId,
        holder,
        nowMs: epochMs(now, 'now'),
        expiresAt,
        expiresMs: epochMs(expiresAt, 'expiresAt'),
      };
      return this.take.run(params).changes === 1;
    });
  }

  renew(tenantId: string, holder: string, expiresAt: string): Promise<boolean> {
    // The port gives no clock here: a lease is lost once another holder took it or it was
    // released, and both remove this holder's row. An expired lease nobody took renews.
    return settle(
      () =>
        this.extend.run(expiresAt, epochMs(expiresAt, 'expiresAt'), tenantId, holder).changes === 1,
    );
  }

  release(tenantId: string, holder: string): Promise<void> {
    return settle(() => {
      this.drop.run(tenantId, holder);
    });
  }
}
