import { z } from 'zod';

const guid = z.string().regex(/^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i, 'must be a GUID');

const httpsUrl = z
  .string()
  .refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:', {
    error: 'must be an https:// URL',
  });

/** A host name as Teams and Entra ID take it: lower case (Android refuses upper case), no scheme. */
const hostName = z
  .string()
  .regex(
    /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/,
    {
      error: 'must be a lower-case host name without scheme or path (e.g. roster.example.com)',
    },
  );

/**
 * The values the Teams app manifest's placeholders take, and what each must look like.
 * Every one must be set; only the name suffix may be empty (production has none).
 */
export const manifestVariablesSchema = z
  .object({
    TEAMS_APP_ID: guid,
    APP_NAME_SUFFIX: z.string().max(20, 'must have at most 20 characters'),
    AAD_APP_CLIENT_ID: guid,
    BOT_ID: guid,
    TAB_DOMAIN: hostName,
    TAB_ENDPOINT: httpsUrl.refine((value) => !value.endsWith('/'), {
      error: 'must not end with a slash',
    }),
    DEVELOPER_NAME: z.string().min(1, 'must be set').max(32, 'must have at most 32 characters'),
    WEBSITE_URL: httpsUrl,
    PRIVACY_URL: httpsUrl,
    TERMS_URL: httpsUrl,
  })
  .refine((v) => !URL.canParse(v.TAB_ENDPOINT) || new URL(v.TAB_ENDPOINT).host === v.TAB_DOMAIN, {
    path: ['TAB_ENDPOINT'],
    error: 'must be https://{TAB_DOMAIN}: the tab, the API and the SSO resource share one host',
  });

const provision = (environment: string) =>
  `provision writes it (atk provision --env ${environment})`;
const fromInfra = (what: string) => (environment: string) =>
  `provision writes it from infra/'s outputs (atk provision --env ${environment}); for a local run, set the dev tunnel's ${what}`;

/** Who gives a variable its value, for the variables the operator does not set by hand. */
export const provisionedVariables: Readonly<Record<string, (environment: string) => string>> = {
  TEAMS_APP_ID: provision,
  AAD_APP_CLIENT_ID: provision,
  BOT_ID: provision,
  TAB_DOMAIN: fromInfra('host'),
  TAB_ENDPOINT: fromInfra('URL'),
};
