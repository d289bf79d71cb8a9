import { createHash, randomUUID } from 'node:crypto';
import { Router, urlencoded, type Request } from 'express';
import { z } from 'zod';
import { verifyClientAssertion } from './client-assertion.js';
import { entraErrorBody, entraErrors, type EntraError } from './entra-errors.js';
import { resolveTenantSegment, type IdentityContext } from './identity-context.js';

const graphResources = ['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000'];
const assertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** An authorization code or refresh token, sealed: nothing about a sign-in is stored server-side but single use. */
export const grantSchema = z.object({
  k: z.enum(['code', 'refresh']),
  jti: z.string(),
  tid: z.string(),
  uid: z.string(),
  scope: z.array(z.string()),
  exp: z.number(),
  redirectUri: z.string().optional(),
  challenge: z.string().optional(),
  challengeMethod: z.string().optional(),
  nonce: z.string().optional(),
});
export type Grant = z.infer<typeof grantSchema>;

type Form = Record<string, string | undefined>;
/** A token response body, or the error Entra would answer. */
type Outcome = EntraError | Record<string, unknown>;

function isEntraError(outcome: Outcome): outcome is EntraError {
  return typeof outcome['error'] === 'string' && typeof outcome['code'] === 'number';
}

function readForm(req: Request): Form {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null) return {};
  const form: Form = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') form[key] = value;
  return form;
}

