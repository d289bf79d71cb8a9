/**
 * `npm run package -w deploy -- --env dev`: the Teams app package for an environment, its
 * placeholders resolved from `env/.env.{env}`, in `appPackage/build/appPackage.{env}.zip`.
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { AppPackageError, buildAppPackage } from '../src/app-package.js';
import { environmentName } from '../src/environment-file.js';
import { repositoryRoot } from '../src/repository.js';

const usage = 'Usage: npm run package -- --env <environment>   (e.g. dev, local)';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let args: { env?: string | undefined };
try {
  ({ values: args } = parseArgs({ options: { env: { type: 'string' } }, strict: true }));
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
}
if (args.env === undefined) fail(`--env is required.\n${usage}`);
const environment = environmentName.safeParse(args.env);
if (!environment.success) {
  fail(`--env ${environment.error.issues[0]?.message ?? 'is invalid'}\n${usage}`);
}

try {
  const built = await buildAppPackage({ root: repositoryRoot, environment: environment.data });
  process.stdout.write(
    `Wrote ${relative(repositoryRoot, built.zipPath)} (manifest.json, color.png, outline.png)\n`,
  );
} catch (error) {
  if (error instanceof AppPackageError) fail(error.message);
  throw error;
}
