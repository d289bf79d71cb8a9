import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) done(address.port);
        else fail(new Error('no port'));
      });
    });
  });
}

/** Roster as `npm start` runs it, on a free port with a fresh data directory. */
export interface RosterDemo {
  readonly url: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts `api/dev/start-demo.ts` (the emulator's demo tenant and Roster serving `tabs/dist`)
 * with the given options, and resolves once it says where it runs.
 */
export async function startRosterDemo(options: {
  unlinked: boolean;
  timeoutMs: number;
}): Promise<RosterDemo> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'roster-tab-test-'));
  const args = ['--import', 'tsx', 'dev/start-demo.ts', '--port', String(port)];
  args.push('--data-dir', dataDir);
  if (options.unlinked) args.push('--unlinked');
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: join(repoRoot, 'api'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    await rm(dataDir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + options.timeoutMs;
  while (!output.includes(`Roster is running at ${url}`)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`start-demo did not start:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return { url, output: () => output, stop };
}
