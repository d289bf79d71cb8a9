import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { TenantSettings } from './settings.js';
import { compareStrings } from './compare-strings.js';

/**
 * A stable fingerprint of what decides the content of the directory: the enabled fields (key
 * and source), email resolution and filters. A sync compares it with the fingerprint of its
 * last full round; when they differ it starts a full round, so every stored employee is mapped
 * and filtered again. Labels, field order, rule ids and order, Clean Up, the threshold, the
 * schedule and notifications change nothing stored, and so leave it alone.
 */
export function settingsFingerprint(settings: TenantSettings): string {
  const { presets, rules, groups } = settings.filters;
  const decisive = {
    fields: settings.fields
      .filter((f) => f.enabled)
      .map((f) => [f.key, f.source])
      .sort(([a = ''], [b = '']) => compareStrings(a, b)),
    email: settings.email,
    filters: {
      presets,
      // Exclusions win and includes are any-of, so the order of rules decides nothing.
      rules: rules.map(({ id: _id, ...rule }) => canonicalJson(rule)).sort(compareStrings),
      groups: {
        include: [...groups.include].sort(compareStrings),
        exclude: [...groups.exclude].sort(compareStrings),
      },
    },
  };
  return createHash('sha256').update(canonicalJson(decisive)).digest('base64url');
}
