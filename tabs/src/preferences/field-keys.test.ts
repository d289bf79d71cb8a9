import { describe, expect, it } from 'vitest';
import { fieldKeyFor } from './field-keys';
import { tenantSettingsSchema } from './settings-schema';

describe('fieldKeyFor', () => {
  it.each([
    ['jobTitle', 'jobTitle'],
    ['businessPhones[0]', 'businessPhones'],
    ['businessPhones[1]', 'businessPhones2'],
    ['onPremisesExtensionAttributes.extensionAttribute1', 'extensionAttribute1'],
    ['manager.displayName', 'managerDisplayName'],
    ['extension_0123456789abcdef0123456789abcdef_cost_center', 'costCenter'],
  ])('names %s as %s', (path, key) => {
    expect(fieldKeyFor(path, new Set())).toBe(key);
  });

  it('never reuses a key', () => {
    expect(fieldKeyFor('jobTitle', new Set(['jobTitle', 'jobTitle2']))).toBe('jobTitle3');
  });

  it('gives keys the settings schema accepts', () => {
    const path = `extension_0123456789abcdef0123456789abcdef_${'9'.repeat(60)}`;
    const key = fieldKeyFor(path, new Set());
    const parsed = tenantSettingsSchema.safeParse({
      fields: [{ key, label: 'Long', source: path }],
    });
    expect(parsed.success).toBe(true);
    expect(key.length).toBeLessThanOrEqual(40);
  });
});
