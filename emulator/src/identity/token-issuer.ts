import { createHash, randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { GraphUser } from '../tenant/tenant-data.js';
import type { AppRegistration } from './app-registration.js';
import type { SigningKeys } from './signing-keys.js';

/** A GUID derived from its inputs, for ids that must be stable across runs (service principals). */
export function stableGuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('|')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface IssuedToken {
  token: string;
  expiresIn: number;
}

export interface TokenIssuerOptions {
  keys: SigningKeys;
  app: AppRegistration;
  origin: string;
  now: () => number;
  lifetimeSeconds: number;
}

/** Mints the tokens Entra would: app-only Graph tokens, and tokens for a signed-in user. */
export class TokenIssuer {
  constructor(private readonly options: TokenIssuerOptions) {}

  /** The v2.0 issuer of a tenant, on the emulator's origin: `https://127.0.0.1:PORT/{tid}/v2.0`. */
  issuer(tenantId: string): string {
    return `${this.options.origin}/${tenantId}/v2.0`;
  }

  /** An app-only token for Graph (v1.0 format, as Graph's tokens are). */
  async graphAppToken(
    tenantId: string,
    roles: readonly string[],
    credential: 'secret' | 'certificate',
  ): Promise<IssuedToken> {
    const { app } = this.options;
    const servicePrincipal = stableGuid('service-principal', tenantId, app.clientId);
    const claims: JWTPayload = {
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${tenantId}/`,
      ...this.times(),
      app_displayname: app.displayName,
      appid: app.clientId,
      appidacr: credential === 'secret' ? '1' : '2',
      idp: `https://sts.windows.net/${tenantId}/`,
      idtyp: 'app',
      oid: servicePrincipal,
      sub: servicePrincipal,
      tid: tenantId,
      uti: randomUUID(),
      ver: '1.0',
    };
    // Entra leaves `roles` out when nothing was granted.
    if (roles.length > 0) claims['roles'] = [...roles];
    return { token: await this.options.keys.sign(claims), expiresIn: this.options.lifetimeSeconds };
  }

  /** A delegated token for a signed-in user: for Roster's API (`aud` = client id) or for Graph. */
  async userAccessToken(
    tenantId: string,
    user: GraphUser,
    wids: readonly string[],
    scopes: readonly string[],
    audience: string,
  ): Promise<IssuedToken> {
    const claims: JWTPayload = {
      aud: audience,
      iss: this.issuer(tenantId),
      ...this.times(),
      azp: this.options.app.clientId,
      azpacr: '0',
      name: typeof user['displayName'] === 'string' ? user['displayName'] : user.userPrincipalName,
      oid: user.id,
      preferred_username: user.userPrincipalName,
      scp: scopes.join(' '),
      sub: stableGuid('subject', tenantId, user.id, this.options.app.clientId),
      tid: tenantId,
      uti: randomUUID(),
      ver: '2.0',
      wids: [...wids],
    };
    return { token: await this.options.keys.sign(claims), expiresIn: this.options.lifetimeSeconds };
  }

  /** The OpenID Connect id token of a sign-in. */
  async idToken(tenantId: string, user: GraphUser, nonce: string | undefined): Promise<string> {
    const claims: JWTPayload = {
      aud: this.options.app.clientId,
      iss: this.issuer(tenantId),
      ...this.times(),
      name: typeof user['displayName'] === 'string' ? user['displayName'] : user.userPrincipalName,
      oid: user.id,
      preferred_username: user.userPrincipalName,
      sub: stableGuid('subject', tenantId, user.id, this.options.app.clientId),
      tid: tenantId,
      ver: '2.0',
    };
    if (nonce !== undefined) claims['nonce'] = nonce;
    return this.options.keys.sign(claims);
  }

  /** Signs arbitrary claims: the control plane's way to make expired or odd tokens for tests. */
  signRaw(claims: JWTPayload): Promise<string> {
    return this.options.keys.sign(claims);
  }

  private times(): { iat: number; nbf: number; exp: number } {
    const now = Math.floor(this.options.now() / 1000);
    return { iat: now, nbf: now, exp: now + this.options.lifetimeSeconds };
  }
}
