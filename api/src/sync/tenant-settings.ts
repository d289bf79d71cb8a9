import { tenantSettingsSchema, type TenantSettings } from '../domain/settings.js';
import { AppError } from '../app-error.js';

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
