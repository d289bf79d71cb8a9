import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';

/** An environment's name, as the toolkit takes it (`--env dev`) and names its file after. */
export const environmentName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be letters, digits and hyphens (e.g. dev, local, prod)');

/** `env/.env.{environment}` under the repository root. */
export function environmentFilePath(root: string, environment: string): string {
  return join(root, 'env', `.env.${environment}`);
}

/**
 * The variables an environment file sets (empty ones included, as empty strings), or
 * undefined when there is no such file.
 */
export async function readEnvironmentFile(
  path: string,
): Promise<Record<string, string> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (value !== undefined) values[name] = value;
  }
  return values;
}
