import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { useApiClient } from '../api/api-client-context';
import type { PreviewResult } from '../../../api/src/sync/preview-sync.js';
import type { TenantSettings } from './settings-schema';

const reasonSchema = z.object({ code: z.string(), text: z.string(), rule: z.string().optional() });
const removalSchema = z.object({ id: z.string(), reason: reasonSchema });

const previewSchema = z.object({
  add: z.array(z.string()),
  update: z.array(z.string()),
  unchanged: z.number(),
  skip: z.array(z.object({ id: z.string(), name: z.string().nullable(), reason: reasonSchema })),
  remove: z.array(removalSchema),
  hold: z.array(removalSchema),
  heldBecause: z.string().nullable(),
  counts: z.object({
    add: z.number(),
    update: z.number(),
    skip: z.number(),
    remove: z.number(),
    hold: z.number(),
  }),
  skipReasons: z.array(
    z.object({
      code: z.string(),
      rule: z.string().optional(),
      text: z.string(),
      count: z.number(),
    }),
  ),
  // The tab's reading of the answer must keep up with the API's type.
}) satisfies z.ZodType<PreviewResult>;

/** A dry run's answer: counts, and a sample of users per outcome. */
export type SyncPreview = z.infer<typeof previewSchema>;

/**
 * Preview: a full round planned against the saved settings, or against `settings` (a draft
 * not saved yet), writing nothing.
 */
export function useSyncPreview() {
  const client = useApiClient();
  return useMutation({
    mutationFn: async (settings: TenantSettings | undefined) =>
      (
        await client.request('/api/sync/preview', {
          method: 'POST',
          body: settings === undefined ? {} : { settings },
          schema: previewSchema,
        })
      ).data,
  });
}
