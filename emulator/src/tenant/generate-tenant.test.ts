import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEMO_USERS,
  LICENSE_SKUS,
  PROPORTIONS,
  asciiFold,
  generateTenant,
  generateTenants,
  type UserKind,
} from './generate-tenant.js';
import { createRng, deriveSeed } from './random.js';
import { DirectoryRole, type GraphUser, type TenantData } from './tenant-data.js';

// ---------------------------------------------------------------------------------------------
// Graph v1.0 schema (CSDL subset) checks

interface CsdlProperty {
  type: string;
  nullable: boolean;
}
interface CsdlType {
  kind: string;
  base: string | null;
  properties: Record<string, unknown>;
  navigation: string[];
}

const csdl = JSON.parse(
  readFileSync(
    // The vendored copy of Microsoft's published metadata subset (identical bytes).
    new URL('../graph/graph-v1.0-csdl-subset.json', import.meta.url),
    'utf8',
  ),
) as Record<string, CsdlType>;

function csdlType(name: string): CsdlType {
  const type = csdl[name.replace(/^graph\./, '')];
  if (type === undefined) throw new Error(`type ${name} is not in the schema subset`);
  return type;
}

/** Properties of a type including those inherited (user → directoryObject → entity). */
function allProperties(name: string): Map<string, CsdlProperty> {
  const props = new Map<string, CsdlProperty>();
  for (let type: CsdlType | undefined = csdlType(name); type;) {
    for (const [key, value] of Object.entries(type.properties))
      props.set(key, value as CsdlProperty);
    type = type.base === null ? undefined : csdlType(type.base);
  }
  return props;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function typeProblems(value: unknown, type: string, nullable: boolean, where: string): string[] {
  if (value === null) return nullable ? [] : [`${where}: null but ${type} is not nullable`];
  const collection = /^Collection\((.+)\)$/.exec(type);
  if (collection?.[1] !== undefined) {
    if (!Array.isArray(value)) return [`${where}: expected an array of ${collection[1]}`];
    const element = collection[1];
    return value.flatMap((item, i) => typeProblems(item, element, false, `${where}[${i}]`));
  }
  switch (type) {
    case 'Edm.String':
      return typeof value === 'string' ? [] : [`${where}: expected a string`];
    case 'Edm.Boolean':
      return typeof value === 'boolean' ? [] : [`${where}: expected a boolean`];
    case 'Edm.Int32':
      return Number.isInteger(value) ? [] : [`${where}: expected an integer`];
    case 'Edm.Guid':
      return typeof value === 'string' && GUID.test(value) ? [] : [`${where}: expected a GUID`];
    case 'Edm.DateTimeOffset':
      return typeof value === 'string' &&
        ISO_DATE_TIME.test(value) &&
        !Number.isNaN(Date.parse(value))
        ? []
        : [`${where}: expected an ISO date-time, got ${JSON.stringify(value)}`];
  }
  const complex = csdlType(type);
  if (complex.kind === 'EnumType') {
    return typeof value === 'string' && value in complex.properties
      ? []
      : [`${where}: not a ${type} member`];
  }
  if (typeof value !== 'object' || Array.isArray(value))
    return [`${where}: expected a ${type} object`];
  return objectProblems(value as Record<string, unknown>, type, where);
}

function objectProblems(value: Record<string, unknown>, type: string, where: string): string[] {
  const props = allProperties(type);
  return Object.entries(value).flatMap(([key, item]) => {
    const prop = props.get(key);
    if (prop === undefined) return [`${where}.${key}: not a property of ${type}`];
    return typeProblems(item, prop.type, prop.nullable, `${where}.${key}`);
  });
}

function userSchemaProblems(user: GraphUser, where: string): string[] {
  const { manager, ...properties } = user;
  const problems = objectProblems(properties, 'user', where);
  if (manager !== undefined) {
    if (!csdlType('user').navigation.includes('manager'))
      problems.push(`${where}.manager: not navigable`);
    const ok =
      manager === null ||
      (Object.keys(manager).length === 1 &&
        typeof manager.id === 'string' &&
        GUID.test(manager.id));
    if (!ok) problems.push(`${where}.manager: expected null or { id }`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Classifying generated users from what a Graph client can see

const RESOURCE_PURPOSES = new Set(['shared', 'room', 'equipment']);

function kindOf(tenant: TenantData, user: GraphUser): UserKind {
  const purpose = tenant.mailboxSettings[user.id]?.userPurpose;
  if (user.userType === 'Guest') return 'guest';
  if (purpose === 'shared') return 'sharedMailbox';
  if (purpose === 'room') return 'room';
  if (purpose === 'equipment') return 'equipment';
  if (user.givenName === null) return 'serviceAccount';
  if (user.mail === null) return 'noAddress';
  if (!proxies(user).some((p) => p.startsWith('SMTP:'))) return 'mailWithoutPrimarySmtp';
  if (user.accountEnabled === false) return 'disabled';
  if (licences(user).length === 0) return 'unlicensedMember';
  return 'member';
}

const PERSON_KINDS = new Set<UserKind>([
  'member',
  'disabled',
  'unlicensedMember',
  'mailWithoutPrimarySmtp',
  'noAddress',
]);

function proxies(user: GraphUser): string[] {
  return user.proxyAddresses as string[];
}
function licences(user: GraphUser): { skuId: string; disabledPlans: string[] }[] {
  return user.assignedLicenses as { skuId: string; disabledPlans: string[] }[];
}
function initialDomain(tenant: TenantData): string {
  const initial = tenant.verifiedDomains.find((d) => d.isInitial);
  if (initial === undefined) throw new Error('no initial domain');
  return initial.name;
}
function defaultDomain(tenant: TenantData): string {
  const found = tenant.verifiedDomains.find((d) => d.isDefault);
  if (found === undefined) throw new Error('no default domain');
  return found.name;
}

function countKinds(tenant: TenantData): Map<UserKind, number> {
  const counts = new Map<UserKind, number>();
  for (const user of tenant.users) {
    const kind = kindOf(tenant, user);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return counts;
}

function ratio(items: readonly GraphUser[], test: (user: GraphUser) => boolean): number {
  return items.filter(test).length / items.length;
}

const NON_ASCII = /[^\x20-\x7e]/;

// Generated once and shared: the checks below only read them.
const mid = generateTenant({ users: 3000, seed: 11 });
const big = generateTenant({ users: 10_000, seed: 2024 });

// ---------------------------------------------------------------------------------------------

describe('random', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.uint32())).not.toEqual(seqA);
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(1, 3));
  });

  it('makes version-4 GUIDs and stays within ranges', () => {
    const rng = createRng(7);
    for (let i = 0; i < 1000; i++) {
      expect(rng.guid()).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      const n = rng.int(3, 5);
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
      expect(rng.next()).toBeLessThan(1);
    }
  });
});