/** `client_secret_basic`: credentials in the Authorization header. */
function basicCredentials(req: Request): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(.+)$/i.exec(req.get('authorization') ?? '');
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return {
    id: decodeURIComponent(decoded.slice(0, colon)),
    secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

/** The token endpoint: client credentials (secret or certificate), authorization code with PKCE, refresh. */
export function tokenRoute(context: IdentityContext): Router {
  const router = Router();
  const usedCodes = new Map<string, number>();

  /** Checks the client's secret or assertion. */
  const authenticateClient = async (
    req: Request,
    form: Form,
    tenantId: string,
    required: boolean,
  ): Promise<{ error: EntraError } | { credential: 'secret' | 'certificate' | 'none' }> => {
    const basic = basicCredentials(req);
    const clientId = form['client_id'] ?? basic?.id;
    if (clientId !== context.app.clientId) {
      return { error: entraErrors.appNotInTenant(clientId ?? '', tenantId) };
    }
    const secret = form['client_secret'] ?? basic?.secret;
    if (secret !== undefined) {
      return secret === context.app.clientSecret
        ? { credential: 'secret' }
        : { error: entraErrors.invalidSecret(clientId) };
    }
    const assertion = form['client_assertion'];
    if (assertion !== undefined && form['client_assertion_type'] === assertionType) {
      const segment = String(req.params['tenant'] ?? '');
      const error = await verifyClientAssertion(assertion, {
        clientId,
        certificates: context.app.certificates,
        audiences: [
          `${context.origin}/${tenantId}/oauth2/v2.0/token`,
          `${context.origin}/${segment}/oauth2/v2.0/token`,
        ],
        now: new Date(context.now()),
      });
      return error === null ? { credential: 'certificate' } : { error };
    }
    return required ? { error: entraErrors.missingCredential() } : { credential: 'none' };
  };

  const clientCredentials = async (req: Request, form: Form): Promise<Outcome> => {
    const segment = resolveTenantSegment(context.registry, String(req.params['tenant'] ?? ''));
    if (segment.kind === 'unknown') return entraErrors.tenantNotFound(segment.name);
    if (segment.kind === 'multi') return entraErrors.tenantRequired();
    const tenant = segment.tenant;
    const scope = form['scope'];
    if (scope === undefined) return entraErrors.missingParameter('scope');
    const auth = await authenticateClient(req, form, tenant.directory.id, true);
    if ('error' in auth) return auth.error;
    if (!tenant.consent.granted)
      return entraErrors.appNotInTenant(context.app.clientId, tenant.directory.displayName);
    const scopes = scope.split(' ').filter(Boolean);
    if (scopes.length !== 1 || !scopes[0]?.endsWith('/.default'))
      return entraErrors.clientCredentialScope(scope);
    const resource = scopes[0].slice(0, -'/.default'.length);
    if (!graphResources.includes(resource))
      return entraErrors.unknownResource(resource, tenant.directory.id);
    const credential = auth.credential === 'certificate' ? 'certificate' : 'secret';
    const issued = await context.issuer.graphAppToken(
      tenant.directory.id,
      tenant.consent.permissions,
      credential,
    );
    return {
      token_type: 'Bearer',
      expires_in: issued.expiresIn,
      ext_expires_in: issued.expiresIn,
      access_token: issued.token,
    };
  };

  /** Tokens for a user: Roster's API (scope `api://…/access_as_user`), or Graph's delegated scopes. */
  const userTokens = async (grant: Grant, requestedScope: string | undefined): Promise<Outcome> => {
    const tenant = context.registry.find(grant.tid);
    const user = tenant?.directory.user(grant.uid);
    if (tenant === undefined || user === undefined) return entraErrors.malformedGrant();
    const scopes =
      requestedScope === undefined ? grant.scope : requestedScope.split(' ').filter(Boolean);
    const apiPrefixes = [
      `${context.app.identifierUri}/`,
      `${context.app.clientId}/`,
      `api://${context.app.clientId}/`,
    ];
    const apiScopes = scopes.flatMap((s) => {
      const prefix = apiPrefixes.find((p) => s.startsWith(p));
      return prefix === undefined ? [] : [s.slice(prefix.length)];
    });
    const graphScopes = scopes.flatMap((s) => {
      const resource = graphResources.find((r) => s.startsWith(`${r}/`));
      return resource === undefined ? [] : [s.slice(resource.length + 1)];
    });
    const wids = tenant.directory.directoryRoles.get(user.user.id) ?? [];
    const access =
      apiScopes.length > 0
        ? await context.issuer.userAccessToken(
            tenant.directory.id,
            user.user,
            wids,
            apiScopes,
            context.app.clientId,
          )
        : await context.issuer.userAccessToken(
            tenant.directory.id,
            user.user,
            wids,
            graphScopes.length > 0 ? graphScopes : ['User.Read'],
            'https://graph.microsoft.com',
          );
    const refresh: Grant = {
      ...grant,
      k: 'refresh',
      jti: randomUUID(),
      exp: context.now() + 24 * 3600 * 1000,
    };
    return {
      token_type: 'Bearer',
      scope: scopes.join(' '),
      expires_in: access.expiresIn,
      ext_expires_in: access.expiresIn,
      access_token: access.token,
      refresh_token: context.sealer.seal(refresh),
      id_token: await context.issuer.idToken(tenant.directory.id, user.user, grant.nonce),
      client_info: Buffer.from(
        JSON.stringify({ uid: user.user.id, utid: tenant.directory.id }),
      ).toString('base64url'),
    };
  };

  const authorizationCode = async (req: Request, form: Form): Promise<Outcome> => {
    const code = form['code'];
    if (code === undefined) return entraErrors.missingParameter('code');
    const parsed = grantSchema.safeParse(context.sealer.open(code));
    if (!parsed.success || parsed.data.k !== 'code') return entraErrors.malformedGrant();
    const grant = parsed.data;
    const auth = await authenticateClient(req, form, grant.tid, false);
    if ('error' in auth) return auth.error;
    if (context.now() > grant.exp) return entraErrors.codeExpired();
    if (usedCodes.has(grant.jti)) return entraErrors.codeRedeemed();
    if (form['redirect_uri'] !== grant.redirectUri) {
      return entraErrors.redirectMismatch(form['redirect_uri'] ?? '', grant.redirectUri ?? '');
    }
    if (grant.challenge !== undefined) {
      const verifier = form['code_verifier'] ?? '';
      const computed =
        grant.challengeMethod === 'plain'
          ? verifier
          : createHash('sha256').update(verifier).digest('base64url');
      if (computed !== grant.challenge) return entraErrors.pkceMismatch();
    }
    usedCodes.set(grant.jti, grant.exp);
    for (const [jti, exp] of usedCodes) if (exp < context.now()) usedCodes.delete(jti);
    return userTokens(grant, undefined);
  };

  const refreshToken = async (req: Request, form: Form): Promise<Outcome> => {
    const parsed = grantSchema.safeParse(context.sealer.open(form['refresh_token'] ?? ''));
    if (!parsed.success || parsed.data.k !== 'refresh') return entraErrors.malformedGrant();
    if (context.now() > parsed.data.exp) return entraErrors.codeExpired();
    const auth = await authenticateClient(req, form, parsed.data.tid, false);
    if ('error' in auth) return auth.error;
    return userTokens(parsed.data, form['scope']);
  };

  const redeem = (req: Request, form: Form): Promise<Outcome> | Outcome => {
    const segment = resolveTenantSegment(context.registry, String(req.params['tenant'] ?? ''));
    if (segment.kind === 'unknown') return entraErrors.tenantNotFound(segment.name);
    const grantType = form['grant_type'];
    switch (grantType) {
      case undefined:
        return entraErrors.missingParameter('grant_type');
      case 'client_credentials':
        return clientCredentials(req, form);
      case 'authorization_code':
        return authorizationCode(req, form);
      case 'refresh_token':
        return refreshToken(req, form);
      default:
        return entraErrors.unsupportedGrant(grantType);
    }
  };

  router.options('/:tenant/oauth2/v2.0/token', (_req, res) => {
    res
      .set('access-control-allow-origin', '*')
      .set('access-control-allow-methods', 'POST, OPTIONS')
      .set('access-control-allow-headers', '*')
      .status(204)
      .end();
  });

  router.post(
    '/:tenant/oauth2/v2.0/token',
    urlencoded({ extended: false, limit: '64kb' }),
    async (req, res) => {
      const outcome = await redeem(req, readForm(req));
      // Single-page apps redeem their codes from the browser.
      res.set({ 'access-control-allow-origin': '*', 'cache-control': 'no-store, no-cache' });
      if (isEntraError(outcome)) {
        res
          .status(outcome.status)
          .json(entraErrorBody(outcome, new Date(context.now()), req.get('client-request-id')));
      } else {
        res.json(outcome);
      }
    },
  );

  return router;
}
