import { Router } from 'express';
import { entraErrorBody, entraErrors } from './entra-errors.js';
import { resolveTenantSegment, type IdentityContext } from './identity-context.js';

/** OpenID Connect discovery, JWKS and MSAL's instance discovery, as Entra serves them. */
export function discoveryRoutes(context: IdentityContext): Router {
  const router = Router();
  const { origin } = context;

  router.use((_req, res, next) => {
    // Browsers (MSAL in the tab) read these cross-origin.
    res.set('access-control-allow-origin', '*');
    res.set('access-control-allow-methods', 'GET, OPTIONS');
    next();
  });

  router.get('/common/discovery/instance', (_req, res) => {
    const host = new URL(origin).host;
    res.json({
      tenant_discovery_endpoint: `${origin}/{tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  });

  router.get('/:tenant/v2.0/.well-known/openid-configuration', (req, res) => {
    const segment = resolveTenantSegment(context.registry, req.params.tenant);
    if (segment.kind === 'unknown') {
      const error = entraErrors.tenantNotFound(segment.name);
      res.status(error.status).json(entraErrorBody(error, new Date(context.now()), undefined));
      return;
    }
    const path = segment.kind === 'tenant' ? segment.tenant.directory.id : segment.name;
    const issuer =
      segment.kind === 'tenant' ? context.issuer.issuer(path) : `${origin}/{tenantid}/v2.0`;
    res.set('cache-control', 'max-age=86400, private').json({
      token_endpoint: `${origin}/${path}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: [
        'client_secret_post',
        'private_key_jwt',
        'client_secret_basic',
      ],
      jwks_uri: `${origin}/${path}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${origin}/oidc/userinfo`,
      authorization_endpoint: `${origin}/${path}/oauth2/v2.0/authorize`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${origin}/${path}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'at_hash',
        'c_hash',
        'email',
      ],
      tenant_region_scope: segment.kind === 'tenant' ? 'EU' : null,
      cloud_instance_name: 'microsoftonline.com',
      msgraph_host: new URL(origin).host,
    });
  });

  router.get('/:tenant/discovery/v2.0/keys', (req, res) => {
    const segment = resolveTenantSegment(context.registry, req.params.tenant);
    if (segment.kind === 'unknown') {
      const error = entraErrors.tenantNotFound(segment.name);
      res.status(error.status).json(entraErrorBody(error, new Date(context.now()), undefined));
      return;
    }
    res.json(context.keys.jwks(`${origin}/{tenantid}/v2.0`));
  });

  return router;
}
