import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '../../src/repository.js';

/**
 * Values a provisioned environment would hold: what provision writes and what the operator
 * sets before packaging. The committed env/.env.dev leaves these empty.
 */
export const provisionedExample: Readonly<Record<string, string>> = {
  TEAMS_APP_ID: '3f7c2a10-8b4e-4d6a-9c1f-2e5b7a9d0c34',
  AAD_APP_CLIENT_ID: 'a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  AAD_APP_OBJECT_ID: 'b2c3d4e5-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
  AAD_APP_TENANT_ID: 'c3d4e5f6-7a8b-4c9d-8e1f-2a3b4c5d6e7f',
  AAD_APP_ACCESS_AS_USER_PERMISSION_ID: 'd4e5f6a7-8b9c-4d0e-9f2a-3b4c5d6e7f80',
  BOT_ID: 'e5f6a7b8-9c0d-4e1f-8a3b-4c5d6e7f8091',
  TAB_DOMAIN: 'roster-dev01.azurewebsites.net',
  TAB_ENDPOINT: 'https://roster-dev01.azurewebsites.net',
  DEVELOPER_NAME: 'Thistle & Marten Textiles',
  WEBSITE_URL: 'https://www.example.com/roster',
  PRIVACY_URL: 'https://www.example.com/roster/privacy',
  TERMS_URL: 'https://www.example.com/roster/terms',
};

/** The committed env/.env.dev, as text. */
export function committedDevEnvironment(): Promise<string> {
  return readFile(join(repositoryRoot, 'env', '.env.dev'), 'utf8');
}

/** env/.env.dev with every empty value that `values` names filled in. */
export async function filledDevEnvironment(
  values: Readonly<Record<string, string>> = provisionedExample,
): Promise<string> {
  return (await committedDevEnvironment()).replace(
    /^([A-Z_][A-Z0-9_]*)=$/gm,
    (line, name: string) => (values[name] === undefined ? line : `${name}=${values[name]}`),
  );
}

/**
 * A scratch repository root holding the committed appPackage (manifest and icons) and
 * `env/.env.{environment}` with the given text, so a build never writes into the checkout.
 */
export async function scratchRoot(environment: string, envText: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'roster-package-'));
  await mkdir(join(root, 'appPackage'));
  await mkdir(join(root, 'env'));
  for (const file of ['manifest.json', 'color.png', 'outline.png']) {
    await copyFile(join(repositoryRoot, 'appPackage', file), join(root, 'appPackage', file));
  }
  await writeFile(join(root, 'env', `.env.${environment}`), envText);
  return root;
}
