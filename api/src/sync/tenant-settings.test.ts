import { describe, expect, it } from 'vitest';
import { AppError } from '../app-error.js';
import { defaultTenantSettings } from '../domain/settings.js';
import type { LinkedTenant } from '../ports/store.js';
import { settingsOf } from './tenant-settings.js';

const tenant = (version: number, settings: unknown, linkedAt = '2026-01-01T00:00:00.000Z') =>
  ({
    tenantId: 'aaaaaaaa-0000-4000-8000-000000000001',
    displayName: 'Contoso',
    linkedAt,
    linkedBy: null,
    settings,
    version,
  }) satisfies LinkedTenant;

describe('settingsOf', () => {
  it('parses a saved version once, and each new version or relink afresh', () => {
    const first = settingsOf(tenant(1, { ...defaultTenantSettings(), cleanUp: true }));
    expect(first.cleanUp).toBe(true);
    expect(settingsOf(tenant(1, { ...defaultTenantSettings(), cleanUp: true }))).toBe(first);
    expect(settingsOf(tenant(2, { ...defaultTenantSettings(), cleanUp: false })).cleanUp).toBe(
      false,
    );
    const relinked = tenant(1, defaultTenantSettings(), '2026-02-01T00:00:00.000Z');
    expect(settingsOf(relinked).cleanUp).toBe(false);
  });

  it('refuses stored settings that no longer parse', () => {
    expect(() => settingsOf(tenant(3, { scheduleIntervalMinutes: 'often' }))).toThrow(AppError);
  });
});
