import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * Roster's configuration: one zod schema over the environment (and `.env` when present),
 * parsed once at start. The only module that reads `process.env`.
 */
/** A comma-separated list; blanks around and between items ignored, empty when unset. */
const commaList = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );

const integer = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const existingFile = z
  .string()
  .min(1)
  .refine((file) => existsSync(file), 'file does not exist');

/** The repository's `tabs/dist`, found from this file, so it holds whatever the working directory. */
const builtTabDir = fileURLToPath(new URL('../../tabs/dist', import.meta.url));

const configSchema = z
  .object({
    ROSTER_AUTHORITY_HOST: z.url().default('https://login.microsoftonline.com'),
    ROSTER_GRAPH_BASE_URL: z.url().default('https://graph.microsoft.com'),
    ROSTER_CLIENT_ID: z.uuid("must be the app registration's client id (a GUID)"),
    ROSTER_CLIENT_SECRET: z.string().min(1, 'must be set'),
    /** Extra CA certificate to trust (the emulator's, locally). */
    ROSTER_CA_FILE: existingFile.optional(),
    ROSTER_DATA_DIR: z.string().min(1).default('.roster-data'),
    /** `embedded` (SQLite in ROSTER_DATA_DIR) or `cosmos` (Azure Cosmos DB). */
    ROSTER_STORE: z.enum(['embedded', 'cosmos']).default('embedded'),
    ROSTER_COSMOS_ENDPOINT: z.url().optional(),
    /** Only for a local Cosmos-protocol peer: production signs in with its managed identity. */
    ROSTER_COSMOS_KEY: z.string().min(1).optional(),
    ROSTER_COSMOS_DATABASE: z.string().min(1).max(255).default('roster'),
    ROSTER_GRAPH_PAGE_SIZE: integer(1, 999, 999),
    ROSTER_RETRY_BUDGET: integer(0, 10_000, 50),
    ROSTER_RETRY_BASE_MS: integer(1, 60_000, 500),
    ROSTER_RETRY_MAX_MS: integer(1, 600_000, 60_000),
    ROSTER_RUN_HISTORY_DAYS: integer(1, 3650, 90),
    /** Where the API listens. */
    ROSTER_PORT: integer(0, 65535, 3978),
    ROSTER_HOST: z.string().min(1).default('127.0.0.1'),
    /** Extra accepted `aud` values besides the client id (the `api://…` App ID URI). */
    ROSTER_API_AUDIENCES: commaList,
    /** Directory role template ids that make a user a Roster admin (default: the three admin roles). */
    ROSTER_ADMIN_ROLE_IDS: commaList.pipe(
      z.array(z.uuid('must be directory role template ids (GUIDs)')),
    ),
    /** Where browsers reach Roster; admin consent returns to `${url}/auth/consent/callback`. */
    ROSTER_PUBLIC_URL: z.url().optional(),
    ROSTER_TEAMS_APP_ID: z.uuid("must be the Teams app's id (a GUID)").optional(),
    /** Signs consent `state`s; instances behind one URL must share it (random per process if unset). */
    ROSTER_STATE_SECRET: z.string().min(32, 'must have at least 32 characters').optional(),
    ROSTER_SCHEDULER: z.enum(['on', 'off']).default('on'),
    ROSTER_SCHEDULER_CONCURRENCY: integer(1, 64, 4),
    /** Requests to `/api` per minute and burst, per user and per tenant; a rate of 0 is no limit. */
    ROSTER_RATE_LIMIT_USER_PER_MINUTE: integer(0, 1_000_000, 600),
    ROSTER_RATE_LIMIT_USER_BURST: integer(1, 1_000_000, 100),
    ROSTER_RATE_LIMIT_TENANT_PER_MINUTE: integer(0, 10_000_000, 3000),
    ROSTER_RATE_LIMIT_TENANT_BURST: integer(1, 10_000_000, 500),
    /** Admin-consent answers per minute per client address (it is reached without a token). */
    ROSTER_RATE_LIMIT_CONSENT_PER_MINUTE: integer(0, 100_000, 20),
    /** Reverse proxies in front of Roster: their `X-Forwarded-For` names the client address. */
    ROSTER_TRUST_PROXY_HOPS: integer(0, 10, 0),
    /** The built tab (Vite's output) that Roster serves at `/`. */
    ROSTER_TAB_DIR: z
      .string()
      .min(1)
      .default(builtTabDir)
      .transform((dir) => resolve(dir)),
    /** The bot's app id (its Azure Bot resource); unset, the bot runs in the SDK's local mode. */
    ROSTER_BOT_ID: z.uuid("must be the bot's app id (a GUID)").optional(),
    /** The tenant of the bot's app registration (single-tenant or managed identity bots). */
    ROSTER_BOT_TENANT_ID: z.uuid('must be a tenant id (a GUID)').optional(),
    ROSTER_BOT_PASSWORD: z.string().min(1).optional(),
    /** A certificate instead of a password: the PEM certificate and its private key. */
    ROSTER_BOT_CERT_PEM_FILE: existingFile.optional(),
    ROSTER_BOT_CERT_KEY_FILE: existingFile.optional(),
  })
  .refine((c) => c.ROSTER_STORE !== 'cosmos' || c.ROSTER_COSMOS_ENDPOINT !== undefined, {
    path: ['ROSTER_COSMOS_ENDPOINT'],
    error: 'is required when ROSTER_STORE is cosmos',
  })
  .superRefine((c, ctx) => {
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    const credentials = [
      'ROSTER_BOT_TENANT_ID',
      'ROSTER_BOT_PASSWORD',
      'ROSTER_BOT_CERT_PEM_FILE',
      'ROSTER_BOT_CERT_KEY_FILE',
    ] as const;
    if (c.ROSTER_BOT_ID === undefined) {
      for (const name of credentials) {
        if (c[name] !== undefined) problem(name, 'needs ROSTER_BOT_ID');
      }
      return;
    }
    // Azure Bot Service registers new bots single-tenant or with a managed identity: both
    // sign in against the bot's own tenant.
    if (c.ROSTER_BOT_TENANT_ID === undefined)
      problem('ROSTER_BOT_TENANT_ID', 'is required with ROSTER_BOT_ID');
    const certificate =
      c.ROSTER_BOT_CERT_PEM_FILE !== undefined || c.ROSTER_BOT_CERT_KEY_FILE !== undefined;
    if (certificate && c.ROSTER_BOT_PASSWORD !== undefined) {
      problem('ROSTER_BOT_PASSWORD', 'set a password or a certificate, not both');
    }
    if (certificate && c.ROSTER_BOT_CERT_PEM_FILE === undefined) {
      problem('ROSTER_BOT_CERT_PEM_FILE', 'is required with ROSTER_BOT_CERT_KEY_FILE');
    }
    if (certificate && c.ROSTER_BOT_CERT_KEY_FILE === undefined) {
      problem('ROSTER_BOT_CERT_KEY_FILE', 'is required with ROSTER_BOT_CERT_PEM_FILE');
    }
  });

