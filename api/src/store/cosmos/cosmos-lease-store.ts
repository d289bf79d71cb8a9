import type { Container } from '@azure/cosmos';
import type { LeaseStore } from '../../ports/store.js';
import { deleteItem, itemId, statusOf } from './cosmos-support.js';
import { epochMs } from '../store-input.js';

type LeaseItem = {
  readonly id: string;
  readonly tenantId: string;
  readonly holder: string;
  readonly expiresAt: string;
  readonly expiresMs: number;
};

/** Tries of acquire() when the lease vanishes between two of its steps (a release). */
const acquireAttempts = 3;

/**
 * One sync lease per tenant. Every write is conditional, never read-then-write: a create
 * fails with 409 when a lease exists, and a takeover or renewal replaces the lease only if
 * its ETag is still the one read, so of racing holders exactly one wins.
 */
export class CosmosLeaseStore implements LeaseStore {
  constructor(private readonly leases: Container) {}

  async acquire(
    tenantId: string,
    holder: string,
    now: string,
    expiresAt: string,
  ): Promise<boolean> {
    const nowMs = epochMs(now, 'now');
    const lease = toItem(tenantId, holder, expiresAt);
    const ref = this.leases.item(lease.id, tenantId);
    for (let attempt = 0; attempt < acquireAttempts; attempt += 1) {
      if (await this.create(lease)) return true;
      const { resource: current } = await ref.read<LeaseItem>();
      if (current === undefined) continue;
      // Expiry is inclusive, as in the embedded store: at expiresAt the lease is free.
      if (current.holder !== holder && current.expiresMs > nowMs) return false;
      const outcome = await replaceIfMatch(ref.replace(lease, ifMatch(current._etag)));
      if (outcome !== 'gone') return outcome === 'replaced';
    }
    return false;
  }

  async renew(tenantId: string, holder: string, expiresAt: string): Promise<boolean> {
    // The port gives no clock here: a lease is lost once another holder took it or it was
    // released. An expired lease nobody took renews, as in the embedded store.
    const lease = toItem(tenantId, holder, expiresAt);
    const ref = this.leases.item(lease.id, tenantId);
    const { resource: current } = await ref.read<LeaseItem>();
    if (current?.holder !== holder) return false;
    return (await replaceIfMatch(ref.replace(lease, ifMatch(current._etag)))) === 'replaced';
  }

  async release(tenantId: string, holder: string): Promise<void> {
    const id = itemId(tenantId);
    const { resource: current } = await this.leases.item(id, tenantId).read<LeaseItem>();
    // If-Match: a lease another holder took since the read is theirs; it is left alone.
    if (current?.holder === holder) await deleteItem(this.leases, id, tenantId, current._etag);
  }

  private async create(lease: LeaseItem): Promise<boolean> {
    try {
      await this.leases.items.create(lease);
      return true;
    } catch (error) {
      if (statusOf(error) === 409) return false;
      throw error;
    }
  }
}

function toItem(tenantId: string, holder: string, expiresAt: string): LeaseItem {
  if (holder === '') throw new RangeError('A lease needs a holder');
  const expiresMs = epochMs(expiresAt, 'expiresAt');
  return { id: itemId(tenantId), tenantId, holder, expiresAt, expiresMs };
}

function ifMatch(etag: string) {
  return { accessCondition: { type: 'IfMatch', condition: etag } };
}

/** A conditional replace's outcome: done, lost to another writer (412), or the item is gone. */
async function replaceIfMatch(replace: Promise<unknown>): Promise<'replaced' | 'changed' | 'gone'> {
  try {
    await replace;
    return 'replaced';
  } catch (error) {
    const status = statusOf(error);
    if (status === 412) return 'changed';
    if (status === 404) return 'gone';
    throw error;
  }
}
