import { tenantSettingsSchema, type TenantSettings } from '../domain/settings.js';
import { AppError } from '../app-error.js';
import type { LinkedTenant } from '../ports/store.js';

/** A stored tenant's settings, validated; a stored value that no longer parses is an error to fix, not to guess. */
export function loadSettings(stored: unknown): TenantSettings {
  const parsed = tenantSettingsSchema.safeParse(stored);
  if (!parsed.success) {
    throw new AppError('invalid_settings', 422, "The tenant's stored settings are invalid.", {
      details: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  }
  return parsed.data;
}

/** Stored tenants whose parsed settings are remembered: more than an instance serves. */
const parsedKept = 1_000;
const parsed = new Map<string, TenantSettings>();

/**
 * A stored tenant's settings, parsed once per saved version: every API call reads them, and
 * the schema's checks cost more than the rest of a page of employees. Callers must not
 * change the object they get.
 */
export function settingsOf(tenant: LinkedTenant): TenantSettings {
  // A save bumps the version; an unlink and relink starts at 1 again with a new linkedAt.
  const key = `${tenant.tenantId} ${tenant.version} ${tenant.linkedAt}`;
  const known = parsed.get(key);
  if (known !== undefined) return known;
  const settings = loadSettings(tenant.settings);
  if (parsed.size >= parsedKept) parsed.clear();
  parsed.set(key, settings);
  return settings;
}
