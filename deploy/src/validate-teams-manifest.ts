import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';

const schemaPrefix = 'https://developer.microsoft.com/json-schemas/';

/**
 * The copy of a manifest's `$schema` that `@microsoft/app-manifest` bundles, or undefined when
 * it bundles none (the library would then download it; Roster validates offline only).
 */
export function bundledSchemaPath(schemaUrl: unknown): string | undefined {
  if (typeof schemaUrl !== 'string' || !schemaUrl.startsWith(schemaPrefix)) return undefined;
  const library = dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest'));
  const path = join(library, 'json-schemas', schemaUrl.slice(schemaPrefix.length));
  return existsSync(path) ? path : undefined;
}

/** Schema problems of a resolved Teams app manifest, offline; empty when it is valid. */
export async function validateTeamsManifest(manifest: Record<string, unknown>): Promise<string[]> {
  if (bundledSchemaPath(manifest['$schema']) === undefined) {
    return [
      `$schema ${String(manifest['$schema'])} is not bundled with @microsoft/app-manifest: use a version it bundles`,
    ];
  }
  return AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest);
}
