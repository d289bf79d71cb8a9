import { z } from 'zod';
import { parseAttributePath } from './graph-user-attributes.js';
import { maxMatchedLength, patternProblem } from './rule-pattern.js';

/**
 * A tenant's settings: the fields Roster imports (Preferences > Fields), how it finds each
 * user's email address, which users it imports (filters), and Clean Up. Stored as JSON and
 * validated here on every save and load; `parse({})` gives the defaults.
 */

/**
 * The key of the email column. Its value comes from email resolution (`resolveEmail`: primary
 * SMTP proxy address, then mail, …), never read from its source directly; its source is
 * therefore fixed to `mail`, the attribute an admin would recognise.
 */
export const emailFieldKey = 'email';

const fieldKeyPattern = /^[a-z][a-zA-Z0-9]*$/;

const fieldSchema = z
  .strictObject({
    /** Stable column id in stored records: renaming it is a new column. */
    key: z
      .string()
      .max(40, 'Field keys are at most 40 characters')
      .regex(fieldKeyPattern, 'Field keys start with a lower-case letter, then letters and digits'),
    label: z
      .string()
      .trim()
      .min(1, 'Field labels cannot be empty')
      .max(64, 'Field labels are at most 64 characters'),
    /** An attribute path (`graph-user-attributes.ts`). */
    source: z.string(),
    enabled: z.boolean().default(true),
  })
  .superRefine((field, ctx) => {
    const source = parseAttributePath(field.source);
    if (!source.ok) {
      ctx.addIssue({
        code: 'custom',
        path: ['source'],
        message: `${source.message} in field "${field.key}"`,
      });
    } else if (field.key === emailFieldKey && field.source !== 'mail') {
      ctx.addIssue({
        code: 'custom',
        path: ['source'],
        message: `The "${emailFieldKey}" field is filled by email resolution; its source must be "mail"`,
      });
    }
  });

const field = (key: string, label: string, source: string) => ({ key, label, source });

// The fields Xink imports by default, in the order the Employees view shows them.
const defaultFields = [
  field('displayName', 'Display name', 'displayName'),
  field('firstName', 'First name', 'givenName'),
  field('lastName', 'Last name', 'surname'),
  field('jobTitle', 'Job title', 'jobTitle'),
  field('department', 'Department', 'department'),
  field('company', 'Company', 'companyName'),
  field('office', 'Office', 'officeLocation'),
  field('businessPhone', 'Business phone', 'businessPhones[0]'),
  field('mobilePhone', 'Mobile phone', 'mobilePhone'),
  field(emailFieldKey, 'Email', 'mail'),
  field('streetAddress', 'Street address', 'streetAddress'),
  field('city', 'City', 'city'),
  field('state', 'State', 'state'),
  field('postalCode', 'Postal code', 'postalCode'),
  field('country', 'Country', 'country'),
];

const fieldsSchema = z
  .array(fieldSchema)
  .max(60, 'At most 60 fields')
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    fields.forEach(({ key }, i) => {
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `Duplicate field key "${key}"` });
      }
      seen.add(key);
    });
  });

const emailSchema = z.strictObject({
  /** Take the primary `SMTP:` proxy address first, and the `smtp:` ones as aliases. */
  useProxyAddresses: z.boolean().default(true),
  /** Fall back to the first valid otherMails entry when neither proxy address nor mail is set. */
  useOtherMails: z.boolean().default(true),
  /** Last resort: the user principal name, never a guest's `#EXT#` or an onmicrosoft.com one. */
  useUpnAsEmail: z.boolean().default(false),
});

/** Operators of filter rules; string comparisons ignore case. */
export const ruleOperators = [
  'equals',
  'notEquals',
  'startsWith',
  'endsWith',
  'contains',
  'matches',
  'isEmpty',
  'isNotEmpty',
  'in',
] as const;

/** A rule operator. */
export type RuleOperator = (typeof ruleOperators)[number];

const ruleSchema = z
  .strictObject({
    /** Names the rule in skip reasons and in the settings UI. */
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Rule ids are 1–64 letters, digits, "-" or "_"'),
    /** An attribute path (`graph-user-attributes.ts`). */
    attribute: z.string(),
    operator: z.enum(ruleOperators),
    value: z
      .union([
        z.string().min(1).max(maxMatchedLength),
        z.array(z.string().min(1).max(maxMatchedLength)).min(1).max(100),
      ])
      .optional(),
    action: z.enum(['include', 'exclude']),
  })
  .superRefine((rule, ctx) => {
    const issue = (message: string, path: string) => {
      ctx.addIssue({ code: 'custom', path: [path], message: `${message} in rule "${rule.id}"` });
    };
    const attribute = parseAttributePath(rule.attribute);
    if (!attribute.ok) issue(attribute.message, 'attribute');
    const { operator, value } = rule;
    if (operator === 'isEmpty' || operator === 'isNotEmpty') {
      if (value !== undefined) issue(`Operator "${operator}" takes no value`, 'value');
    } else if (operator === 'in') {
      if (!Array.isArray(value)) issue('Operator "in" needs a list of values', 'value');
    } else if (typeof value !== 'string') {
      issue(`Operator "${operator}" needs one value`, 'value');
    } else if (operator === 'matches') {
      const problem = patternProblem(value);
      if (problem !== null) issue(`Invalid pattern: ${problem}`, 'value');
    }
  });

