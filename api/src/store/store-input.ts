import type { ConversationReference } from '../ports/store.js';

/**
 * Checks every store applies to what callers hand the ports, so the embedded store and Cosmos
 * refuse the same input the same way.
 */

/** Epoch milliseconds of an ISO timestamp, so comparisons never depend on how it was written. */
export function epochMs(timestamp: string, what: string): number {
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not a timestamp: ${timestamp}`);
  return ms;
}

/** A page size the caller asked for, checked: a positive integer. */
export function pageLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }
  return limit;
}

/**
 * A conversation reference as a store writes it: the port's fields only, its user id set, and
 * its tenant the one it is saved under (a reference filed under another tenant would let that
 * tenant's cards reach this admin).
 */
export function conversationInput(
  tenantId: string,
  ref: ConversationReference,
): ConversationReference {
  const { userId, conversationId, serviceUrl, channelId, botId, savedAt } = ref;
  if (userId === '') throw new RangeError('A conversation reference needs a user id');
  if (ref.tenantId !== tenantId) {
    throw new RangeError(
      `A conversation reference of tenant ${ref.tenantId} cannot be saved under ${tenantId}`,
    );
  }
  return { userId, conversationId, serviceUrl, channelId, botId, tenantId, savedAt };
}
