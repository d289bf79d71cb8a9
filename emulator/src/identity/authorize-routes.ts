import { randomUUID } from 'node:crypto';
import { Router, urlencoded, type Request, type Response } from 'express';
import { accountChoices, findAccount, offeredAccounts, tenantsFor } from './accounts.js';
import { errorPage, hiddenInputs, page } from './html.js';
import { entraErrors } from './entra-errors.js';
import { resolveTenantSegment, type IdentityContext } from './identity-context.js';
import { respondToClient } from './redirects.js';
import type { Grant } from './token-route.js';

type Params = Record<string, string>;
const codeLifetimeMs = 10 * 60 * 1000;

function readParams(req: Request): Params {
  const source: unknown = req.method === 'POST' ? req.body : req.query;
  const params: Params = {};
  if (typeof source === 'object' && source !== null) {
    for (const [key, value] of Object.entries(source))
      if (typeof value === 'string') params[key] = value;
  }
  return params;
}

function responseMode(params: Params): 'query' | 'fragment' | 'form_post' {
  const mode = params['response_mode'];
  return mode === 'fragment' || mode === 'form_post' ? mode : 'query';
}

/**
 * Sign-in (`/{tenant}/oauth2/v2.0/authorize`, authorization code with PKCE): a page to pick
 * a demo account, then a code sent back to the registered redirect URI.
 */
