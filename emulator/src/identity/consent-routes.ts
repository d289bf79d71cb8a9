import { randomUUID } from 'node:crypto';
import { Router, urlencoded, type Request, type Response } from 'express';
import {
  accountChoices,
  canConsent,
  findAccount,
  offeredAccounts,
  tenantsFor,
} from './accounts.js';
import { entraErrorDescription, entraErrors } from './entra-errors.js';
import { errorPage, escapeHtml, hiddenInputs, page } from './html.js';
import { resolveTenantSegment, type IdentityContext } from './identity-context.js';
import { respondToClient } from './redirects.js';

const permissionDescriptions: Record<string, string> = {
  'User.Read.All': "Read all users' full profiles",
  'Organization.Read.All': 'Read organization information',
  'GroupMember.Read.All': 'Read all group memberships',
  'MailboxSettings.Read': "Read all users' mailbox settings",
  'Place.Read.All': 'Read all company places',
};

type Params = Record<string, string>;

function readParams(req: Request): Params {
  const source: unknown = req.method === 'POST' ? req.body : req.query;
  const params: Params = {};
  if (typeof source === 'object' && source !== null) {
    for (const [key, value] of Object.entries(source))
      if (typeof value === 'string') params[key] = value;
  }
  return params;
}

/**
 * Admin consent (`/{tenant}/v2.0/adminconsent`): a page where an administrator approves or
 * cancels; approval records consent for the admin's tenant and redirects with
 * `admin_consent=True&tenant&scope&state`, cancel with `error=access_denied`.
 */
export function consentRoutes(context: IdentityContext): Router {
  const router = Router();
  const path = '/:tenant/v2.0/adminconsent';

  /** Checks what must hold before anything can be sent to the redirect URI; an error page otherwise. */
  const validate = (req: Request, res: Response, params: Params) => {
    const now = new Date(context.now());
    const requestId = randomUUID();
    const segment = resolveTenantSegment(context.registry, String(req.params['tenant'] ?? ''));
    if (segment.kind === 'unknown') {
      const error = entraErrors.tenantNotFound(segment.name);
      res
        .status(400)
        .type('html')
        .send(errorPage(error.code, error.message, requestId, now));
      return undefined;
    }
    if (params['client_id'] !== context.app.clientId) {
      const error = entraErrors.appNotInTenant(
        params['client_id'] ?? '',
        segment.kind === 'tenant' ? segment.tenant.directory.id : segment.name,
      );
      res
        .status(400)
        .type('html')
        .send(errorPage(error.code, error.message, requestId, now));
      return undefined;
    }
    const redirectUri = params['redirect_uri'] ?? '';
    if (!context.app.redirectUris.includes(redirectUri)) {
      const error = entraErrors.redirectNotRegistered(redirectUri, context.app.clientId);
      res
        .status(400)
        .type('html')
        .send(errorPage(error.code, error.message, requestId, now));
      return undefined;
    }
    return { segment, redirectUri };
  };

  const declined = (
    res: Response,
    redirectUri: string,
    params: Params,
    code: number,
    message: string,
  ): void => {
    const reply: Params = {
      error: 'access_denied',
      error_description: entraErrorDescription(code, message, new Date(context.now())),
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
      admin_consent: 'True',
    };
    // Entra adds error_subcode=cancel when the user cancels, so clients can tell it from a refusal.
    if (code === 65004) reply['error_subcode'] = 'cancel';
    if (params['state'] !== undefined) reply['state'] = params['state'];
    respondToClient(res, redirectUri, reply);
  };

  router.get(path, (req, res) => {
    const params = readParams(req);
    const valid = validate(req, res, params);
    if (valid === undefined) return;
    const tenant = valid.segment.kind === 'tenant' ? valid.segment.tenant : undefined;
    const admins = offeredAccounts(tenantsFor(context.registry, tenant), 0).filter(canConsent);
    const permissions = context.app.permissions
      .map(
        (p) =>
          `<li>${escapeHtml(permissionDescriptions[p] ?? p)} <span class="note">(${escapeHtml(p)})</span></li>`,
      )
      .join('');
    res.type('html').send(
      page(
        'Permissions requested',
        `<h1>Permissions requested</h1>
<p><strong>${escapeHtml(context.app.displayName)}</strong> would like to:</p>
<ul>${permissions}</ul>
<form method="post">
${hiddenInputs(params)}
<fieldset><legend>Sign in as an administrator</legend>${accountChoices(admins, params['login_hint'])}</fieldset>
<p class="note">Accepting grants these permissions for your whole organization. Nobody else will be asked.</p>
<button type="submit" name="decision" value="cancel">Cancel</button>
<button type="submit" name="decision" value="accept" class="primary">Accept</button>
</form>`,
      ),
    );
  });

  router.post(path, urlencoded({ extended: false, limit: '16kb' }), (req, res) => {
    const params = readParams(req);
    const valid = validate(req, res, params);
    if (valid === undefined) return;
    const { decision, login, ...original } = params;
    if (decision !== 'accept') {
      declined(
        res,
        valid.redirectUri,
        original,
        65004,
        'User declined to consent to access the app.',
      );
      return;
    }
    const tenant = valid.segment.kind === 'tenant' ? valid.segment.tenant : undefined;
    const account = findAccount(tenantsFor(context.registry, tenant), login ?? '');
    if (account === undefined || !canConsent(account)) {
      declined(
        res,
        valid.redirectUri,
        original,
        90094,
        'Admin consent is required: this account cannot grant consent for the organization.',
      );
      return;
    }
    account.tenant.consent = { granted: true, permissions: [...context.app.permissions] };
    const reply: Params = {
      admin_consent: 'True',
      tenant: account.tenant.directory.id,
      scope: original['scope'] ?? 'https://graph.microsoft.com/.default',
    };
    if (original['state'] !== undefined) reply['state'] = original['state'];
    respondToClient(res, valid.redirectUri, reply);
  });

  return router;
}
