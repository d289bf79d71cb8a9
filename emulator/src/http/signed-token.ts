import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Opaque, tamper-proof tokens (Graph's `$skiptoken` and `$deltatoken`): a base64url JSON
 * payload and an HMAC over it. The key lives only in memory, so a restarted emulator
 * refuses tokens of a previous run, as Graph refuses state it no longer has.
 */
export class TokenSealer {
  private readonly key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.key = key;
  }

  seal(payload: object): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The payload, or undefined when the token is malformed or was not sealed by this key. */
  open(token: string): unknown {
    const [body, mac, extra] = token.split('.');
    if (body === undefined || mac === undefined || extra !== undefined) return undefined;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
