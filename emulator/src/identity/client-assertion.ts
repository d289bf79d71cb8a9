import { createHash, X509Certificate } from 'node:crypto';
import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { entraErrors, type EntraError } from './entra-errors.js';

interface RegisteredCertificate {
  certificate: X509Certificate;
  sha1: string;
  sha256: string;
}

function registered(pem: string): RegisteredCertificate {
  const certificate = new X509Certificate(pem);
  return {
    certificate,
    sha1: createHash('sha1').update(certificate.raw).digest('base64url'),
    sha256: createHash('sha256').update(certificate.raw).digest('base64url'),
  };
}

/**
 * Verifies a `private_key_jwt` client assertion the way Entra does: the key is found by
 * the header's `x5t#S256` or `x5t` thumbprint among the app's certificates, then signature,
 * lifetime, `aud` (the token endpoint), `iss` = `sub` = client id. Returns an error or null.
 */
export async function verifyClientAssertion(
  assertion: string,
  options: {
    clientId: string;
    certificates: readonly string[];
    audiences: readonly string[];
    now: Date;
  },
): Promise<EntraError | null> {
  let header;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    return entraErrors.assertionClaims('the assertion is not a JWT.');
  }
  const certificates = options.certificates.map(registered);
  const thumbprint256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  const thumbprint1 = typeof header.x5t === 'string' ? header.x5t : undefined;
  const match = certificates.find(
    (cert) =>
      (thumbprint256 !== undefined && cert.sha256 === thumbprint256) ||
      (thumbprint1 !== undefined && cert.sha1 === thumbprint1),
  );
  if (match === undefined)
    return entraErrors.assertionSignature(options.clientId, 'The key was not found.');
  try {
    await jwtVerify(assertion, match.certificate.publicKey, {
      algorithms: ['RS256', 'PS256'],
      currentDate: options.now,
      issuer: options.clientId,
      subject: options.clientId,
      audience: [...options.audiences],
      clockTolerance: 300,
    });
  } catch (error) {
    if (error instanceof errors.JWTExpired) return entraErrors.assertionTime();
    if (error instanceof errors.JWTClaimValidationFailed) {
      return error.claim === 'nbf'
        ? entraErrors.assertionTime()
        : entraErrors.assertionClaims(`the '${error.claim}' claim is wrong.`);
    }
    return entraErrors.assertionSignature(
      options.clientId,
      'The provided signature value did not match the expected signature value.',
    );
  }
  return null;
}
