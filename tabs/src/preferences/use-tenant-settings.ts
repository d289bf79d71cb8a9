import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { useApiClient } from '../api/api-client-context';
import { ApiError } from '../api/client';
import { tenantSettingsSchema, type TenantSettings } from './settings-schema';

const tenantSchema = z.object({
  tenantId: z.string(),
  displayName: z.string(),
  linkedAt: z.string(),
  linkedBy: z.object({ userId: z.string(), name: z.string() }).nullable(),
  settings: tenantSettingsSchema,
});

/** The linked tenant as `GET /api/tenant` answers it. */
export type LinkedTenant = z.infer<typeof tenantSchema>;

/** The tenant with the ETag its settings must be saved against. */
export interface TenantWithEtag {
  readonly tenant: LinkedTenant;
  readonly etag: string | null;
}

/** The query key of the tenant and its settings. */
export const tenantQueryKey = ['preferences', 'tenant'] as const;

/** Whether an error means the tenant is not linked to Roster (yet, or any more). */
export function isNotLinked(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'tenant_not_linked';
}

/** The linked tenant and its settings, with their ETag (`GET /api/tenant`). */
export function useTenant() {
  const client = useApiClient();
  return useQuery({
    queryKey: tenantQueryKey,
    queryFn: async (): Promise<TenantWithEtag> => {
      const { data, headers } = await client.request('/api/tenant', { schema: tenantSchema });
      return { tenant: data, etag: headers.get('etag') };
    },
    // A tenant that is not linked answers 404: that is an answer, not a failure to retry.
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}

/** What a save sends: the validated settings and the ETag they were edited from. */
export interface SaveSettingsInput {
  readonly settings: TenantSettings;
  readonly etag: string | null;
}

const savedSchema = z.object({ settings: tenantSettingsSchema });

/**
 * Saves settings with `If-Match`: a 412 (`settings_changed`) means someone saved in between,
 * a 400 (`invalid_request`) names the offending fields in `details`.
 */
export function useSaveSettings() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ settings, etag }: SaveSettingsInput) => {
      if (etag === null) {
        throw new ApiError(
          428,
          'precondition_required',
          'Roster did not say which version of the settings this is. Reload and try again.',
        );
      }
      const { data, headers } = await client.request('/api/tenant/settings', {
        method: 'PUT',
        body: settings,
        headers: { 'if-match': etag },
        schema: savedSchema,
      });
      return { settings: data.settings, etag: headers.get('etag') };
    },
    onSuccess: async (saved) => {
      queryClient.setQueryData<TenantWithEtag>(tenantQueryKey, (old) =>
        old === undefined
          ? old
          : { tenant: { ...old.tenant, settings: saved.settings }, etag: saved.etag },
      );
      // Columns, the schedule and the dashboard read these settings too.
      await queryClient.invalidateQueries({
        predicate: (query) => query.queryKey[0] !== tenantQueryKey[0],
      });
    },
  });
}
