import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, normalize, relative } from 'node:path';
import { parseEnv } from 'node:util';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { appPackageZipPath } from '../src/app-package.js';
import { repositoryRoot } from '../src/repository.js';
import {
  armOutputs,
  inputFiles,
  lifecycleSteps,
  outputFiles,
  readLifecycle,
  usedVariables,
  writtenVariables,
} from './support/lifecycle.js';

const schema = JSON.parse(
  await readFile(join(import.meta.dirname, 'fixtures', 'teamsapp-yaml-v1.13.schema.json'), 'utf8'),
) as Record<string, unknown>;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** What `aadApp/update` generates itself when the environment has no value yet. */
const generatedByAadUpdate = 'AAD_APP_ACCESS_AS_USER_PERMISSION_ID';

const lifecycles = [
  {
    file: 'teamsapp.yml',
    environment: 'dev',
    provision: [
      'aadApp/create',
      'teamsApp/create',
      'botAadApp/create',
      'arm/deploy',
      'aadApp/update',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ],
    deploy: ['cli/runNpmCommand', 'cli/runNpmCommand', 'azureAppService/zipDeploy'],
    publish: [
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
      'teamsApp/publishAppPackage',
    ],
  },
  {
    file: 'teamsapp.local.yml',
    environment: 'local',
    provision: [
      'aadApp/create',
      'teamsApp/create',
      'botAadApp/create',
      'botFramework/create',
      'aadApp/update',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ],
    deploy: ['cli/runNpmCommand', 'cli/runNpmCommand', 'file/createOrUpdateEnvironmentFile'],
    // Locally the app is sideloaded from Teams, not published to the organization's catalog.
    publish: [],
  },
] as const;

describe.each(lifecycles)('$file', ({ file, environment, provision, deploy, publish }) => {
  it('validates against the toolkit’s v1.13 schema', async () => {
    const lifecycle = await readLifecycle(file);
    expect(lifecycle['version']).toBe('v1.13');
    expect(validate(lifecycle), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('fails that schema when an action loses a required part', async () => {
    const lifecycle = await readLifecycle(file);
    const [first, ...rest] = lifecycle['provision'] as Record<string, unknown>[];
    const { writeToEnvironmentFile: _dropped, ...broken } = first ?? {};
    expect(validate({ ...lifecycle, provision: [broken, ...rest] })).toBe(false);
  });

  it('provisions, deploys and publishes with the expected actions, in order', async () => {
    const steps = lifecycleSteps(await readLifecycle(file));
    const of = (stage: string) => steps.filter((s) => s.stage === stage).map((s) => s.uses);
    expect(of('provision')).toEqual(provision);
    expect(of('deploy')).toEqual(deploy);
    expect(of('publish')).toEqual(publish);
  });

  it('has every placeholder a value by the time an action resolves it', async () => {
    const steps = lifecycleSteps(await readLifecycle(file));
    const envText = await readFile(join(repositoryRoot, 'env', `.env.${environment}`), 'utf8');
    const declared = Object.keys(parseEnv(envText));
    const outputs = new Map<string, string[]>();
    for (const { step } of steps.filter((s) => s.uses === 'arm/deploy')) {
      const templates = (step['with'] as { templates: { path: string }[] }).templates;
      outputs.set(
        JSON.stringify(step),
        (await Promise.all(templates.map((t) => armOutputs(t.path)))).flat(),
      );
    }
    const produced = new Set([
      ...steps.flatMap(({ step }) => writtenVariables(step)),
      ...[...outputs.values()].flat(),
      generatedByAadUpdate,
    ]);
    // The operator's: declared in the environment file and written by no action.
    const available = new Set(declared.filter((name) => !produced.has(name)));
    const missing: string[] = [];
    for (const { stage, uses, step } of steps) {
      if (uses === 'aadApp/update') available.add(generatedByAadUpdate);
      for (const name of await usedVariables(step)) {
        if (!available.has(name)) missing.push(`${stage} ${uses}: ${name}`);
      }
      for (const name of [
        ...writtenVariables(step),
        ...(outputs.get(JSON.stringify(step)) ?? []),
      ]) {
        available.add(name);
      }
    }
    expect(missing).toEqual([]);
  });

  it('declares in env/.env.<env> every non-secret variable the actions write and use', async () => {
    const steps = lifecycleSteps(await readLifecycle(file));
    const envText = await readFile(join(repositoryRoot, 'env', `.env.${environment}`), 'utf8');
    const declared = new Set(Object.keys(parseEnv(envText)));
    const used = (await Promise.all(steps.map(({ step }) => usedVariables(step)))).flat();
    const written = steps.flatMap(({ step }) => writtenVariables(step));
    const undeclared = [...new Set([...used, ...written])].filter(
      (name) => !name.startsWith('SECRET_') && !declared.has(name),
    );
    expect(undeclared).toEqual([]);
    expect([...declared].filter((name) => name.startsWith('SECRET_'))).toEqual([]);
  });

  it('reads files that exist and writes only under appPackage/build or to api/.env', async () => {
    const steps = lifecycleSteps(await readLifecycle(file));
    const inputs = steps.flatMap(({ step }) => inputFiles(step));
    expect(inputs.filter((input) => !existsSync(join(repositoryRoot, input)))).toEqual([]);
    const outputs = steps
      .flatMap(({ step }) => outputFiles(step))
      .map((output) => normalize(output));
    expect(
      outputs.filter((output) => !output.startsWith('appPackage/build') && output !== 'api/.env'),
    ).toEqual([]);
  });

  it('zips the package where npm run package does', async () => {
    const steps = lifecycleSteps(await readLifecycle(file));
    const zipPaths = steps
      .filter(({ uses }) => uses === 'teamsApp/zipAppPackage')
      .map(({ step }) => (step['with'] as { outputZipPath: string }).outputZipPath);
    expect(zipPaths.length).toBeGreaterThan(0);
    const expected = relative(repositoryRoot, appPackageZipPath(repositoryRoot, environment));
    for (const zipPath of zipPaths) {
      expect(normalize(zipPath.replace('${{TEAMSFX_ENV}}', environment))).toBe(expected);
    }
    const envText = await readFile(join(repositoryRoot, 'env', `.env.${environment}`), 'utf8');
    expect(parseEnv(envText)['TEAMSFX_ENV']).toBe(environment);
  });
});

describe('.webappignore', () => {
  it('leaves dependencies, environments and build output out of the upload, but not the built tab', async () => {
    const lines = (await readFile(join(repositoryRoot, '.webappignore'), 'utf8'))
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(lines).toEqual(
      expect.arrayContaining(['node_modules/', 'env/', '.env', '.env.*', 'appPackage/build/']),
    );
    expect(lines.filter((line) => line.includes('dist') || line.includes('tabs'))).toEqual([]);
  });
});