export interface RosterConfig {
  readonly authorityHost: string;
  readonly graphBaseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly caFile: string | undefined;
  readonly dataDir: string;
  readonly store:
    | { readonly kind: 'embedded' }
    | {
        readonly kind: 'cosmos';
        readonly endpoint: string;
        readonly key?: string;
        readonly database: string;
      };
  readonly graphPageSize: number;
  readonly retry: { budget: number; baseDelayMs: number; maxDelayMs: number };
  readonly runHistoryDays: number;
  readonly http: { readonly port: number; readonly host: string };
  /** Accepted audiences of API tokens: the client id first. */
  readonly apiAudiences: readonly string[];
  /** Empty: the defaults (Global, Application and Cloud Application Administrator). */
  readonly adminRoleIds: readonly string[];
  readonly scheduler: { readonly enabled: boolean; readonly concurrency: number };
  /** Public base URL; undefined means `http://{host}:{port}`. */
  readonly publicUrl: string | undefined;
  /** The Teams app's id (the manifest's, or the org catalog's): cards link into the tab. */
  readonly teamsAppId: string | undefined;
  readonly stateSecret: string | undefined;
  /** Requests per minute and burst; `perMinute: 0` is no limit (load benchmarks). */
  readonly rateLimits: {
    readonly user: RateLimitConfig;
    readonly tenant: RateLimitConfig;
    readonly consent: RateLimitConfig;
  };
  /** How many reverse proxies' `X-Forwarded-For` entries to trust for the client address. */
  readonly trustProxyHops: number;
  /** Absolute path of the built tab; it may not exist yet. */
  readonly tabDir: string;
  readonly bot: BotConfig;
}

/**
 * How the bot authenticates: with its app registration's credentials (incoming activities
 * carry a Bot Framework or Entra token, outgoing ones get one), or anonymously, the SDK's
 * local mode for the Agents Playground, which its JWT check allows only outside production.
 */
export type BotConfig =
  | { readonly kind: 'anonymous' }
  | {
      readonly kind: 'authenticated';
      readonly appId: string;
      readonly tenantId: string;
      readonly credential: BotCredential;
    };

/** A password, a certificate, or neither: the bot's user-assigned managed identity. */
export type BotCredential =
  | { readonly kind: 'secret'; readonly secret: string }
  | { readonly kind: 'certificate'; readonly certPemFile: string; readonly certKeyFile: string }
  | { readonly kind: 'managedIdentity' };

