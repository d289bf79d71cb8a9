import { hash } from 'node:crypto';
import type { Employee } from './employee.js';

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
