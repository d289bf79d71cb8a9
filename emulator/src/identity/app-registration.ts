import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** The permissions Roster's app registration asks for, as in its Entra manifest. */
export const rosterPermissions = [
  'User.Read.All',
  'Organization.Read.All',
  'GroupMember.Read.All',
  'MailboxSettings.Read',
  'Place.Read.All',
] as const;

/** Roster's demo app id in the emulator. Not a secret: app ids are public in every token. */
export const demoClientId = '7d0c9e4a-52b3-4c8e-9f1d-3a6b2e8c4f10';

export const appRegistrationSchema = z
  .object({
    clientId: z.uuid(),
    clientSecret: z.string().min(16),
    displayName: z.string().min(1),
    /** The API's application id URI; `scp` tokens for it carry `aud` = clientId. */
    identifierUri: z.string().min(1),
    /** Web redirect URIs (admin consent callback, confidential sign-in). Exact match. */
    redirectUris: z.array(z.url()),
    /** Single-page-app redirect URIs (sign-in from the tab outside Teams). Exact match. */
    spaRedirectUris: z.array(z.url()),
    /** Application permissions the app requires; granted together at admin consent. */
    permissions: z.array(z.string().min(1)),
    /** PEM certificates whose keys may sign client assertions. */
    certificates: z.array(z.string().includes('BEGIN CERTIFICATE')),
  })
  .strict();

export type AppRegistration = z.infer<typeof appRegistrationSchema>;

/** The demo registration, with a secret made fresh for each run so none lives in the repository. */
export function demoAppRegistration(overrides: Partial<AppRegistration> = {}): AppRegistration {
  return appRegistrationSchema.parse({
    clientId: demoClientId,
    clientSecret: randomBytes(24).toString('base64url'),
    displayName: 'Roster',
    identifierUri: `api://localhost/${demoClientId}`,
    redirectUris: [
      'https://localhost:3978/auth/consent/callback',
      'http://localhost:3978/auth/consent/callback',
    ],
    spaRedirectUris: ['http://localhost:3978/', 'https://localhost:3978/'],
    permissions: [...rosterPermissions],
    certificates: [],
    ...overrides,
  });
}
