import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { TenantSettings } from './settings.js';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

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
      .sort(([a = ''], [b = '']) => byText(a, b)),
    email: settings.email,
    filters: {
      presets,
      // Exclusions win and includes are any-of, so the order of rules decides nothing.
      rules: rules.map(({ id: _id, ...rule }) => canonicalJson(rule)).sort(byText),
      groups: {
        include: [...groups.include].sort(byText),
        exclude: [...groups.exclude].sort(byText),
      },
    },
  };
  return createHash('sha256').update(canonicalJson(decisive)).digest('base64url');
}
