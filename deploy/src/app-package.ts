import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import AdmZip from 'adm-zip';
import { environmentFilePath, readEnvironmentFile } from './environment-file.js';
import { manifestVariablesSchema, provisionedVariables } from './manifest-variables.js';
import { placeholderNames, resolveJsonPlaceholders } from './placeholders.js';
import { readPngHeader } from './png-header.js';
import { iconFiles } from './roster-icons.js';
import { validateTeamsManifest } from './validate-teams-manifest.js';

/** Where the package is built from and for which environment. */
export interface AppPackageOptions {
  /** The repository root: `appPackage/` and `env/` are found under it. */
  readonly root: string;
  /** The environment whose `env/.env.{environment}` resolves the placeholders. */
  readonly environment: string;
}

/** What `buildAppPackage` wrote. */
export interface AppPackage {
  readonly zipPath: string;
  readonly manifestPath: string;
  readonly manifest: Record<string, unknown>;
}

/** The package cannot be built; every reason, one per line. */
export class AppPackageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The Teams app package cannot be built:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** `appPackage/build/appPackage.{environment}.zip`, where the toolkit writes it too. */
export function appPackageZipPath(root: string, environment: string): string {
  return join(root, 'appPackage', 'build', `appPackage.${environment}.zip`);
}

/**
 * Resolves `appPackage/manifest.json` with the environment's file, checks the values, the
 * result against its schema (offline) and the icons, then writes the resolved manifest and
 * the zip (manifest.json and the two icons) under `appPackage/build/`.
 */
export async function buildAppPackage(options: AppPackageOptions): Promise<AppPackage> {
  const { root, environment } = options;
  const appPackageDir = join(root, 'appPackage');
  const envPath = environmentFilePath(root, environment);
  const envName = relative(root, envPath);
  const template = JSON.parse(
    await readFile(join(appPackageDir, 'manifest.json'), 'utf8'),
  ) as unknown;
  const values = await readEnvironmentFile(envPath);
  if (values === undefined) {
    throw new AppPackageError([`${envName} does not exist: create it from env/.env.dev`]);
  }

  const names = placeholderNames(JSON.stringify(template));
  const valueProblems = checkValues(names, values, { envName, environment });
  if (valueProblems.length > 0) throw new AppPackageError(valueProblems);

  const manifest = resolveJsonPlaceholders(template, values) as Record<string, unknown>;
  const problems = (await validateTeamsManifest(manifest)).map((p) => `manifest.json${p}`);
  const icons = await readIcons(appPackageDir, manifest, problems);
  if (problems.length > 0) throw new AppPackageError(problems);

  const buildDir = join(appPackageDir, 'build');
  await mkdir(buildDir, { recursive: true });
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  const manifestPath = join(buildDir, `manifest.${environment}.json`);
  await writeFile(manifestPath, manifestText);
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(manifestText));
  for (const [file, bytes] of icons) zip.addFile(file, bytes);
  const zipPath = appPackageZipPath(root, environment);
  await zip.writeZipPromise(zipPath);
  return { zipPath, manifestPath, manifest };
}

/** Every placeholder the manifest uses needs a value of the right shape. */
function checkValues(
  names: readonly string[],
  values: Readonly<Record<string, string>>,
  source: { readonly envName: string; readonly environment: string },
): string[] {
  const { envName, environment } = source;
  const known = new Set(Object.keys(manifestVariablesSchema.shape));
  const problems = names
    .filter((name) => !known.has(name))
    .map((name) => `${name}: the manifest uses it, but manifest-variables.ts does not know it`);
  const parsed = manifestVariablesSchema.safeParse(values);
  if (parsed.success) return problems;
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0]);
    const value = values[name];
    if (value === undefined) {
      problems.push(`${name}: not set in ${envName}`);
    } else if (value === '') {
      const source = provisionedVariables[name];
      problems.push(
        source === undefined
          ? `${name}: no value in ${envName}; set it there`
          : `${name}: no value in ${envName}; ${source(environment)}`,
      );
    } else {
      problems.push(`${name}: ${issue.message} (${envName} has "${value}")`);
    }
  }
  return problems;
}

/** The icons the manifest names, read and checked (PNG, size); problems are appended. */
async function readIcons(
  appPackageDir: string,
  manifest: Record<string, unknown>,
  problems: string[],
): Promise<Map<string, Buffer>> {
  const icons = new Map<string, Buffer>();
  const named = (manifest['icons'] ?? {}) as Record<string, unknown>;
  for (const [kind, { size }] of Object.entries(iconFiles)) {
    const file = named[kind];
    if (typeof file !== 'string') {
      problems.push(`manifest.json/icons/${kind} is missing`);
      continue;
    }
    try {
      const bytes = await readFile(join(appPackageDir, file));
      const header = readPngHeader(bytes);
      if (header.width !== size || header.height !== size) {
        problems.push(
          `appPackage/${file}: ${header.width}×${header.height}, the ${kind} icon must be ${size}×${size}`,
        );
      }
      icons.set(file, bytes);
    } catch (error) {
      problems.push(
        `appPackage/${file}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return icons;
}
