import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The published Adaptive Card 1.5 schema, as a validator. `../fixtures/` holds a copy of the
 * project's shared reference file (shared/reference/adaptive-card-1.5.schema.json, beside the
 * repository on the team's machines and in CI), so the tests also run in a clone without it;
 * `adaptive-cards.test.ts` checks the two are the same file whenever the shared one is there.
 */
export const adaptiveCardSchemaFile = new URL(
  '../fixtures/adaptive-card-1.5.schema.json',
  import.meta.url,
);

/** The shared reference the fixture was copied from, where it is laid beside the repository. */
export const sharedAdaptiveCardSchemaFile = new URL(
  '../../../../shared/reference/adaptive-card-1.5.schema.json',
  import.meta.url,
);

/** Checks a card against the schema: every problem as `path: message`, none when it is valid. */
export type CardValidator = (card: unknown) => string[];

/**
 * Compiles the schema with ajv 8. The schema is draft-06, whose meta-schema ajv 8 ships but
 * does not load by default; its draft-04 style `id` would make ajv take it for a schema of
 * that name and break its `#/definitions` references, so it is dropped. Its own annotation
 * keywords (`version`, `features`, a stray `example`) are declared so ajv's strict mode still refuses anything
 * else unknown.
 */
export function adaptiveCardValidator(): CardValidator {
  const { id: _legacyId, ...schema } = JSON.parse(
    readFileSync(adaptiveCardSchemaFile, 'utf8'),
  ) as Record<string, unknown>;
  const draft06 = createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json') as {
    $id: string;
  };
  const ajv = new Ajv({ allErrors: true, strictTypes: false, strictTuples: false });
  ajv.addMetaSchema(draft06);
  ajv.addVocabulary(['version', 'features', 'example']);
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  return (card) => (validate(card) ? [] : (validate.errors ?? []).map(describe));
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || '/'}: ${error.message ?? error.keyword}`;
}
