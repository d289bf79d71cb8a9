import { z } from 'zod';

/** What `GET /auth/client-config` answers: how the tab signs in outside Teams. */
export const clientConfigSchema = z.object({
  clientId: z.string().min(1),
  authority: z.url(),
  knownAuthorities: z.array(z.string()),
  scopes: z.array(z.string().min(1)).min(1),
});
export type ClientConfig = z.infer<typeof clientConfigSchema>;

/** Reads the sign-in configuration from the server that served the tab. */
export async function loadClientConfig(fetchImpl: typeof fetch = fetch): Promise<ClientConfig> {
  const response = await fetchImpl('/auth/client-config', {
    headers: { accept: 'application/json' },
  });
  if (!response.ok)
    throw new Error(`Roster's sign-in settings are unavailable (${response.status}).`);
  return clientConfigSchema.parse(await response.json());
}