/** One filter rule, as validated: `value` is a list for `in`, absent for the `is…Empty` ones. */
export type FilterRule = z.infer<typeof ruleSchema>;

const groupIds = z
  .array(z.guid('Group ids are GUIDs').transform((id) => id.toLowerCase()))
  .max(50, 'At most 50 groups')
  .default([]);

const filtersSchema = z.strictObject({
  // What an M365 admin expects out of the box: people only. Disabled accounts, guests,
  // shared mailboxes, rooms and equipment, and service accounts are not employees, and the
  // product's own guidance is to exclude them. Unlicensed users stay in: new hires often
  // get their licence days after their account, frontline and leave-of-absence staff may
  // have none, and the unlicensed accounts that are not people (shared mailboxes, rooms) are
  // caught by their own filters.
  presets: z
    .strictObject({
      excludeDisabled: z.boolean().default(true),
      excludeGuests: z.boolean().default(true),
      excludeSharedMailboxes: z.boolean().default(true),
      excludeRoomsAndEquipment: z.boolean().default(true),
      excludeServiceAccounts: z.boolean().default(true),
      excludeUnlicensed: z.boolean().default(false),
    })
    .prefault({}),
  rules: z
    .array(ruleSchema)
    .max(50, 'At most 50 rules')
    .superRefine((rules, ctx) => {
      const seen = new Set<string>();
      rules.forEach(({ id }, i) => {
        if (seen.has(id)) {
          ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `Duplicate rule id "${id}"` });
        }
        seen.add(id);
      });
    })
    .default([]),
  /** Entra group ids, matched transitively: members of nested groups count. */
  groups: z
    .strictObject({ include: groupIds, exclude: groupIds })
    .superRefine((groups, ctx) => {
      for (const id of groups.include) {
        if (groups.exclude.includes(id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['exclude'],
            message: `Group ${id} is both included and excluded`,
          });
        }
      }
    })
    .prefault({}),
});

/** Which users Roster imports: presets, rules and groups. */
export type FilterSettings = z.infer<typeof filtersSchema>;

/** How Roster finds a user's email address. */
export type EmailSettings = z.infer<typeof emailSchema>;

/**
 * When the bot posts a run's card to the tenant's admins: after every run, when something
 * changed or a run failed, or on failures (and held removals) alone (`shouldNotify` decides).
 */
export const notificationSettings = ['always', 'changesOrFailures', 'failuresOnly'] as const;

/** A notification setting. */
export type NotificationSetting = (typeof notificationSettings)[number];

/** A tenant's validated settings; `tenantSettingsSchema.parse({})` gives the defaults. */
export const tenantSettingsSchema = z.strictObject({
  fields: fieldsSchema.prefault(defaultFields),
  email: emailSchema.prefault({}),
  filters: filtersSchema.prefault({}),
  // Off until an admin turns it on, as in the product: removing people from the directory is
  // a decision to take after seeing what the first syncs import, not a default to discover.
  cleanUp: z.boolean().default(false),
  /** Above either limit a run holds all its removals until an admin confirms them. */
  deletionThreshold: z
    .strictObject({
      percent: z.number().min(0).max(100).default(10),
      absolute: z.number().int().min(0).max(1_000_000).default(500),
    })
    .prefault({}),
  // Every 3 hours, spread by jitter to the "every 2–4 hours" admins know; Sync Now covers the
  // urgent new hire. The floor of 15 minutes leaves a full round of a large tenant time to
  // finish before the next run; the ceiling of a day stays well inside the 7-day life of a
  // delta link.
  scheduleIntervalMinutes: z.number().int().min(15).max(1440).default(180),
  // A card after every quiet run trains admins to ignore the bot; one when the directory
  // changed or a run failed is news.
  notifications: z.enum(notificationSettings).default('changesOrFailures'),
});

/** Settings as validated, with every default filled in. */
export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

/** Settings as an admin or an older record may give them: anything left out takes its default. */
export type TenantSettingsInput = z.input<typeof tenantSettingsSchema>;

/** The settings of a newly linked tenant. */
export function defaultTenantSettings(): TenantSettings {
  return tenantSettingsSchema.parse({});
}
