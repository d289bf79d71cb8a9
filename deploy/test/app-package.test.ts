import { readdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseEnv } from 'node:util';
import AdmZip from 'adm-zip';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { afterAll, describe, expect, it } from 'vitest';
import { AppPackageError, appPackageZipPath, buildAppPackage } from '../src/app-package.js';
import { manifestVariablesSchema } from '../src/manifest-variables.js';
import { hasPlaceholder, placeholderNames, resolveJsonPlaceholders } from '../src/placeholders.js';
import { repositoryRoot } from '../src/repository.js';
import { validateTeamsManifest } from '../src/validate-teams-manifest.js';
import {
  committedDevEnvironment,
  filledDevEnvironment,
  provisionedExample,
  scratchRoot,
} from './support/example-environment.js';

const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

async function scratch(environment: string, envText: string): Promise<string> {
  const root = await scratchRoot(environment, envText);
  roots.push(root);
  return root;
}

const templateText = () => readFile(join(repositoryRoot, 'appPackage', 'manifest.json'), 'utf8');
const template = async () => JSON.parse(await templateText()) as Record<string, unknown>;

/** The manifest resolved with env/.env.dev, its provisioned values filled in. */
async function resolvedManifest(): Promise<Record<string, unknown>> {
  const values = parseEnv(await filledDevEnvironment()) as Record<string, string>;
  return resolveJsonPlaceholders(await template(), values) as Record<string, unknown>;
}

/** The newest Teams manifest schema `@microsoft/app-manifest` bundles (`v1.30` → 30). */
function newestBundledMinor(): number {
  const library = dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest'));
  const versions = readdirSync(join(library, 'json-schemas', 'teams'))
    .map((name) => /^v1\.(\d+)$/.exec(name)?.[1])
    .filter((minor) => minor !== undefined)
    .map(Number);
  return Math.max(...versions);
}

describe('the Teams app manifest', () => {
  it('uses the newest schema version @microsoft/app-manifest bundles', async () => {
    const manifest = await template();
    const minor = newestBundledMinor();
    expect(manifest['manifestVersion']).toBe(`1.${minor}`);
    expect(manifest['$schema']).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v1.${minor}/MicrosoftTeams.schema.json`,
    );
  });

  it('resolved from env/.env.dev passes AppManifestUtils.validateAgainstSchema offline', async () => {
    const manifest = await resolvedManifest();
    expect(hasPlaceholder(JSON.stringify(manifest))).toBe(false);
    expect(
      await AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest),
    ).toEqual([]);
  });

  it('fails the same validation when the resolved manifest is broken', async () => {
    const manifest = await resolvedManifest();
    const broken = { ...manifest, bots: [{ botId: 'not-a-guid', scopes: ['personal'] }] };
    const errors = await validateTeamsManifest(broken);
    expect(errors.some((error) => error.startsWith('/bots/0/botId'))).toBe(true);
  });

  it('declares every placeholder in env/.env.dev and checks each with the variables schema', async () => {
    const names = placeholderNames(await templateText());
    const declared = Object.keys(parseEnv(await committedDevEnvironment()));
    expect(names.filter((name) => !declared.includes(name))).toEqual([]);
    expect([...names].sort()).toEqual(Object.keys(manifestVariablesSchema.shape).sort());
  });

  it('has personal tabs for the tab routes, the bot chat and About', async () => {
    const manifest = await resolvedManifest();
    const tabs = manifest['staticTabs'] as {
      entityId: string;
      contentUrl?: string;
      scopes: string[];
    }[];
    const endpoint = provisionedExample['TAB_ENDPOINT'] ?? '';
    expect(tabs.map((tab) => [tab.entityId, tab.contentUrl?.replace(endpoint, '')])).toEqual([
      ['dashboard', '/'],
      ['employees', '/employees'],
      ['preferences', '/preferences/fields'],
      ['conversations', undefined],
      ['about', undefined],
    ]);
    expect(tabs.every((tab) => tab.scopes.join() === 'personal')).toBe(true);
  });

  it('installs the bot for personal use, able to receive card actions', async () => {
    const manifest = await resolvedManifest();
    const [bot, ...others] = manifest['bots'] as Record<string, unknown>[];
    expect(others).toEqual([]);
    expect(bot).toMatchObject({
      botId: provisionedExample['BOT_ID'],
      scopes: ['personal'],
      isNotificationOnly: false,
    });
  });

  it("asks Teams for SSO tokens for the app registration's App ID URI on the tab's host", async () => {
    const manifest = await resolvedManifest();
    const domain = provisionedExample['TAB_DOMAIN'] ?? '';
    const clientId = provisionedExample['AAD_APP_CLIENT_ID'] ?? '';
    expect(manifest['webApplicationInfo']).toEqual({
      id: clientId,
      resource: `api://${domain}/${clientId}`,
    });
    expect(manifest['validDomains']).toEqual([domain]);
  });

  it('names the publisher and its privacy and terms pages from the environment', async () => {
    const manifest = await resolvedManifest();
    expect(manifest['developer']).toEqual({
      name: provisionedExample['DEVELOPER_NAME'],
      websiteUrl: provisionedExample['WEBSITE_URL'],
      privacyUrl: provisionedExample['PRIVACY_URL'],
      termsOfUseUrl: provisionedExample['TERMS_URL'],
    });
  });
});

