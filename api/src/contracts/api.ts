import { z } from 'zod';
import { tenantSettingsSchema } from '../domain/settings.js';

/**
 * Request shapes of Roster's HTTP API, shared by the API and the tab so both change
 * together. Responses reuse the domain and port types.
 */

/** A keyset cursor as the API hands it out: opaque, bounded. */
const cursor = z.string().min(1).max(512);

/** Text a person types: trimmed, bounded, no control characters. */
const typedText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .refine((text) => !/\p{Cc}/u.test(text), 'Text cannot hold control characters');

/** `GET /api/employees`: a page in name order, searched by word prefix when `search` is set. */
export const employeesQuerySchema = z.strictObject({
  search: typedText(200).optional(),
  /** The last page's `next`: base64url, as the API hands it out. */
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,700}$/, 'Pass back the cursor the last page gave')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** `GET /api/explain?user=`: an Entra object id or a user principal name. */
export const explainQuerySchema = z.strictObject({
  user: z.union([
    z.uuid(),
    // Guests' UPNs carry "#EXT#" in the local part, so this is looser than an email.
    z
      .string()
      .regex(/^[^\s@]{1,113}@[A-Za-z0-9.-]{1,255}$/, 'Give an object id or a user principal name'),
  ]),
});

/** `DELETE /api/tenant/link?deleteData=true` also deletes the directory and run history. */
export const unlinkQuerySchema = z.strictObject({
  deleteData: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});

export const runChangesQuerySchema = z.strictObject({
  cursor: cursor.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  kind: z.enum(['added', 'updated', 'removed', 'held', 'skipped']).optional(),
});

export const runsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** Graph object ids and Roster's run ids are GUIDs; anything else in a path is refused early. */
export const idParamSchema = z.strictObject({ id: z.uuid() });

/** `POST /api/sync/preview`: the saved settings, or a draft the admin has not saved. */
export const previewRequestSchema = z.strictObject({
  settings: tenantSettingsSchema.optional(),
});

export const syncRequestSchema = z.strictObject({
  full: z.boolean().default(false),
});

/** What `GET /api/me` answers. */
export interface Me {
  readonly userId: string;
  readonly name: string;
  readonly username: string;
  readonly tenantId: string;
  readonly isAdmin: boolean;
  readonly tenantLinked: boolean;
}

/** The error body every non-2xx answer carries. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details: unknown };
}

// --- Directory lookups: Check Connectivity, the group picker, mappable attributes ----------

/** The checks of `POST /api/tenant/connectivity`, in the order they run. */
export const connectivityStepNames = [
  'token',
  'organization',
  'users',
  'groups',
  'mailboxSettings',
  'rooms',
] as const;

export const connectivityStepSchema = z.object({
  step: z.enum(connectivityStepNames),
  title: z.string(),
  status: z.enum(['passed', 'failed', 'skipped']),
  /** How long the step took, in milliseconds (0 when skipped). */
  ms: z.number().int().min(0),
  /** What happened, in words an admin reads. */
  detail: z.string(),
  /** The application permission the step needs, when it failed for the lack of it. */
  permission: z.string().optional(),
  /** What to do about a failure. */
  fix: z.string().optional(),
});

/** One check of Check Connectivity. */
export type ConnectivityStep = z.infer<typeof connectivityStepSchema>;

/** What `POST /api/tenant/connectivity` answers: `ok` when no step failed. */
export const connectivityReportSchema = z.object({
  ok: z.boolean(),
  steps: z.array(connectivityStepSchema),
});
export type ConnectivityReport = z.infer<typeof connectivityReportSchema>;

/** `GET /api/groups`: a display name prefix (plain text; Roster escapes it for Graph). */
export const groupSearchQuerySchema = z.strictObject({
  search: z
    .string()
    .trim()
    .max(120, 'Search for at most 120 characters')
    .refine((text) => !/\p{Cc}/u.test(text), 'Search text cannot hold control characters')
    .default(''),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const directoryGroupSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  description: z.string().optional(),
  mail: z.string().optional(),
});

/** What `GET /api/groups` answers, by display name. */
export const groupSearchResponseSchema = z.object({ groups: z.array(directoryGroupSchema) });
export type GroupSearchResponse = z.infer<typeof groupSearchResponseSchema>;

export const mappableAttributeSchema = z.object({
  path: z.string(),
  label: z.string(),
  kind: z.enum(['attribute', 'element', 'member', 'manager', 'extension']),
  type: z.enum(['string', 'boolean', 'dateTime', 'int', 'guid']),
  multiValued: z.boolean(),
  extension: z.object({ app: z.string(), syncedFromOnPremises: z.boolean() }).optional(),
});

/**
 * What `GET /api/attributes` answers: the catalog and the tenant's directory extensions. When
 * Graph refuses the extensions, `attributes` is the catalog alone and `extensions` says why.
 */
export const attributesResponseSchema = z.object({
  attributes: z.array(mappableAttributeSchema),
  extensions: z.discriminatedUnion('status', [
    z.object({ status: z.literal('available'), count: z.number().int().min(0) }),
    z.object({
      status: z.literal('unavailable'),
      detail: z.string(),
      permission: z.string().optional(),
      fix: z.string().optional(),
    }),
  ]),
});
export type AttributesResponse = z.infer<typeof attributesResponseSchema>;
