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
