/**
 * `npm run bench`: the sync benchmark, the search index alone, then the HTTP load benchmark, each in its own process
 * with the same arguments (`-- --users N`); stops at the first that fails.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

for (const bench of ['sync.bench.ts', 'search-index.bench.ts', 'http.bench.ts']) {
  const file = fileURLToPath(new URL(bench, import.meta.url));
  const { status } = spawnSync(
    process.execPath,
    ['--import', 'tsx', file, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  if (status !== 0) {
    process.exitCode = status ?? 1;
    break;
  }
}
