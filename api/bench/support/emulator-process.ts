import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Agent, fetch } from 'undici';
import { z } from 'zod';

const startedSchema = z.object({
  url: z.string(),
  caCertPath: z.string(),
  app: z.object({ clientId: z.string(), clientSecret: z.string() }),
  tenants: z.array(z.object({ id: z.string(), users: z.number() })).min(1),
});

/** The emulator in a process of its own, so its work never shows in Roster's figures. */
export interface EmulatorProcess {
  readonly info: z.infer<typeof startedSchema>;
  /** The first tenant: the one benchmarks use. */
  readonly tenantId: string;
  /** Trusts the emulator's CA, for calls benchmarks make themselves. */
  readonly agent: Agent;
  /** Roster's configuration for this emulator, with its data in `dataDir`. */
  readonly rosterEnv: (dataDir: string) => Record<string, string>;
  /** Calls the control plane; throws on a non-2xx answer. */
  readonly control: (method: string, path: string, body?: unknown) => Promise<unknown>;
  close(): Promise<void>;
}

export async function spawnEmulator(users: number): Promise<EmulatorProcess> {
  const cli = fileURLToPath(new URL('../../../emulator/src/cli.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', cli, '--users', String(users), '--no-throttling'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  // The CLI prints its settings as JSON on its first line.
  const info = startedSchema.parse(
    JSON.parse(
      await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`emulator exited with ${String(code)}`)));
      }),
    ),
  );
  const agent = new Agent({ connect: { ca: await readFile(info.caCertPath, 'utf8') } });
  return {
    info,
    tenantId: info.tenants[0]?.id ?? '',
    agent,
    rosterEnv: (dataDir) => ({
      ROSTER_AUTHORITY_HOST: info.url,
      ROSTER_GRAPH_BASE_URL: info.url,
      ROSTER_CLIENT_ID: info.app.clientId,
      ROSTER_CLIENT_SECRET: info.app.clientSecret,
      ROSTER_CA_FILE: info.caCertPath,
      ROSTER_DATA_DIR: dataDir,
    }),
    async control(method, path, body) {
      const response = await fetch(`${info.url}/_emulator${path}`, {
        method,
        dispatcher: agent,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      if (!response.ok) {
        throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      }
      return response.json();
    },
    async close() {
      await agent.close();
      child.kill();
    },
  };
}