export interface RateLimitConfig {
  readonly perMinute: number;
  readonly burst: number;
}

/** Every problem with the configuration at once, one per line. */
export class ConfigError extends Error {
  readonly code = 'invalid_config';
  constructor(readonly problems: readonly string[]) {
    super(`Roster's configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses a configuration from an environment (by default this process's, plus `.env`). */
export function loadConfig(env: Record<string, string | undefined> = processEnv()): RosterConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const c = parsed.data;
  return {
    authorityHost: c.ROSTER_AUTHORITY_HOST,
    graphBaseUrl: c.ROSTER_GRAPH_BASE_URL,
    clientId: c.ROSTER_CLIENT_ID,
    clientSecret: c.ROSTER_CLIENT_SECRET,
    caFile: c.ROSTER_CA_FILE,
    dataDir: c.ROSTER_DATA_DIR,
    store:
      c.ROSTER_STORE === 'cosmos' && c.ROSTER_COSMOS_ENDPOINT !== undefined
        ? {
            kind: 'cosmos',
            endpoint: c.ROSTER_COSMOS_ENDPOINT,
            database: c.ROSTER_COSMOS_DATABASE,
            ...(c.ROSTER_COSMOS_KEY === undefined ? {} : { key: c.ROSTER_COSMOS_KEY }),
          }
        : { kind: 'embedded' },
    graphPageSize: c.ROSTER_GRAPH_PAGE_SIZE,
    retry: {
      budget: c.ROSTER_RETRY_BUDGET,
      baseDelayMs: c.ROSTER_RETRY_BASE_MS,
      maxDelayMs: c.ROSTER_RETRY_MAX_MS,
    },
    runHistoryDays: c.ROSTER_RUN_HISTORY_DAYS,
    http: { port: c.ROSTER_PORT, host: c.ROSTER_HOST },
    apiAudiences: [c.ROSTER_CLIENT_ID, ...c.ROSTER_API_AUDIENCES],
    adminRoleIds: c.ROSTER_ADMIN_ROLE_IDS,
    publicUrl: c.ROSTER_PUBLIC_URL?.replace(/\/+$/, ''),
    teamsAppId: c.ROSTER_TEAMS_APP_ID,
    stateSecret: c.ROSTER_STATE_SECRET,
    scheduler: {
      enabled: c.ROSTER_SCHEDULER === 'on',
      concurrency: c.ROSTER_SCHEDULER_CONCURRENCY,
    },
    rateLimits: {
      user: {
        perMinute: c.ROSTER_RATE_LIMIT_USER_PER_MINUTE,
        burst: c.ROSTER_RATE_LIMIT_USER_BURST,
      },
      tenant: {
        perMinute: c.ROSTER_RATE_LIMIT_TENANT_PER_MINUTE,
        burst: c.ROSTER_RATE_LIMIT_TENANT_BURST,
      },
      // A consent answer is one request per admin; ten at once is already generous.
      consent: { perMinute: c.ROSTER_RATE_LIMIT_CONSENT_PER_MINUTE, burst: 10 },
    },
    trustProxyHops: c.ROSTER_TRUST_PROXY_HOPS,
    tabDir: c.ROSTER_TAB_DIR,
    bot:
      c.ROSTER_BOT_ID === undefined || c.ROSTER_BOT_TENANT_ID === undefined
        ? { kind: 'anonymous' }
        : {
            kind: 'authenticated',
            appId: c.ROSTER_BOT_ID,
            tenantId: c.ROSTER_BOT_TENANT_ID,
            credential: botCredential(c),
          },
  };
}

function botCredential(c: {
  ROSTER_BOT_PASSWORD?: string | undefined;
  ROSTER_BOT_CERT_PEM_FILE?: string | undefined;
  ROSTER_BOT_CERT_KEY_FILE?: string | undefined;
}): BotCredential {
  if (c.ROSTER_BOT_PASSWORD !== undefined) return { kind: 'secret', secret: c.ROSTER_BOT_PASSWORD };
  if (c.ROSTER_BOT_CERT_PEM_FILE !== undefined && c.ROSTER_BOT_CERT_KEY_FILE !== undefined) {
    return {
      kind: 'certificate',
      certPemFile: c.ROSTER_BOT_CERT_PEM_FILE,
      certKeyFile: c.ROSTER_BOT_CERT_KEY_FILE,
    };
  }
  return { kind: 'managedIdentity' };
}

function processEnv(): Record<string, string | undefined> {
  // `.env` fills in what the environment leaves unset; the environment wins.
  if (existsSync('.env')) process.loadEnvFile('.env');
  return process.env;
}
