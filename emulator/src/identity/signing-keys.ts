import { createHash, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { exportJWK, SignJWT, type JWK, type JWTPayload } from 'jose';

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: JWK;
}

/**
 * The RSA keys the emulator signs tokens with. Newest first; older keys stay published in
 * the JWKS after a rotation so tokens already issued keep validating, as Entra does.
 */
export class SigningKeys {
  private keys: SigningKey[] = [];

  private constructor() {}

  static async create(): Promise<SigningKeys> {
    const keys = new SigningKeys();
    await keys.rotate();
    return keys;
  }

  /** Adds a new signing key and makes it the one used for new tokens; returns its kid. */
  async rotate(): Promise<string> {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { n, e } = await exportJWK(publicKey);
    if (n === undefined || e === undefined) throw new Error('RSA key export lost its modulus');
    const der = publicKey.export({ format: 'der', type: 'spki' });
    // Entra's kid and x5t are the base64url SHA-1 thumbprint of the signing certificate.
    const kid = createHash('sha1').update(der).update(randomUUID()).digest('base64url');
    const jwk: JWK = { kty: 'RSA', use: 'sig', kid, x5t: kid, n, e };
    this.keys.unshift({ kid, privateKey, jwk });
    return kid;
  }

  /** The public keys as Entra publishes them at `discovery/v2.0/keys`. */
  jwks(issuer?: string): { keys: JWK[] } {
    return {
      keys: this.keys.map((key) => (issuer === undefined ? key.jwk : { ...key.jwk, issuer })),
    };
  }

  /** Signs claims as an RS256 JWT with the current key. */
  async sign(claims: JWTPayload): Promise<string> {
    const key = this.keys[0];
    if (key === undefined) throw new Error('no signing key');
    return new SignJWT(claims)
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: key.kid, x5t: key.kid })
      .sign(key.privateKey);
  }

  /** The public key for a kid, for verifying tokens that come back to the emulator. */
  publicJwk(kid: string): JWK | undefined {
    return this.keys.find((key) => key.kid === kid)?.jwk;
  }
}
