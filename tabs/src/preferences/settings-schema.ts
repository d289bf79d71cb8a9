/**
 * The tenant settings schema and types, shared with the API: the tab validates an edited
 * draft with the very schema `PUT /api/tenant/settings` applies.
 */
export {
  emailFieldKey,
  notificationSettings,
  ruleOperators,
  tenantSettingsSchema,
  type EmailSettings,
  type FilterRule,
  type FilterSettings,
  type RuleOperator,
  type TenantSettings,
} from '../../../api/src/domain/settings.js';
export { parseAttributePath } from '../../../api/src/domain/graph-user-attributes.js';

import type { TenantSettings } from '../../../api/src/domain/settings.js';

/** One field of Preferences › Fields. */
export type FieldSetting = TenantSettings['fields'][number];

/** The filter presets, by name. */
export type PresetSettings = TenantSettings['filters']['presets'];
