import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { useApiClient } from '../api/api-client-context';
import type { ConsentResult, ConsentWindow } from './open-consent';

const linkSchema = z.object({ consentUrl: z.url() });

/**
 * Link Entra ID Account: asks the API for the admin-consent URL, completes consent in the
 * window the caller opened (`startConsent`), then refetches everything the link changes.
 */
export function useLinkTenant() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (consent: ConsentWindow): Promise<ConsentResult> => {
      let consentUrl: string;
      try {
        consentUrl = (
          await client.request('/api/tenant/link', { method: 'POST', schema: linkSchema })
        ).data.consentUrl;
      } catch (error) {
        consent.abandon();
        throw error;
      }
      return consent.complete(consentUrl);
    },
    onSettled: () => queryClient.invalidateQueries(),
  });
}

/** Unlink; `deleteData` also deletes the stored directory and run history. */
export function useUnlinkTenant() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ deleteData }: { deleteData: boolean }) => {
      await client.request(`/api/tenant/link?deleteData=${String(deleteData)}`, {
        method: 'DELETE',
      });
    },
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
