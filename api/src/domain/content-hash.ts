import { hash } from 'node:crypto';
import type { Employee } from './employee.js';

/** JSON with object keys sorted at every level, so equal content always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The content hash of a mapped record: what change detection compares instead of fields.
 * Field keys are sorted, so reordering fields in the settings changes no hash; it is written
 * out by hand because it runs once per user per round.
 */
export function contentHash(record: Omit<Employee, 'id' | 'hash'>): string {
  const keys = Object.keys(record.fields).sort();
  const text = JSON.stringify([
    record.email,
    record.emailSource,
    record.aliases,
    keys.map((key) => [key, record.fields[key] ?? null]),
  ]);
  // sha256 is pure computation; 128 bits keep stored hashes short and collisions out of reach.
  return hash('sha256', text, 'base64url').slice(0, 22);
}
