import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/src/config.js';
import { containerDefinitions } from '../../api/src/store/cosmos/cosmos-containers.js';
import {
  isUsed,
  objectEntries,
  outputReferences,
  parseBicep,
  readBicep,
  type BicepFile,
  type BicepModule,
} from './support/infra-bicep.js';

/**
 * What can be checked of `infra/` without a Bicep compiler: the modules hang together, the
 * web app's settings are the configuration Roster reads, the Cosmos containers are the
 * adapter's, and the security settings the deployment guide promises are there.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const infra = join(root, 'infra');
const mainFile = join(infra, 'main.bicep');

/** Every Bicep file main.bicep reaches, by absolute path, read once. */
function readTemplates(): Map<string, BicepFile> {
  const files = new Map<string, BicepFile>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    const bicep = readBicep(file);
    files.set(file, bicep);
    for (const module of bicep.modules) {
      const target = resolve(dirname(file), module.path);
      if (existsSync(target)) visit(target);
    }
  };
  visit(mainFile);
  return files;
}

const templates = readTemplates();
const main = templates.get(mainFile)!;
const label = (file: string) => relative(root, file);

function moduleFile(from: BicepFile, module: BicepModule): BicepFile {
  const file = templates.get(resolve(dirname(from.file), module.path));
  if (file === undefined) throw new Error(`${label(from.file)}: ${module.path} not found`);
  return file;
}

function mainModule(path: string): BicepModule {
  const found = main.modules.filter((m) => m.path === path);
  expect(found, `main.bicep declares ${path} once`).toHaveLength(1);
  return found[0]!;
}

function template(path: string): BicepFile {
  const file = templates.get(join(infra, path));
  if (file === undefined) throw new Error(`${path} is not reached from main.bicep`);
  return file;
}

/** A string literal's value (`'x'` → `x`); undefined for any other expression. */
function literal(expression: string | undefined): string | undefined {
  const match = /^'([^'$\\]*)'$/.exec(expression?.trim() ?? '');
  return match?.[1];
}

/** The object literal assigned to `var name` in `file`, as key → expression. */
function varObject(file: BicepFile, name: string): Map<string, string> {
  const declared = new RegExp(`^var[ \\t]+${name}[ \\t]*=[ \\t]*\\{`, 'm').exec(file.code);
  if (declared === null) throw new Error(`${label(file.file)} has no object var ${name}`);
  return objectEntries(file.text, file.code, declared.index + declared[0].length - 1);
}

