import { describe, expect, it } from 'vitest';
import {
  emailAttributes,
  isEmailAddress,
  resolveEmail,
  type EmailResolution,
} from './resolve-email.js';
import type { EmailSource } from './employee.js';
import type { EmailSettings } from './settings.js';
import type { SourceUser } from './source-user.js';

const defaults: EmailSettings = {
  useProxyAddresses: true,
  useOtherMails: true,
  useUpnAsEmail: false,
};
const withUpn: EmailSettings = { ...defaults, useUpnAsEmail: true };
const proxiesOff: EmailSettings = { ...defaults, useProxyAddresses: false };
const otherMailsOff: EmailSettings = { ...defaults, useOtherMails: false };
const none = {
  email: null,
  reason: { code: 'no-valid-email', text: 'no valid primary SMTP address' },
};

const user = (attributes: Record<string, unknown>): SourceUser => ({ id: 'u1', ...attributes });
const found = (email: string, source: EmailSource, aliases: string[] = []): EmailResolution => ({
  email,
  source,
  aliases,
});

describe('resolveEmail', () => {
  it.each<[string, Record<string, unknown>, EmailSettings, unknown]>([
    [
      'the upper-case SMTP: entry is primary, lower-case smtp: entries are aliases',
      {
        proxyAddresses: [
          'smtp:ada.l@contoso.com',
          'SMTP:Ada.Lovelace@contoso.com',
          'smtp:ada@contoso.com',
        ],
        mail: 'other@contoso.com',
      },
      defaults,
      found('Ada.Lovelace@contoso.com', 'proxyAddresses', ['ada.l@contoso.com', 'ada@contoso.com']),
    ],
    [
      'x500, sip, spo and other types are not email',
      {
        proxyAddresses: [
          'X500:/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=ada',
          'SIP:ada@contoso.com',
          'SPO:SPO_1234@SPO_5678',
          'x500:/o=First Organization/cn=ada',
          'eum:1234;phone-context=contoso.com',
          'SMTP:ada@contoso.com',
          'sip:ada.sip@contoso.com',
        ],
      },
      defaults,
      found('ada@contoso.com', 'proxyAddresses'),
    ],
    [
      'a space after the colon, as in Graph’s own example',
      { proxyAddresses: ['SMTP: ada@contoso.com', 'smtp: a@contoso.com'] },
      defaults,
      found('ada@contoso.com', 'proxyAddresses', ['a@contoso.com']),
    ],
    [
      'onmicrosoft.com aliases come last, de-duplicated ignoring case, without the primary',
      {
        proxyAddresses: [
          'smtp:ada@contoso.onmicrosoft.com',
          'SMTP:ada@contoso.com',
          'smtp:ADA@contoso.com',
          'smtp:ada@contoso.mail.onmicrosoft.com',
          'smtp:ada.lovelace@fabrikam.com',
          'smtp:Ada.Lovelace@Fabrikam.com',
          'smtp:ADA@CONTOSO.ONMICROSOFT.COM',
          'smtp:not an address',
        ],
      },
      defaults,
      found('ada@contoso.com', 'proxyAddresses', [
        'ada.lovelace@fabrikam.com',
        'ada@contoso.onmicrosoft.com',
        'ada@contoso.mail.onmicrosoft.com',
      ]),
    ],
    [
      'an onmicrosoft.com primary is still primary',
      { proxyAddresses: ['SMTP:ada@contoso.onmicrosoft.com'] },
      defaults,
      found('ada@contoso.onmicrosoft.com', 'proxyAddresses'),
    ],
    [
      'a second SMTP: entry becomes an alias',
      { proxyAddresses: ['SMTP:ada@contoso.com', 'SMTP:lovelace@contoso.com'] },
      defaults,
      found('ada@contoso.com', 'proxyAddresses', ['lovelace@contoso.com']),
    ],
    [
      'mail when no SMTP: entry; smtp: entries are still aliases',
      { proxyAddresses: ['smtp:ada@contoso.com'], mail: ' Ada.Lovelace@contoso.com ' },
      defaults,
      found('Ada.Lovelace@contoso.com', 'mail', ['ada@contoso.com']),
    ],
    [
      'mail when the SMTP: entry is not an address',
      { proxyAddresses: ['SMTP:ada at contoso'], mail: 'ada@contoso.com' },
      defaults,
      found('ada@contoso.com', 'mail'),
    ],
    [
      'mail when proxy addresses are off, and no aliases',
      { proxyAddresses: ['SMTP:ada@contoso.com', 'smtp:a@contoso.com'], mail: 'mail@contoso.com' },
      proxiesOff,
      found('mail@contoso.com', 'mail'),
    ],
    [
      'a guest: mail is their real address',
      {
        userPrincipalName: 'grace_fabrikam.com#EXT#@contoso.onmicrosoft.com',
        mail: 'grace@fabrikam.com',
        userType: 'Guest',
      },
      withUpn,
      found('grace@fabrikam.com', 'mail'),
    ],
    [
      'otherMails, the first valid one',
      { mail: null, otherMails: ['', 'not-an-address', 'ada@home.example', 'b@home.example'] },
      defaults,
      found('ada@home.example', 'otherMails'),
    ],
    [
      'otherMails only when enabled',
      { mail: null, otherMails: ['ada@home.example'] },
      otherMailsOff,
      none,
    ],
    ['the UPN only when enabled', { userPrincipalName: 'ada@contoso.com' }, defaults, none],
    [
      'the UPN when enabled',
      { userPrincipalName: 'ada@contoso.com', otherMails: [] },
      withUpn,
      found('ada@contoso.com', 'userPrincipalName'),
    ],
    [
      'otherMails before the UPN',
      { userPrincipalName: 'ada@contoso.com', otherMails: ['ada@home.example'] },
      withUpn,
      found('ada@home.example', 'otherMails'),
    ],
    [
      'never a guest #EXT# UPN',
      { userPrincipalName: 'grace_fabrikam.com#EXT#@contoso.com' },
      withUpn,
      none,
    ],
    [
      'never an onmicrosoft.com UPN',
      { userPrincipalName: 'ada@contoso.onmicrosoft.com' },
      withUpn,
      none,
    ],
    [
      'never an onmicrosoft.com UPN, whatever its case',
      { userPrincipalName: 'ada@Contoso.OnMicrosoft.COM' },
      withUpn,
      none,
    ],
    [
      'never a #EXT# address from any source',
      { proxyAddresses: ['SMTP:g_f.com#EXT#@contoso.com'], mail: 'g_f.com#ext#@contoso.com' },
      defaults,
      none,
    ],
    ['no address at all', {}, withUpn, none],
    [
      'attributes of the wrong shape',
      {
        proxyAddresses: 'SMTP:ada@contoso.com',
        mail: ['ada@contoso.com'],
        otherMails: 'x@y.example',
      },
      withUpn,
      none,
    ],
  ])('%s', (_case, attributes, options, expected) => {
    expect(resolveEmail(user(attributes), options)).toEqual(expected);
  });
});

