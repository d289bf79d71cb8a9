import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { placeholderNames } from '../../src/placeholders.js';
import { repositoryRoot } from '../../src/repository.js';

/** One action of a toolkit lifecycle file. */
export interface LifecycleStep {
  readonly stage: 'provision' | 'deploy' | 'publish';
  readonly uses: string;
  readonly step: Record<string, unknown>;
}

export const stages = ['provision', 'deploy', 'publish'] as const;

/** A lifecycle file (`teamsapp.yml`), parsed. */
export async function readLifecycle(file: string): Promise<Record<string, unknown>> {
  return parse(await readFile(join(repositoryRoot, file), 'utf8')) as Record<string, unknown>;
}

/** Every action, stage after stage, in the order the toolkit runs them. */
export function lifecycleSteps(lifecycle: Record<string, unknown>): LifecycleStep[] {
  return stages.flatMap((stage) =>
    ((lifecycle[stage] ?? []) as Record<string, unknown>[]).map((step) => ({
      stage,
      uses: String(step['uses']),
      step,
    })),
  );
}

const withOf = (step: Record<string, unknown>) => (step['with'] ?? {}) as Record<string, unknown>;

/** The variables an action writes to the environment file. */
export function writtenVariables(step: Record<string, unknown>): string[] {
  return Object.values((step['writeToEnvironmentFile'] ?? {}) as Record<string, string>);
}

/** Files an action reads whose placeholders it resolves: manifests and ARM parameters. */
export function resolvedFiles(step: Record<string, unknown>): string[] {
  const parameters = withOf(step);
  switch (step['uses']) {
    case 'aadApp/update':
    case 'teamsApp/validateManifest':
    case 'teamsApp/zipAppPackage':
      return [String(parameters['manifestPath'])];
    case 'arm/deploy':
      return (parameters['templates'] as { parameters?: string }[]).flatMap((template) =>
        template.parameters === undefined ? [] : [template.parameters],
      );
    default:
      return [];
  }
}

/** Files an action reads as they are (must exist in the repository). */
export function inputFiles(step: Record<string, unknown>): string[] {
  const parameters = withOf(step);
  const files = [...resolvedFiles(step)];
  if (step['uses'] === 'arm/deploy') {
    files.push(...(parameters['templates'] as { path: string }[]).map((template) => template.path));
  }
  if (typeof parameters['ignoreFile'] === 'string') files.push(parameters['ignoreFile']);
  return files;
}

/** Files an action writes. */
export function outputFiles(step: Record<string, unknown>): string[] {
  const parameters = withOf(step);
  return ['outputFilePath', 'outputZipPath', 'outputFolder', 'appPackagePath', 'target']
    .map((key) => parameters[key])
    .filter((value): value is string => typeof value === 'string');
}

/** The placeholders an action uses, in its own parameters and in the files it resolves. */
export async function usedVariables(step: Record<string, unknown>): Promise<string[]> {
  const texts = [JSON.stringify(step)];
  for (const file of resolvedFiles(step)) {
    texts.push(await readFile(join(repositoryRoot, file), 'utf8'));
  }
  return [...new Set(texts.flatMap(placeholderNames))];
}

/** The environment variables `arm/deploy` writes: the template's outputs, upper-cased. */
export async function armOutputs(bicepFile: string): Promise<string[]> {
  const bicep = await readFile(join(repositoryRoot, bicepFile), 'utf8');
  return Array.from(bicep.matchAll(/^output\s+(\w+)\s/gm), (match) =>
    (match[1] ?? '').toUpperCase(),
  );
}