describe('npm run package', () => {
  it('writes appPackage/build/appPackage.<env>.zip with the resolved manifest and both icons', async () => {
    const root = await scratch('dev', await filledDevEnvironment());
    const built = await buildAppPackage({ root, environment: 'dev' });
    expect(built.zipPath).toBe(join(root, 'appPackage', 'build', 'appPackage.dev.zip'));
    expect(built.zipPath).toBe(appPackageZipPath(root, 'dev'));

    const zip = new AdmZip(built.zipPath);
    expect(
      zip
        .getEntries()
        .map((entry) => entry.entryName)
        .sort(),
    ).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const zipped = zip.readAsText('manifest.json');
    expect(hasPlaceholder(zipped)).toBe(false);
    expect(zipped).toBe(await readFile(built.manifestPath, 'utf8'));
    const manifest = JSON.parse(zipped) as Record<string, unknown>;
    expect(manifest['id']).toBe(provisionedExample['TEAMS_APP_ID']);
    expect(await validateTeamsManifest(manifest)).toEqual([]);
    for (const icon of ['color.png', 'outline.png']) {
      expect(zip.readFile(icon)).toEqual(await readFile(join(repositoryRoot, 'appPackage', icon)));
    }
  });

  it('refuses, naming each placeholder without a value and who sets it', async () => {
    const root = await scratch('dev', await committedDevEnvironment());
    const error = await buildAppPackage({ root, environment: 'dev' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppPackageError);
    const problems = (error as AppPackageError).problems;
    expect(problems).toContain(
      'TEAMS_APP_ID: no value in env/.env.dev; provision writes it (atk provision --env dev)',
    );
    expect(problems).toContain('PRIVACY_URL: no value in env/.env.dev; set it there');
    expect(problems.some((problem) => problem.startsWith('APP_NAME_SUFFIX'))).toBe(false);
    expect(
      await readFile(appPackageZipPath(root, 'dev')).catch(
        (e: unknown) => (e as { code: string }).code,
      ),
    ).toBe('ENOENT');
  });

  it('refuses a placeholder missing from the file, and values of the wrong shape', async () => {
    const env = (await filledDevEnvironment())
      .replace(/^BOT_ID=.*$/m, '')
      .replace(/^TAB_ENDPOINT=.*$/m, 'TAB_ENDPOINT=http://roster-dev01.azurewebsites.net')
      .replace(/^TERMS_URL=.*$/m, 'TERMS_URL=terms.html');
    const root = await scratch('test', env);
    const error = (await buildAppPackage({ root, environment: 'test' }).catch(
      (e: unknown) => e,
    )) as AppPackageError;
    expect(error.problems).toEqual([
      'BOT_ID: not set in env/.env.test',
      'TAB_ENDPOINT: must be an https:// URL (env/.env.test has "http://roster-dev01.azurewebsites.net")',
      'TERMS_URL: must be an https:// URL (env/.env.test has "terms.html")',
    ]);
  });

  it('refuses an environment without a file', async () => {
    const root = await scratch('dev', await filledDevEnvironment());
    await expect(buildAppPackage({ root, environment: 'prod' })).rejects.toThrow(
      'env/.env.prod does not exist',
    );
  });
});
