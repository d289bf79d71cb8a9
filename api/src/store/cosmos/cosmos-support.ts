import type { Container, JSONObject, OperationInput, SqlParameter } from '@azure/cosmos';
import { StoreConflict } from '../../ports/store.js';

/** Cosmos refuses more operations than this in one transactional batch. */
export const maxBatchOperations = 100;

/**
 * Bytes of JSON a batch request may carry before we start another: Cosmos refuses a request
 * over 2 MB, and this leaves room for the envelope and for multi-byte characters.
 */
export const maxBatchBytes = 1_500_000;

// Cosmos item ids may not hold '/', '\', '?' or '#', and are at most 255 characters; Entra
// object ids are GUIDs, which pass as they are and stay readable in the portal.
const plainId = /^[A-Za-z0-9_.@-]{1,255}$/;

/**
 * The Cosmos item id of a key: the key itself when Cosmos accepts it, else `~` and its UTF-8
 * in base64url. `~` is in neither alphabet, so the two forms never collide.
 */
export function itemId(key: string): string {
  if (plainId.test(key)) return key;
  const encoded = `~${Buffer.from(key, 'utf8').toString('base64url')}`;
  if (encoded.length > 255) throw new RangeError(`Key too long for a Cosmos item id: ${key}`);
  return encoded;
}

/**
 * A record as the SDK's JSON type. Stored records are built from the port's plain data types
 * (no dates, no functions), which TypeScript cannot see through interfaces.
 */
export function asJson(record: object): JSONObject {
  return record as JSONObject;
}

/** The HTTP status of a Cosmos SDK error, if it carries one. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'number' ? error.code : undefined;
}

/** Bytes of an object's JSON, as the SDK will send it. */
export function jsonBytes(value: object): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/** Splits a list, in order, into runs of at most `maxCount` items and `maxBytes` bytes. */
export function chunk<T>(
  items: readonly T[],
  maxCount: number,
  size?: { readonly maxBytes: number; readonly bytes: (item: T) => number },
): T[][] {
  const result: T[][] = [];
  let current: T[] = [];
  let currentBytes = 0;
  for (const item of items) {
    const bytes = size === undefined ? 0 : size.bytes(item);
    // An item bigger than maxBytes still gets a chunk of its own; Cosmos decides its fate.
    const full =
      current.length === maxCount || (size !== undefined && currentBytes + bytes > size.maxBytes);
    if (full && current.length > 0) {
      result.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(item);
    currentBytes += bytes;
  }
  if (current.length > 0) result.push(current);
  return result;
}

/**
 * Runs `work` over the items with at most `limit` in flight. Once one fails no new work
 * starts; it waits for what is in flight, then rejects with the first error.
 */
export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  const rejected = settled.find((result) => result.status === 'rejected');
  if (rejected !== undefined) throw rejected.reason;
}

/** Builds a query spec from SQL and named parameters. */
export function sql(query: string, parameters: Record<string, SqlParameter['value']>) {
  return {
    query,
    parameters: Object.entries(parameters).map(([name, value]) => ({ name: `@${name}`, value })),
  };
}

/**
 * Yields a query's results page by page. `partitionKey` keeps it to one partition on real
 * Cosmos; the test peer ignores it, which is why every query also filters on tenantId.
 */
export async function* queryPages<T>(
  container: Container,
  spec: ReturnType<typeof sql>,
  options: { readonly partitionKey?: string; readonly maxItemCount?: number } = {},
): AsyncGenerator<T[]> {
  const iterator = container.items.query<T>(spec, {
    ...(options.partitionKey === undefined ? {} : { partitionKey: options.partitionKey }),
    ...(options.maxItemCount === undefined ? {} : { maxItemCount: options.maxItemCount }),
  });
  for await (const page of iterator.getAsyncIterator()) yield page.resources;
}

/** Every result of a query. */
export async function queryAll<T>(
  container: Container,
  spec: ReturnType<typeof sql>,
  options: { readonly partitionKey?: string; readonly maxItemCount?: number } = {},
): Promise<T[]> {
  const all: T[] = [];
  for await (const page of queryPages<T>(container, spec, options)) all.push(...page);
  return all;
}

/**
 * Runs operations of one partition as one transactional batch: on Cosmos all of them commit
 * or none does. A failed batch comes back as a 207 (the test peer says 200) with the failing
 * operation's status and 424 for the others, so the results are read, not the status.
 * A 404, 409 or 412 means another writer got there first: `StoreConflict`.
 */
export async function executeBatch(
  container: Container,
  partitionKey: string,
  operations: readonly OperationInput[],
): Promise<void> {
  if (operations.length === 0) return;
  // The peer reads each operation's partition key; Cosmos checks it matches the batch's.
  const withKeys = operations.map((operation) => ({ ...operation, partitionKey }));
  const response = await container.items.batch(withKeys, partitionKey);
  const results = response.result ?? [];
  const failure = results.find((result) => result.statusCode >= 400 && result.statusCode !== 424);
  if (failure === undefined && results.length === operations.length) return;
  const status = failure?.statusCode ?? response.code;
  const message = `A batch of ${operations.length} writes in ${container.id} failed with status ${String(status)}`;
  if (status === 404 || status === 409 || status === 412) throw new StoreConflict(message);
  throw new Error(message);
}

/**
 * Deletes items by id, in transactional batches of 100 (4 in flight); an item already gone is
 * no error. Returns how many it deleted. The SDK's bulk executor would do the same but waits
 * a second before sending a partial batch, which every prune would pay.
 */
export async function deleteItems(
  container: Container,
  partitionKey: string,
  ids: readonly string[],
): Promise<number> {
  let deleted = 0;
  const batches = chunk(ids, maxBatchOperations);
  await inParallel(batches, 4, async (batch) => {
    try {
      await executeBatch(
        container,
        partitionKey,
        batch.map((id) => ({ operationType: 'Delete', id })),
      );
      deleted += batch.length;
    } catch (error) {
      if (!(error instanceof StoreConflict)) throw error;
      // One of them vanished meanwhile (its 404 failed the batch): delete one by one.
      for (const id of batch) if (await deleteItem(container, id, partitionKey)) deleted += 1;
    }
  });
  return deleted;
}

/** Deletes one item; false if it was not there. */
export async function deleteItem(
  container: Container,
  id: string,
  partitionKey: string,
  etag?: string,
): Promise<boolean> {
  try {
    await container
      .item(id, partitionKey)
      .delete(etag === undefined ? {} : { accessCondition: { type: 'IfMatch', condition: etag } });
    return true;
  } catch (error) {
    if (statusOf(error) === 404 || (etag !== undefined && statusOf(error) === 412)) return false;
    throw error;
  }
}