describe('generateTenant', () => {
  it('gives every user only Graph v1.0 user properties, with the schema JSON types', () => {
    for (const tenant of [mid, generateTenant({ users: 7, seed: 3 })]) {
      const problems = tenant.users.flatMap((user, i) => userSchemaProblems(user, `users[${i}]`));
      expect(problems.slice(0, 20)).toEqual([]);
    }
    // Every kind went through the check above.
    expect(countKinds(mid).size).toBe(10);
  });

  it('gives verifiedDomains and mailboxSettings the schema shapes', () => {
    const problems = [
      ...mid.verifiedDomains.flatMap((d, i) =>
        objectProblems({ ...d }, 'verifiedDomain', `verifiedDomains[${i}]`),
      ),
      ...Object.entries(mid.mailboxSettings).flatMap(([id, settings]) =>
        objectProblems({ ...settings }, 'mailboxSettings', `mailboxSettings.${id}`),
      ),
    ];
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('is deterministic and JSON-serialisable', () => {
    const a = generateTenant({ users: 1500, seed: 99 });
    const b = generateTenant({ users: 1500, seed: 99 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    const other = generateTenant({ users: 1500, seed: 100 });
    expect(other.id).not.toBe(a.id);
    expect(other.users[5]?.id).not.toBe(a.users[5]?.id);
  });

  it('keeps every kind at its documented share of 10,000 users', () => {
    const counts = countKinds(big);
    const n = big.users.length;
    for (const [kind, share] of Object.entries(PROPORTIONS.kinds)) {
      const expected = share * n;
      const actual = counts.get(kind as UserKind) ?? 0;
      expect(Math.abs(actual - expected), `${kind}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
        Math.max(2, expected * 0.05),
      );
    }
    const specialShare = Object.values(PROPORTIONS.kinds).reduce((sum, share) => sum + share, 0);
    expect(counts.get('member')).toBeGreaterThanOrEqual(Math.floor(n * (1 - specialShare)));
  });

  it('draws per-user traits close to their documented probabilities', () => {
    const T = PROPORTIONS.traits;
    const kinds = new Map(big.users.map((u) => [u.id, kindOf(big, u)]));
    const people = big.users.filter((u) => PERSON_KINDS.has(kinds.get(u.id) ?? 'guest'));
    const randomPeople = people.slice(DEMO_USERS.length);
    const guests = big.users.filter((u) => kinds.get(u.id) === 'guest');
    const fullProxies = people.filter((u) => proxies(u).some((p) => p.startsWith('SMTP:')));
    const licensedPeople = randomPeople.filter((u) => licences(u).length > 0);
    const disabled = people.filter((u) => kinds.get(u.id) === 'disabled');
    const services = big.users.filter((u) => kinds.get(u.id) === 'serviceAccount');
    const checks: [string, number, number][] = [
      [
        'nonAsciiName',
        ratio([...randomPeople, ...guests], (u) => NON_ASCII.test(String(u.displayName))),
        T.nonAsciiName,
      ],
      [
        'onPremisesSynced',
        ratio(randomPeople, (u) => u.onPremisesSyncEnabled === true),
        T.onPremisesSynced,
      ],
      ['secondLicence', ratio(licensedPeople, (u) => licences(u).length === 2), T.secondLicence],
      [
        'disabledStillLicensed',
        ratio(disabled, (u) => licences(u).length > 0),
        T.disabledStillLicensed,
      ],
      [
        'serviceAccountLicensed',
        ratio(services, (u) => licences(u).length > 0),
        T.serviceAccountLicensed,
      ],
      [
        'x500Address',
        ratio(fullProxies, (u) => proxies(u).some((p) => p.startsWith('X500:'))),
        T.x500Address,
      ],
      [
        'sipAddress',
        ratio(fullProxies, (u) => proxies(u).some((p) => p.startsWith('SIP:'))),
        T.sipAddress,
      ],
      ['mobilePhone', ratio(randomPeople, (u) => u.mobilePhone !== null), T.mobilePhone],
      ['guestAccepted', ratio(guests, (u) => u.externalUserState === 'Accepted'), T.guestAccepted],
    ];
    for (const [name, actual, expected] of checks) {
      expect(Math.abs(actual - expected), `${name}: ${actual} vs ${expected}`).toBeLessThan(
        Math.max(0.05, expected * 0.2),
      );
    }
  });

  it('works for tiny tenants, with the admin always first', () => {
    for (const users of [0, 1, 2, 3, 5, 6, 7, 20, 49, 50]) {
      const tenant = generateTenant({ users, seed: 5 });
      expect(tenant.users).toHaveLength(users);
      expect(new Set(tenant.users.map((u) => u.id)).size).toBe(users);
      const ids = new Set(tenant.users.map((u) => u.id));
      for (const user of tenant.users) {
        if (user.manager) expect(ids.has(user.manager.id)).toBe(true);
      }
      if (users >= 1) {
        expect(tenant.users[0]?.userPrincipalName).toBe(`admin@${defaultDomain(tenant)}`);
        expect(tenant.directoryRoles[tenant.users[0]?.id ?? '']).toEqual([
          DirectoryRole.globalAdministrator,
        ]);
        expect(tenant.users[0]?.manager).toEqual(
          users > DEMO_USERS.length ? { id: tenant.users[5]?.id } : null,
        );
      }
      if (users >= 2) expect(tenant.directoryRoles[tenant.users[1]?.id ?? '']).toBeUndefined();
      if (users >= 50) expect(countKinds(tenant).size).toBe(10);
    }
  });

  it('creates the demo admin, the role holders and the plain demo user', () => {
    const domain = defaultDomain(mid);
    const upns = mid.users.slice(0, DEMO_USERS.length).map((u) => u.userPrincipalName);
    expect(upns).toEqual(DEMO_USERS.map((d) => `${d.localPart}@${domain}`));
    expect(upns[0]).toBe(`admin@${domain}`);
    const roles = Object.fromEntries(
      mid.users
        .slice(0, DEMO_USERS.length)
        .map((u) => [u.userPrincipalName, mid.directoryRoles[u.id] ?? []]),
    );
    expect(roles).toEqual({
      [`admin@${domain}`]: [DirectoryRole.globalAdministrator],
      [`riley.ashcombe@${domain}`]: [],
      [`jordan.feld@${domain}`]: [DirectoryRole.applicationAdministrator],
      [`sasha.okonkwo@${domain}`]: [DirectoryRole.cloudApplicationAdministrator],
      [`priya.raman@${domain}`]: [DirectoryRole.userAdministrator],
    });
    expect(Object.keys(mid.directoryRoles)).toHaveLength(4);
    for (const demo of mid.users.slice(0, DEMO_USERS.length)) {
      expect(kindOf(mid, demo)).toBe('member');
      expect(demo.givenName).toEqual(expect.any(String));
      expect(demo.jobTitle).toEqual(expect.any(String));
      expect(mid.mailboxSettings[demo.id]?.userPurpose).toBe('user');
    }
  });

  it('writes ASCII, unique addresses and Exchange-style proxyAddresses', () => {
    const initial = initialDomain(mid);
    const upns = new Set<string>();
    const smtp = new Set<string>();
    for (const user of mid.users) {
      const upn = user.userPrincipalName.toLowerCase();
      expect(upn).toMatch(/^[\x21-\x7e]+$/);
      expect(upns.has(upn), upn).toBe(false);
      upns.add(upn);
      if (user.mail !== null) expect(user.mail).toMatch(/^[a-z0-9._-]+@[a-z0-9.-]+$/);
      for (const proxy of proxies(user)) {
        if (!/^smtp:/i.test(proxy)) continue;
        const address = proxy.slice(5).toLowerCase();
        expect(smtp.has(address), address).toBe(false);
        smtp.add(address);
      }
      const kind = kindOf(mid, user);
      const primaries = proxies(user).filter((p) => p.startsWith('SMTP:'));
      if (kind === 'member' || kind === 'disabled' || kind === 'unlicensedMember') {
        expect(primaries).toEqual([`SMTP:${String(user.mail)}`]);
        expect(proxies(user)).toContain(`smtp:${String(user.mailNickname)}@${initial}`);
      }
      if (kind === 'mailWithoutPrimarySmtp') {
        expect(user.mail).not.toBeNull();
        expect(proxies(user).every((p) => p.startsWith('smtp:'))).toBe(true);
      }
      if (kind === 'noAddress') {
        expect([user.mail, user.proxyAddresses, user.otherMails]).toEqual([null, [], []]);
      }
    }
    const all = mid.users.flatMap(proxies);
    const secondary = mid.verifiedDomains.find((d) => !d.isDefault && !d.isInitial)?.name;
    expect(all.some((p) => p.startsWith('smtp:') && p.endsWith(`@${secondary}`))).toBe(true);
    expect(all.some((p) => p.startsWith('X500:/o='))).toBe(true);
    expect(all.some((p) => p.startsWith('SIP:'))).toBe(true);
    expect(
      mid.users.some((u) => (u.otherMails as string[]).length > 0 && u.userType === 'Member'),
    ).toBe(true);
    expect(mid.users.some((u) => (u.imAddresses as string[]).length > 0)).toBe(true);
  });

  it('never gives two users the same address, even at 10,000 users', () => {
    const seen = new Set<string>();
    for (const user of big.users) {
      const addresses = [
        user.userPrincipalName,
        ...proxies(user)
          .filter((p) => /^smtp:/i.test(p))
          .map((p) => p.slice(5)),
      ].map((a) => a.toLowerCase());
      for (const address of new Set(addresses)) {
        expect(seen.has(address), address).toBe(false);
        seen.add(address);
      }
    }
    expect(seen.size).toBeGreaterThan(big.users.length * 2);
  });

  it('spreads non-ASCII names through the members with folded addresses', () => {
    const people = mid.users.filter((u) => PERSON_KINDS.has(kindOf(mid, u)));
    const accented = people.filter((u) => /[À-ɏ]/.test(String(u.displayName)));
    const cjk = people.filter((u) =>
      /[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]/.test(String(u.displayName)),
    );
    expect(accented.length).toBeGreaterThan(50);
    expect(cjk.length).toBeGreaterThan(10);
    for (const user of [...accented, ...cjk])
      expect(user.userPrincipalName).toMatch(/^[a-z0-9.-]+@/);
    const wang = cjk.find((u) => String(u.displayName).startsWith('王'));
    expect(wang?.userPrincipalName).toMatch(/^[a-z]+\.wang\d*@/);
    expect(asciiFold('Zoë Müller · Łukasz Wójcik · José Núñez · Søren Åberg')).toBe(
      'Zoe Muller · Lukasz Wojcik · Jose Nunez · Soren Aberg',
    );
    expect(asciiFold('Chloé Lefèvre, Ahmet Yılmaz, Weiß, Cœurdray')).toBe(
      'Chloe Lefevre, Ahmet Yilmaz, Weiss, Coeurdray',
    );
  });

  it('shapes guests like invited B2B users', () => {
    const initial = initialDomain(mid);
    const guests = mid.users.filter((u) => u.userType === 'Guest');
    expect(guests.length).toBeGreaterThan(100);
    for (const guest of guests) {
      const mail = String(guest.mail);
      expect(guest.creationType).toBe('Invitation');
      expect(guest.userPrincipalName).toBe(`${mail.replace('@', '_')}#EXT#@${initial}`);
      expect(mail).not.toContain('#EXT#');
      expect(guest.proxyAddresses).toEqual([`SMTP:${mail}`]);
      expect(guest.assignedLicenses).toEqual([]);
      expect(guest.manager).toBeNull();
      expect(mid.mailboxSettings[guest.id]).toBeUndefined();
    }
  });

  it('gives mailboxes exactly to licensed users with mail and to resources', () => {
    for (const user of mid.users) {
      const kind = kindOf(mid, user);
      const purpose = mid.mailboxSettings[user.id]?.userPurpose;
      const expected =
        kind === 'sharedMailbox'
          ? 'shared'
          : kind === 'room'
            ? 'room'
            : kind === 'equipment'
              ? 'equipment'
              : user.userType === 'Member' && user.mail !== null && licences(user).length > 0
                ? 'user'
                : undefined;
      expect(purpose, `${user.userPrincipalName} (${kind})`).toBe(expected);
      if (purpose !== undefined && RESOURCE_PURPOSES.has(purpose)) {
        expect([user.accountEnabled, licences(user).length, user.givenName, user.surname]).toEqual([
          false,
          0,
          null,
          null,
        ]);
      }
    }
    const names = mid.users
      .filter((u) => kindOf(mid, u) !== 'member')
      .map((u) => String(u.displayName));
    expect(names).toEqual(expect.arrayContaining(['Sales Team', 'info', 'Support', 'Projector 1']));
    expect(names.some((n) => /^Conf Room \S+ \d\.\d\d$/.test(n))).toBe(true);
    const serviceUpns = mid.users
      .filter((u) => kindOf(mid, u) === 'serviceAccount')
      .map((u) => u.userPrincipalName);
    expect(serviceUpns.some((u) => u.startsWith('svc-backup@'))).toBe(true);
    expect(serviceUpns.some((u) => u.startsWith('noreply@'))).toBe(true);
    expect(serviceUpns.some((u) => u.startsWith('sa-'))).toBe(true);
    expect(serviceUpns.some((u) => u.startsWith('sync_'))).toBe(true);
  });

  it('builds one org chart under the CEO, without loops', () => {
    const byId = new Map(mid.users.map((u) => [u.id, u]));
    const people = mid.users.filter((u) => PERSON_KINDS.has(kindOf(mid, u)));
    const roots = people.filter((u) => u.manager === null);
    expect(roots.map((u) => u.jobTitle)).toEqual(['Chief Executive Officer']);
    for (const person of people) {
      let current: GraphUser | undefined = person;
      for (let steps = 0; current?.manager; steps++) {
        expect(steps).toBeLessThan(10);
        current = byId.get(current.manager.id);
        expect(current).toBeDefined();
      }
      expect(current).toBe(roots[0]);
    }
    for (const other of mid.users.filter((u) => !PERSON_KINDS.has(kindOf(mid, u))))
      expect(other.manager).toBeNull();
    const managerIds = new Set(people.map((u) => u.manager?.id).filter((id) => id !== undefined));
    expect(managerIds.size).toBeGreaterThan(30);
    expect(new Set(people.map((u) => u.department)).size).toBeGreaterThanOrEqual(12);
  });

  it('puts people in offices with matching country, postal code and phone formats', () => {
    const formats: Record<string, [RegExp, string]> = {
      NO: [/^\d{4}$/, '+47 '],
      US: [/^\d{5}$/, '+1 '],
      GB: [/^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/, '+44 '],
      DE: [/^\d{5}$/, '+49 '],
      FR: [/^\d{5}$/, '+33 '],
      ES: [/^\d{5}$/, '+34 '],
      PL: [/^\d{2}-\d{3}$/, '+48 '],
      TR: [/^\d{5}$/, '+90 '],
      JP: [/^\d{3}-\d{4}$/, '+81 '],
      CN: [/^\d{6}$/, '+86 '],
      AU: [/^\d{4}$/, '+61 '],
      CA: [/^[A-Z]\d[A-Z] \d[A-Z]\d$/, '+1 '],
    };
    const people = mid.users.filter((u) => PERSON_KINDS.has(kindOf(mid, u)));
    for (const person of people) {
      const format = formats[String(person.usageLocation)];
      expect(format, String(person.usageLocation)).toBeDefined();
      if (format === undefined) continue;
      expect(String(person.postalCode)).toMatch(format[0]);
      const phones = [...(person.businessPhones as string[]), person.mobilePhone];
      for (const phone of phones.filter((p) => typeof p === 'string')) {
        expect(phone.startsWith(format[1])).toBe(true);
      }
      expect((person.businessPhones as string[]).length).toBeLessThanOrEqual(1);
    }
    expect(new Set(people.map((u) => u.country)).size).toBeGreaterThanOrEqual(4);
  });

  it('fills onPremisesExtensionAttributes with all 15 keys, mostly null', () => {
    for (const user of mid.users) {
      expect(Object.keys(user.onPremisesExtensionAttributes as object)).toHaveLength(15);
    }
    const costCentres = mid.users.filter(
      (u) =>
        (u.onPremisesExtensionAttributes as Record<string, unknown>).extensionAttribute1 !== null,
    );
    expect(costCentres.length).toBeGreaterThan(100);
    expect(
      String(
        (costCentres[0]?.onPremisesExtensionAttributes as Record<string, unknown>)
          .extensionAttribute1,
      ),
    ).toMatch(/^CC-\d{4}$/);
  });

  it('uses licence SKUs from the fixed list', () => {
    const known = new Set<string>(Object.values(LICENSE_SKUS));
    for (const user of mid.users) {
      for (const licence of licences(user)) {
        expect(known.has(licence.skuId)).toBe(true);
        expect(licence.disabledPlans).toEqual([]);
      }
      expect(licences(user).length).toBeLessThanOrEqual(2);
    }
  });

  it('makes groups with nesting, so transitive membership differs from direct', () => {
    const userIds = new Set(mid.users.map((u) => u.id));
    const groups = new Map(mid.groups.map((g) => [g.id, g]));
    for (const group of mid.groups) {
      for (const member of group.members)
        expect(userIds.has(member) || groups.has(member)).toBe(true);
    }
    const transitiveUsers = (id: string, seen = new Set<string>()): Set<string> => {
      const out = new Set<string>();
      for (const member of groups.get(id)?.members ?? []) {
        if (userIds.has(member)) out.add(member);
        else if (!seen.has(member)) {
          seen.add(member);
          for (const nested of transitiveUsers(member, seen)) out.add(nested);
        }
      }
      return out;
    };
    const allEmployees = mid.groups.find((g) => g.displayName === 'All Employees');
    expect(allEmployees?.members.filter((m) => userIds.has(m))).toEqual([]);
    const everyone = transitiveUsers(allEmployees?.id ?? '');
    expect(everyone.has(mid.users[1]?.id ?? '')).toBe(true);
    expect(everyone.size).toBeGreaterThan(2000);
    const unified = mid.groups.filter((g) => g.groupTypes.includes('Unified'));
    expect(unified.length).toBeGreaterThanOrEqual(1);
    for (const group of unified) {
      expect([group.mailEnabled, group.securityEnabled]).toEqual([true, false]);
      expect(group.mail).toMatch(new RegExp(`@${defaultDomain(mid).replace(/\./g, '\\.')}$`));
    }
    expect(mid.groups.length).toBeGreaterThanOrEqual(12);
  });

  it('lists the custom default, secondary and initial onmicrosoft.com domains', () => {
    const tenant = generateTenant({ users: 3, seed: 1, domain: 'alderfinch.example' });
    expect(tenant.verifiedDomains).toEqual([
      {
        capabilities: 'Email, OfficeCommunicationsOnline',
        isDefault: true,
        isInitial: false,
        name: 'alderfinch.example',
        type: 'Managed',
      },
      {
        capabilities: 'Email, OfficeCommunicationsOnline',
        isDefault: false,
        isInitial: false,
        name: 'alderfinch-group.example',
        type: 'Managed',
      },
      {
        capabilities: 'Email, OfficeCommunicationsOnline',
        isDefault: false,
        isInitial: true,
        name: 'alderfinch.onmicrosoft.com',
        type: 'Managed',
      },
    ]);
  });

  it('takes id, displayName, domain and consented from options', () => {
    const id = '0b7e6c1a-8f3d-4c2b-9a1e-5d6f7a8b9c0d';
    const tenant = generateTenant({
      users: 10,
      seed: 1,
      id,
      displayName: 'Alder & Finch Logistics',
      domain: 'AlderFinch.example',
      consented: false,
    });
    expect([tenant.id, tenant.displayName, tenant.consented]).toEqual([
      id,
      'Alder & Finch Logistics',
      false,
    ]);
    expect(tenant.users[0]?.userPrincipalName).toBe('admin@alderfinch.example');
    expect(tenant.users[0]?.companyName).toBe('Alder & Finch Logistics');
    const named = generateTenant({ users: 1, seed: 1, displayName: 'Bramble Foods' });
    expect(defaultDomain(named)).toBe('bramblefoods.example');
    expect(generateTenant({ users: 1, seed: 1 }).consented).toBe(true);
    expect(() => generateTenant({ users: 1, seed: 1, id: 'nope' })).toThrow(/GUID/);
    expect(() => generateTenant({ users: 1, seed: 1, domain: 'x.onmicrosoft.com' })).toThrow(
      /onmicrosoft/,
    );
    expect(() => generateTenant({ users: 1, seed: 1, domain: 'no spaces.example' })).toThrow(
      /DNS name/,
    );
    expect(() => generateTenant({ users: 1.5, seed: 1 })).toThrow(/whole number/);
  });

  it('derives a plausible company name and .example domain from the seed', () => {
    for (let seed = 0; seed < 20; seed++) {
      const tenant = generateTenant({ users: 0, seed });
      expect(tenant.displayName).toMatch(/^[A-Z][a-z]+( & [A-Z][a-z]+)? [A-Z][a-z]+$/);
      expect(defaultDomain(tenant)).toMatch(/^[a-z]+\.example$/);
      expect(tenant.id).toMatch(GUID);
    }
  });

  it('keeps timestamps between tenant creation and the data date', () => {
    for (const user of mid.users) {
      const created = Date.parse(String(user.createdDateTime));
      expect(created).toBeGreaterThanOrEqual(Date.UTC(2019, 0, 1));
      expect(created).toBeLessThanOrEqual(Date.UTC(2025, 5, 1));
    }
  });
});

describe('generateTenants', () => {
  it('makes distinct tenants, the first equal to generateTenant with the same seed', () => {
    const tenants = generateTenants(4, { usersPerTenant: 20, seed: 8 });
    expect(tenants).toHaveLength(4);
    for (const key of ['id', 'displayName'] as const) {
      expect(new Set(tenants.map((t) => t[key])).size).toBe(4);
    }
    expect(new Set(tenants.map(defaultDomain)).size).toBe(4);
    expect(new Set(tenants.map(initialDomain)).size).toBe(4);
    expect(tenants[0]).toEqual(generateTenant({ users: 20, seed: 8 }));
    expect(generateTenants(4, { usersPerTenant: 20, seed: 8 })).toEqual(tenants);
  });

  it('stays distinct beyond the number of invented names', () => {
    const tenants = generateTenants(600, { usersPerTenant: 0, seed: 1 });
    expect(new Set(tenants.map((t) => t.displayName.toLowerCase())).size).toBe(600);
    expect(new Set(tenants.map(initialDomain)).size).toBe(600);
  });
});
