/** Runs synchronous SQLite work behind the async ports: a throw becomes a rejection. */
export function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => {
    resolve(work());
  });
}
