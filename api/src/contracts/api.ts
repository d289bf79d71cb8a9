import { z } from 'zod';

/**
 * Request shapes of Roster's HTTP API, shared by the API and the tab so both change
 * together. Responses reuse the domain and port types.
 */

/** A keyset cursor as the API hands it out: opaque, bounded. */
const cursor = z.string().min(1).max(512);

export const pageQuerySchema = z.strictObject({
  cursor: cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
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