export function authorizeRoutes(context: IdentityContext): Router {
  const router = Router();
  const path = '/:tenant/oauth2/v2.0/authorize';

  const validate = (req: Request, res: Response, params: Params) => {
    const now = new Date(context.now());
    const segment = resolveTenantSegment(context.registry, String(req.params['tenant'] ?? ''));
    const refuse = (code: number, message: string): undefined => {
      res
        .status(400)
        .type('html')
        .send(errorPage(code, message, randomUUID(), now));
      return undefined;
    };
    if (segment.kind === 'unknown') {
      const error = entraErrors.tenantNotFound(segment.name);
      refuse(error.code, error.message);
      return;
    }
    if (params['client_id'] !== context.app.clientId) {
      const error = entraErrors.appNotInTenant(
        params['client_id'] ?? '',
        segment.kind === 'tenant' ? segment.tenant.directory.id : segment.name,
      );
      refuse(error.code, error.message);
      return;
    }
    const redirectUri = params['redirect_uri'] ?? '';
    if (![...context.app.redirectUris, ...context.app.spaRedirectUris].includes(redirectUri)) {
      const error = entraErrors.redirectNotRegistered(redirectUri, context.app.clientId);
      refuse(error.code, error.message);
      return;
    }
    return { tenant: segment.kind === 'tenant' ? segment.tenant : undefined, redirectUri };
  };

  const clientError = (
    res: Response,
    redirectUri: string,
    params: Params,
    error: string,
    description: string,
  ) => {
    const reply: Params = { error, error_description: description };
    if (params['state'] !== undefined) reply['state'] = params['state'];
    respondToClient(res, redirectUri, reply, responseMode(params));
  };

  /** Issues a code for the account and sends it back; what the client asked for rides along sealed in the code. */
  const issueCode = (
    res: Response,
    redirectUri: string,
    params: Params,
    login: string,
    scope: string[],
    tenant: ReturnType<typeof validate>,
  ) => {
    const account = findAccount(tenantsFor(context.registry, tenant?.tenant), login);
    if (account === undefined) {
      clientError(
        res,
        redirectUri,
        params,
        'login_required',
        `AADSTS50058: No account '${login}' was found.`,
      );
      return;
    }
    const grant: Grant = {
      k: 'code',
      jti: randomUUID(),
      tid: account.tenant.directory.id,
      uid: account.user.id,
      scope,
      exp: context.now() + codeLifetimeMs,
      redirectUri,
    };
    if (params['code_challenge'] !== undefined) grant.challenge = params['code_challenge'];
    if (params['code_challenge_method'] !== undefined)
      grant.challengeMethod = params['code_challenge_method'];
    if (params['nonce'] !== undefined) grant.nonce = params['nonce'];
    const reply: Params = {
      code: context.sealer.seal(grant),
      client_info: Buffer.from(
        JSON.stringify({ uid: account.user.id, utid: account.tenant.directory.id }),
      ).toString('base64url'),
      session_state: randomUUID(),
    };
    if (params['state'] !== undefined) reply['state'] = params['state'];
    respondToClient(res, redirectUri, reply, responseMode(params));
  };

  const checkRequest = (
    res: Response,
    redirectUri: string,
    params: Params,
  ): string[] | undefined => {
    if (params['response_type'] !== 'code') {
      clientError(
        res,
        redirectUri,
        params,
        'unsupported_response_type',
        'AADSTS700054: response_type must be code.',
      );
      return undefined;
    }
    const method = params['code_challenge_method'];
    if (
      params['code_challenge'] !== undefined &&
      method !== undefined &&
      method !== 'S256' &&
      method !== 'plain'
    ) {
      clientError(
        res,
        redirectUri,
        params,
        'invalid_request',
        'AADSTS501491: Invalid code_challenge_method.',
      );
      return undefined;
    }
    const scope = (params['scope'] ?? '').split(' ').filter(Boolean);
    if (scope.length === 0) {
      clientError(
        res,
        redirectUri,
        params,
        'invalid_request',
        "AADSTS900144: The request body must contain the following parameter: 'scope'.",
      );
      return undefined;
    }
    return scope;
  };

  router.get(path, (req, res) => {
    const params = readParams(req);
    const valid = validate(req, res, params);
    if (valid === undefined) return;
    const scope = checkRequest(res, valid.redirectUri, params);
    if (scope === undefined) return;
    // Silent sign-in: no page can be shown, so a hint must name the account.
    if (params['prompt'] === 'none') {
      if (params['login_hint'] === undefined) {
        clientError(
          res,
          valid.redirectUri,
          params,
          'login_required',
          'AADSTS50058: A silent sign-in request was sent but no user is signed in.',
        );
        return;
      }
      issueCode(res, valid.redirectUri, params, params['login_hint'], scope, valid);
      return;
    }
    const accounts = offeredAccounts(tenantsFor(context.registry, valid.tenant));
    res.type('html').send(
      page(
        'Sign in to your account',
        `<h1>Pick an account</h1>
<form method="post">
${hiddenInputs(params)}
<fieldset><legend>Demo accounts</legend>${accountChoices(accounts, params['login_hint'])}</fieldset>
<p><label>Or sign in as (user principal name) <input type="text" name="login_other" autocomplete="username"></label></p>
<button type="submit" class="primary">Sign in</button>
</form>`,
      ),
    );
  });

  router.post(path, urlencoded({ extended: false, limit: '16kb' }), (req, res) => {
    const params = readParams(req);
    const valid = validate(req, res, params);
    if (valid === undefined) return;
    const { login, login_other: other, ...original } = params;
    const scope = checkRequest(res, valid.redirectUri, original);
    if (scope === undefined) return;
    issueCode(
      res,
      valid.redirectUri,
      original,
      other !== undefined && other.trim() !== '' ? other.trim() : (login ?? ''),
      scope,
      valid,
    );
  });

  router.get('/:tenant/oauth2/v2.0/logout', (req, res) => {
    const target =
      typeof req.query['post_logout_redirect_uri'] === 'string'
        ? req.query['post_logout_redirect_uri']
        : undefined;
    const allowed =
      target !== undefined &&
      [...context.app.redirectUris, ...context.app.spaRedirectUris].some((uri) =>
        target.startsWith(new URL(uri).origin),
      );
    if (allowed) {
      res.redirect(302, target);
      return;
    }
    res
      .type('html')
      .send(
        page(
          'Signed out',
          '<h1>You signed out of your account</h1><p>It’s a good idea to close all browser windows.</p>',
        ),
      );
  });

  return router;
}