describe('isEmailAddress', () => {
  it.each([
    'ada@contoso.com',
    'Ada.Lovelace@contoso.com',
    "o'brien+tag@mail.contoso.co.uk",
    'ada@xn--80ak6aa92e.xn--p1ai',
    `${'a'.repeat(64)}@contoso.com`,
  ])('accepts %s', (address) => {
    expect(isEmailAddress(address)).toBe(true);
  });

  it.each([
    '',
    'ada',
    'ada@',
    '@contoso.com',
    'ada@contoso',
    'ada@@contoso.com',
    'ada lovelace@contoso.com',
    '.ada@contoso.com',
    'ada.@contoso.com',
    'ada..l@contoso.com',
    'ada@-contoso.com',
    'ada@contoso-.com',
    'ada@contoso.c0m1',
    'ada@contoso.x',
    'ada@contoso..com',
    '"ada"@contoso.com',
    'ada@[10.0.0.1]',
    'adä@contoso.com',
    'g_f.com#EXT#@contoso.com',
    `${'a'.repeat(65)}@contoso.com`,
    `ada@${'a'.repeat(250)}.com`,
  ])('refuses %j', (address) => {
    expect(isEmailAddress(address)).toBe(false);
  });
});

describe('emailAttributes', () => {
  it.each<[EmailSettings, string[]]>([
    [defaults, ['mail', 'proxyAddresses', 'otherMails']],
    [withUpn, ['mail', 'proxyAddresses', 'otherMails', 'userPrincipalName']],
    [{ useProxyAddresses: false, useOtherMails: false, useUpnAsEmail: false }, ['mail']],
  ])('%j → %j', (options, attributes) => {
    expect(emailAttributes(options)).toEqual(attributes);
  });
});