describe('infra/ modules', () => {
  it('reaches every module file, and every file under infra/modules is used', () => {
    for (const bicep of templates.values()) {
      for (const module of bicep.modules) {
        const target = resolve(dirname(bicep.file), module.path);
        expect(existsSync(target), `${label(bicep.file)} → ${module.path}`).toBe(true);
      }
    }
    const onDisk = readdirSync(join(infra, 'modules'))
      .filter((name) => name.endsWith('.bicep'))
      .map((name) => join(infra, 'modules', name));
    const unused = onDisk.filter((file) => !templates.has(file)).map(label);
    expect(unused, 'module files nothing deploys').toEqual([]);
  });

  it('passes every module only params it declares, and every param it requires', () => {
    const problems: string[] = [];
    for (const bicep of templates.values()) {
      for (const module of bicep.modules) {
        const target = moduleFile(bicep, module);
        for (const name of module.params.keys()) {
          if (!target.params.has(name)) {
            problems.push(`${label(bicep.file)}: ${module.symbol} passes undeclared ${name}`);
          }
        }
        for (const param of target.params.values()) {
          if (!param.hasDefault && !module.params.has(param.name)) {
            problems.push(`${label(bicep.file)}: ${module.symbol} misses required ${param.name}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses every param and var each file declares', () => {
    const unused: string[] = [];
    for (const bicep of templates.values()) {
      for (const name of [...bicep.params.keys(), ...bicep.vars.keys()]) {
        if (!isUsed(bicep, name)) unused.push(`${label(bicep.file)}: ${name}`);
      }
    }
    expect(unused).toEqual([]);
  });

  it('reads only outputs the modules declare, and depends only on declared modules', () => {
    const problems: string[] = [];
    for (const bicep of templates.values()) {
      const symbols = new Map(bicep.modules.map((m) => [m.symbol, m]));
      for (const [symbol, output] of outputReferences(bicep)) {
        const module = symbols.get(symbol);
        if (module === undefined) problems.push(`${label(bicep.file)}: ${symbol} is no module`);
        else if (!moduleFile(bicep, module).outputs.has(output)) {
          problems.push(`${label(bicep.file)}: ${module.path} has no output ${output}`);
        }
      }
      for (const module of bicep.modules) {
        for (const dependency of module.dependsOn) {
          const declared =
            symbols.has(dependency) || bicep.resources.some((r) => r.symbol === dependency);
          if (!declared) problems.push(`${label(bicep.file)}: dependsOn ${dependency}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses generally available API versions, one per resource type', () => {
    // Diagnostic settings have never had a generally available version to choose instead.
    const previewOnly = new Set(['Microsoft.Insights/diagnosticSettings']);
    const versions = new Map<string, Set<string>>();
    const preview: string[] = [];
    for (const bicep of templates.values()) {
      for (const resource of bicep.resources) {
        const seen = versions.get(resource.type) ?? new Set<string>();
        seen.add(resource.apiVersion);
        versions.set(resource.type, seen);
        const ga = /^\d{4}-\d{2}-\d{2}$/.test(resource.apiVersion);
        if (!ga && !previewOnly.has(resource.type)) {
          preview.push(`${label(bicep.file)}: ${resource.type}@${resource.apiVersion}`);
        }
      }
    }
    expect(preview).toEqual([]);
    const mixed = [...versions].filter(([, seen]) => seen.size > 1).map(([type]) => type);
    expect(mixed, 'resource types written at several API versions').toEqual([]);
    expect(versions.size).toBeGreaterThanOrEqual(10);
  });
});

describe('infra/main.parameters.json', () => {
  const parameters = JSON.parse(readFileSync(join(infra, 'main.parameters.json'), 'utf8')) as {
    parameters: Record<string, { value: unknown }>;
  };
  const names = Object.keys(parameters.parameters);

  it('names only params main.bicep declares, and gives every required one', () => {
    expect(names.filter((name) => !main.params.has(name))).toEqual([]);
    const required = [...main.params.values()].filter((p) => !p.hasDefault).map((p) => p.name);
    expect(required.filter((name) => !names.includes(name))).toEqual([]);
  });

  it('takes the app registrations and their secrets from the toolkit', () => {
    const values = Object.fromEntries(
      Object.entries(parameters.parameters).map(([name, p]) => [name, p.value]),
    );
    expect(values).toMatchObject({
      aadAppClientId: '${{AAD_APP_CLIENT_ID}}',
      aadAppClientSecret: '${{SECRET_AAD_APP_CLIENT_SECRET}}',
      botAadAppClientId: '${{BOT_ID}}',
      botAadAppClientSecret: '${{SECRET_BOT_PASSWORD}}',
    });
    expect(String(values['resourceBaseName'])).toContain('${{RESOURCE_SUFFIX}}');
    // Secrets come in as secure params only: never a plain string param.
    for (const name of ['aadAppClientSecret', 'botAadAppClientSecret', 'stateSecret']) {
      expect(main.params.get(name)?.decorators, name).toContain('@secure()');
    }
  });
});

/** The names api/src/config.ts reads, from its schema's keys. */
function configVariables(): Set<string> {
  const source = readFileSync(join(root, 'api/src/config.ts'), 'utf8');
  const schema = source.slice(source.indexOf('const configSchema'));
  return new Set([...schema.matchAll(/^\s+(ROSTER_[A-Z0-9_]+):/gm)].map((m) => m[1]!));
}

/**
 * Settings App Service or its agents read, not Roster: each is here on purpose.
 * WEBSITES_PORT: where App Service sends requests; SCM_DO_BUILD_DURING_DEPLOYMENT: the
 * deployment installs dependencies; the last two: Application Insights' agent for Node.js.
 */
const platformSettings = new Set([
  'WEBSITES_PORT',
  'SCM_DO_BUILD_DURING_DEPLOYMENT',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'ApplicationInsightsAgent_EXTENSION_VERSION',
]);

/** What production needs set: Cosmos, the bot with credentials, one public URL, shared secrets. */
const requiredInProduction = [
  'ROSTER_CLIENT_ID',
  'ROSTER_CLIENT_SECRET',
  'ROSTER_API_AUDIENCES',
  'ROSTER_PUBLIC_URL',
  'ROSTER_STATE_SECRET',
  'ROSTER_STORE',
  'ROSTER_COSMOS_ENDPOINT',
  'ROSTER_HOST',
  'ROSTER_PORT',
  'ROSTER_TRUST_PROXY_HOPS',
  'ROSTER_BOT_ID',
  'ROSTER_BOT_TENANT_ID',
  'ROSTER_BOT_PASSWORD',
];

/** Values a deployment gives the settings that are expressions, for parsing them as config does. */
const deployed: Record<string, string> = {
  aadAppClientId: '5f0b7c62-3d1e-4a8b-9c7d-2e6f1a4b8c90',
  botAadAppClientId: '9a1c3e5f-7b2d-4f6a-8c0e-1d3f5a7b9c2e',
  botTenantId: '2b4d6f8a-0c1e-4a3b-9d5f-7e9a1c3b5d70',
  teamsAppId: '8f1e2d3c-4b5a-4697-8e7f-6a5b4c3d2e1f',
  'webApp.outputs.defaultHostName': 'roster1a2b3c-app.azurewebsites.net',
  'cosmos.outputs.endpoint': 'https://roster1a2b3c-cosmos.documents.azure.com:443/',
  'cosmos.outputs.databaseName': 'roster',
  adminRoleIds: '',
  runHistoryDays: '90',
  schedulerConcurrency: '4',
  appPort: '8080',
  'monitoring.outputs.appInsightsConnectionString':
    'InstrumentationKey=00000000-0000-0000-0000-000000000000',
};

/**
 * Evaluates the few expression shapes the settings use: literals, interpolated strings,
 * `string(x)`, and names in `deployed`; Key Vault references become a resolved secret.
 */
function evaluate(expression: string): string {
  const text = expression.trim();
  if (text.startsWith("'@Microsoft.KeyVault("))
    return 'resolved-secret-value-that-is-long-enough-for-any-check';
  const plain = literal(text);
  if (plain !== undefined) return plain;
  const call = /^string\((\w+)\)$/.exec(text);
  if (call?.[1] !== undefined) return evaluate(call[1]);
  const interpolated = /^'(.*)'$/s.exec(text);
  if (interpolated?.[1] !== undefined) {
    return interpolated[1].replace(/\$\{([^}]+)\}/g, (_m, inner: string) => evaluate(inner));
  }
  const value =
    deployed[text] ?? (main.vars.has(text) ? evaluate(main.vars.get(text)!) : undefined);
  if (value === undefined) throw new Error(`no deployed value for ${text}`);
  return value;
}

describe('the web app settings', () => {
  const settings = varObject(main, 'appSettings');
  const names = [...settings.keys()];

  it("are the settings module's, applied after the identity's grants", () => {
    const module = mainModule('modules/web-app-settings.bicep');
    expect(module.params.get('settings')).toBe('appSettings');
    expect(module.dependsOn).toEqual(
      expect.arrayContaining(['cosmosDataContributor', 'keyVaultSecretsUser']),
    );
    // One source of settings: the site itself declares none.
    expect(template('modules/web-app.bicep').code).not.toMatch(/\bappSettings\s*:/);
  });

  it("name only variables api/src/config.ts reads, besides the platform's own", () => {
    const read = configVariables();
    expect(read.size).toBeGreaterThan(30);
    const roster = names.filter((name) => name.startsWith('ROSTER_'));
    expect(roster.filter((name) => !read.has(name))).toEqual([]);
    expect(names.filter((n) => !n.startsWith('ROSTER_') && !platformSettings.has(n))).toEqual([]);
  });

  it('set every variable production needs, and none it must not have', () => {
    expect(requiredInProduction.filter((name) => !settings.has(name))).toEqual([]);
    // The managed identity signs in to Cosmos DB; the defaults are Entra ID and Graph.
    for (const absent of [
      'ROSTER_COSMOS_KEY',
      'ROSTER_CA_FILE',
      'ROSTER_AUTHORITY_HOST',
      'ROSTER_GRAPH_BASE_URL',
    ]) {
      expect(settings.has(absent), absent).toBe(false);
    }
  });

  it('keep secrets in Key Vault, read through references', () => {
    for (const name of ['ROSTER_CLIENT_SECRET', 'ROSTER_STATE_SECRET', 'ROSTER_BOT_PASSWORD']) {
      const reference = /^'@Microsoft\.KeyVault\(SecretUri=\$\{(\w+)\.outputs\.uri\}\)'$/.exec(
        settings.get(name) ?? '',
      );
      expect(reference, name).not.toBeNull();
      const module = main.modules.find((m) => m.symbol === reference![1]);
      expect(module?.path, name).toBe('modules/key-vault-secret.bicep');
    }
    const plain = [...settings].filter(
      ([name, value]) => /SECRET|PASSWORD|KEY\b/.test(name) && !value.includes('KeyVault'),
    );
    expect(plain).toEqual([]);
  });

  it('make a configuration Roster accepts, for Cosmos DB, the bot and App Service', () => {
    const env = Object.fromEntries(names.map((name) => [name, evaluate(settings.get(name)!)]));
    const config = loadConfig(env);
    expect(config.store).toMatchObject({ kind: 'cosmos', database: 'roster' });
    expect(config.store).not.toHaveProperty('key');
    expect(config.bot).toMatchObject({ kind: 'authenticated', credential: { kind: 'secret' } });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 8080 });
    expect(env['ROSTER_PORT']).toBe(env['WEBSITES_PORT']);
    expect(config.publicUrl).toBe(`https://${deployed['webApp.outputs.defaultHostName']!}`);
    expect(config.teamsAppId).toBe(deployed['teamsAppId']);
    expect(config.apiAudiences).toEqual([
      deployed['aadAppClientId'],
      `api://${deployed['webApp.outputs.defaultHostName']!}/${deployed['aadAppClientId']!}`,
    ]);
    expect(config.stateSecret).toBeDefined();
    expect(config.trustProxyHops).toBe(1);
  });
});

describe('the Cosmos DB containers', () => {
  const declared = JSON.parse(readFileSync(join(infra, 'cosmos-containers.json'), 'utf8')) as {
    id: string;
    partitionKey: { paths: string[]; kind: string; version: number };
    defaultTtl?: number;
    indexingPolicy: { compositeIndexes?: unknown };
  }[];
  const account = template('modules/cosmos-account.bicep');

  it('are created from infra/cosmos-containers.json, one container per definition', () => {
    expect(account.code).toMatch(/loadJsonContent\('[^']*'\)/);
    expect(account.text).toContain("loadJsonContent('../cosmos-containers.json')");
    const containers = account.resources.filter(
      (r) => r.type === 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers',
    );
    expect(containers).toHaveLength(1);
    expect(containers[0]!.body).toMatch(/for (\w+) in containers:[\s\S]*name: \1\.id/);
    expect(containers[0]!.body).toMatch(/resource: definition\b/);
  });

  it("are exactly the adapter's: names, partition keys, TTL and indexing policies", () => {
    const adapter = Object.values(containerDefinitions);
    expect(declared.map((c) => c.id).sort()).toEqual(adapter.map((c) => c.id).sort());
    for (const definition of adapter) {
      const infraDefinition = declared.find((c) => c.id === definition.id)!;
      expect(infraDefinition.partitionKey.paths, definition.id).toEqual(
        definition.partitionKey && 'paths' in definition.partitionKey
          ? definition.partitionKey.paths
          : undefined,
      );
      expect(infraDefinition.partitionKey.kind, definition.id).toBe('Hash');
      expect(infraDefinition.defaultTtl, definition.id).toBe(definition.defaultTtl);
      expect(infraDefinition.indexingPolicy, definition.id).toEqual(definition.indexingPolicy);
    }
  });

  it("include the composite indexes the adapter's ORDER BY queries need", () => {
    const composite = (id: string) =>
      declared.find((c) => c.id === id)?.indexingPolicy.compositeIndexes;
    expect(composite('runs')).toEqual([
      [
        { path: '/startedMs', order: 'descending' },
        { path: '/runId', order: 'descending' },
      ],
    ]);
    expect(composite('runChanges')).toEqual([
      [
        { path: '/runId', order: 'ascending' },
        { path: '/seq', order: 'ascending' },
      ],
    ]);
  });

  it('live in the database the settings name', () => {
    const module = mainModule('modules/cosmos-account.bicep');
    expect(literal(module.params.get('databaseName'))).toBe('roster');
  });
});

describe('security and hosting settings', () => {
  it('runs Node 22 LTS, always on, HTTPS only, TLS 1.2, no FTP, health-checked', () => {
    const webApp = template('modules/web-app.bicep');
    expect(literal(mainModule('modules/web-app.bicep').params.get('linuxFxVersion'))).toBe(
      'NODE|22-lts',
    );
    expect(webApp.text).toMatch(/httpsOnly: true/);
    expect(webApp.text).toMatch(/alwaysOn: true/);
    expect(webApp.text).toMatch(/minTlsVersion: '1\.2'/);
    expect(webApp.text).toMatch(/ftpsState: 'Disabled'/);
    expect(webApp.text).toMatch(/healthCheckPath: '\/healthz'/);
    expect(webApp.text).toMatch(/identity: \{\s*type: 'SystemAssigned'\s*\}/);
    expect(webApp.text).toMatch(/linuxFxVersion: linuxFxVersion/);
  });

  it("scales out by the plan's capacity", () => {
    const plan = template('modules/app-service-plan.bicep');
    expect(plan.text).toMatch(/capacity: instanceCount/);
    expect(plan.text).toMatch(/reserved: true/);
    expect(mainModule('modules/app-service-plan.bicep').params.get('instanceCount')).toBe(
      'instanceCount',
    );
  });

  it('signs in to Cosmos DB with Entra ID only, as Built-in Data Contributor', () => {
    expect(template('modules/cosmos-account.bicep').text).toMatch(/disableLocalAuth: true/);
    const grant = mainModule('modules/cosmos-role-assignment.bicep');
    expect(grant.params.get('principalId')).toBe('webApp.outputs.principalId');
    expect(evaluate(grant.params.get('roleDefinitionId')!)).toBe(
      '00000000-0000-0000-0000-000000000002',
    );
    expect(template('modules/cosmos-role-assignment.bicep').text).toMatch(
      /roleDefinitionId: '\$\{account\.id\}\/sqlRoleDefinitions\/\$\{roleDefinitionId\}'/,
    );
  });

  it('keeps secrets in a Key Vault under Azure RBAC, readable by the web app', () => {
    expect(template('modules/key-vault.bicep').text).toMatch(/enableRbacAuthorization: true/);
    const grant = mainModule('modules/key-vault-role-assignment.bicep');
    expect(grant.params.get('principalId')).toBe('webApp.outputs.principalId');
    // Key Vault Secrets User.
    expect(evaluate(grant.params.get('roleDefinitionId')!)).toBe(
      '4633458b-17de-408a-b874-0445c86b69e6',
    );
  });

  it('registers a single-tenant Azure Bot on Teams, pointed at /api/messages', () => {
    const bot = template('modules/bot-service.bicep');
    expect(bot.text).toMatch(/msaAppType: 'SingleTenant'/);
    expect(bot.text).toMatch(/msaAppTenantId: botTenantId/);
    expect(bot.text).toMatch(/channelName: 'MsTeamsChannel'/);
    const module = mainModule('modules/bot-service.bicep');
    expect(evaluate(module.params.get('endpoint')!)).toBe(
      `https://${deployed['webApp.outputs.defaultHostName']!}/api/messages`,
    );
    expect(module.params.get('botTenantId')).toBe('botTenantId');
  });

  it('sends telemetry to a workspace-based Application Insights', () => {
    const monitoring = template('modules/monitoring.bicep');
    expect(monitoring.text).toMatch(/WorkspaceResourceId: workspace\.id/);
    expect(varObject(main, 'appSettings').get('APPLICATIONINSIGHTS_CONNECTION_STRING')).toBe(
      'monitoring.outputs.appInsightsConnectionString',
    );
  });

  it('gives the toolkit back the domains and the web app, and no secret', () => {
    const outputs = [...main.outputs.keys()];
    expect(outputs).toEqual(
      expect.arrayContaining([
        'TAB_DOMAIN',
        'TAB_ENDPOINT',
        'BOT_DOMAIN',
        'AZURE_APP_SERVICE_RESOURCE_ID',
      ]),
    );
    expect(main.outputs.get('AZURE_APP_SERVICE_RESOURCE_ID')).toBe('webApp.outputs.id');
    const secure = [...main.params.values()].filter((p) => p.decorators.includes('@secure()'));
    for (const [name, value] of main.outputs) {
      expect(name).not.toMatch(/SECRET|PASSWORD/);
      for (const param of secure) expect(isUsed({ ...main, code: value }, param.name)).toBe(false);
    }
  });
});

describe('the Bicep reader these checks rely on', () => {
  const sample = [
    '// a comment naming param ghost string',
    "@description('Braces { in } a string, and a // that is no comment.')",
    '@allowed([',
    "  'a'",
    "  'b'",
    '])',
    "param choice string = 'a'",
    '@secure()',
    'param secret string',
    'param unused int',
    '/* block',
    '   comment */',
    "var url = 'https://${choice}.example/{x}' // trailing",
    'var settings = {',
    "  ONE: 'x:y'",
    "  TWO: '@Ref(Uri=${url})'",
    '  NESTED: {',
    '    inner: 1',
    '  }',
    '  choice: secret',
    '}',
    "module m 'modules/m.bicep' = {",
    "  name: 'm'",
    '  params: {',
    '    a: settings',
    "    b: '${url}/x'",
    '  }',
    '  dependsOn: [',
    '    other',
    '  ]',
    '}',
    "resource r 'Microsoft.Web/sites@2024-11-01' existing = {",
    "  name: 'r'",
    '}',
    'output value string = m.outputs.id',
  ].join('\n');
  const bicep = parseBicep('sample.bicep', sample);

  it('reads declarations, decorators, and object entries past strings and comments', () => {
    expect([...bicep.params.keys()]).toEqual(['choice', 'secret', 'unused']);
    expect(bicep.params.get('choice')).toMatchObject({ type: 'string', hasDefault: true });
    expect(bicep.params.get('choice')?.decorators).toHaveLength(2);
    expect(bicep.params.get('secret')?.decorators).toEqual(['@secure()']);
    expect(bicep.vars.get('url')).toBe("'https://${choice}.example/{x}'");
    expect([...varObject(bicep, 'settings')]).toEqual([
      ['ONE', "'x:y'"],
      ['TWO', "'@Ref(Uri=${url})'"],
      ['NESTED', '{\n    inner: 1\n  }'],
      ['choice', 'secret'],
    ]);
    expect(bicep.modules).toEqual([
      {
        symbol: 'm',
        path: 'modules/m.bicep',
        params: new Map([
          ['a', 'settings'],
          ['b', "'${url}/x'"],
        ]),
        dependsOn: ['other'],
      },
    ]);
    expect(bicep.resources).toMatchObject([
      { symbol: 'r', type: 'Microsoft.Web/sites', apiVersion: '2024-11-01', existing: true },
    ]);
    expect(outputReferences(bicep)).toEqual([['m', 'id']]);
  });

  it('tells a use from a declaration, an object key or a comment', () => {
    expect(isUsed(bicep, 'choice')).toBe(true);
    expect(isUsed(bicep, 'secret')).toBe(true);
    expect(isUsed(bicep, 'url')).toBe(true);
    expect(isUsed(bicep, 'unused')).toBe(false);
    expect(isUsed(bicep, 'ghost')).toBe(false);
    expect(isUsed(bicep, 'inner')).toBe(false);
  });

  it('refuses what it does not read instead of misreading it', () => {
    expect(() => parseBicep('x.bicep', "var text = '''\nmulti\n'''")).toThrow(/multi-line/);
    expect(() => parseBicep('x.bicep', "var text = 'open")).toThrow(/unterminated/);
    expect(() => parseBicep('x.bicep', 'something else')).toThrow(/unexpected top-level/);
  });
});
