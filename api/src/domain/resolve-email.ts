import type { EmailSource, SkipReason } from './employee.js';
import type { EmailSettings } from './settings.js';
import type { SourceUser } from './source-user.js';

/** A user's email address, where it came from, and their other SMTP addresses; or why none. */
export type EmailResolution =
  | {
      readonly email: string;
      readonly source: EmailSource;
      /** Secondary `smtp:` proxy addresses: custom domains first, onmicrosoft.com last. */
      readonly aliases: string[];
    }
  | { readonly email: null; readonly reason: SkipReason & { readonly code: 'no-valid-email' } };

/** Why a user without a usable address is skipped. */
export const noValidEmail = {
  code: 'no-valid-email',
  text: 'no valid primary SMTP address',
} as const;

// Deliberately simple: RFC 5322 dot-atoms on both sides, ASCII only, within SMTP's length
// limits. Quoted local parts and address literals are legal but never seen in Entra ID.
// Lengths are checked before the pattern, so its backtracking stays bounded.
const atext = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const label = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
// Top-level domains are letters, or punycode (`xn--p1ai`).
const tld = '(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})';
const addressPattern = new RegExp(`^${atext}(?:\\.${atext})*@(?:${label}\\.)+${tld}$`);

/**
 * Whether a text is a plausible email address: `local@domain.tld`, at most 254 characters
 * with a local part of at most 64. A `#EXT#` address is a guest's sign-in name, never a
 * mailbox, and is refused.
 */
export function isEmailAddress(value: string): boolean {
  const at = value.lastIndexOf('@');
  if (at < 1 || at > 64 || value.length > 254) return false;
  if (value.toUpperCase().includes('#EXT#')) return false;
  return addressPattern.test(value);
}

/** Whether an address is in a tenant's initial `*.onmicrosoft.com` domain. */
export function isOnMicrosoftAddress(address: string): boolean {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return domain === 'onmicrosoft.com' || domain.endsWith('.onmicrosoft.com');
}

/** A string attribute, trimmed; undefined when absent, blank or not a string. */
function textOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function textsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.flatMap((v) => textOf(v) ?? []) : [];
}

/**
 * The SMTP entries of proxyAddresses. `SMTP:` (upper-case) marks the primary address and
 * `smtp:` secondary ones; other types (`X500:`, `SIP:`, `SPO:`, …) are not email. Graph's own
 * example puts a space after the colon, so the address is trimmed.
 */
function smtpProxies(user: SourceUser): { primary: string[]; secondary: string[] } {
  const primary: string[] = [];
  const secondary: string[] = [];
  for (const entry of textsOf(user['proxyAddresses'])) {
    const colon = entry.indexOf(':');
    const type = entry.slice(0, colon);
    const address = entry.slice(colon + 1).trim();
    if (colon < 0 || type.toLowerCase() !== 'smtp' || !isEmailAddress(address)) continue;
    (type === 'SMTP' ? primary : secondary).push(address);
  }
  return { primary, secondary };
}

/**
 * Finds a user's email address, in this order: the primary `SMTP:` proxy address (when
 * `useProxyAddresses`), `mail`, the first valid otherMails entry (when `useOtherMails`), and
 * the user principal name (only when `useUpnAsEmail`, and never a guest's `#EXT#` UPN or an
 * onmicrosoft.com one). Aliases are the other SMTP proxy addresses, de-duplicated ignoring
 * case, without the primary, onmicrosoft.com ones last. Addresses keep Graph's spelling.
 */
export function resolveEmail(user: SourceUser, options: EmailSettings): EmailResolution {
  const proxies = options.useProxyAddresses ? smtpProxies(user) : { primary: [], secondary: [] };
  const mail = textOf(user['mail']);
  const upn = textOf(user['userPrincipalName']);

  let found: { email: string; source: EmailSource } | undefined;
  const [smtp] = proxies.primary;
  if (smtp !== undefined) found = { email: smtp, source: 'proxyAddresses' };
  else if (mail !== undefined && isEmailAddress(mail)) found = { email: mail, source: 'mail' };
  else {
    const other = options.useOtherMails
      ? textsOf(user['otherMails']).find(isEmailAddress)
      : undefined;
    if (other !== undefined) found = { email: other, source: 'otherMails' };
    else if (
      options.useUpnAsEmail &&
      upn !== undefined &&
      isEmailAddress(upn) &&
      !isOnMicrosoftAddress(upn)
    ) {
      found = { email: upn, source: 'userPrincipalName' };
    }
  }
  if (found === undefined) return { email: null, reason: noValidEmail };

  // A second `SMTP:` entry is a misconfiguration Exchange would not allow; keep it as an alias.
  const seen = new Set([found.email.toLowerCase()]);
  const aliases: string[] = [];
  const initial: string[] = [];
  for (const address of [...proxies.primary.slice(1), ...proxies.secondary]) {
    const key = address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    (isOnMicrosoftAddress(address) ? initial : aliases).push(address);
  }
  return { ...found, aliases: [...aliases, ...initial] };
}

/** The Graph attributes `resolveEmail` reads under these options. */
export function emailAttributes(options: EmailSettings): string[] {
  return [
    'mail',
    ...(options.useProxyAddresses ? ['proxyAddresses'] : []),
    ...(options.useOtherMails ? ['otherMails'] : []),
    ...(options.useUpnAsEmail ? ['userPrincipalName'] : []),
  ];
}
