/**
 * Deterministic generator of realistic Entra ID tenants: people with full profiles and an org
 * chart, guests, disabled and unlicensed accounts, shared/room/equipment mailboxes, service
 * accounts, awkward addresses, non-ASCII names, groups with nesting, and the demo accounts.
 * docs/tenant-data.md describes the population; PROPORTIONS is its single source of truth.
 */
import { Buffer } from 'node:buffer';
import { createRng, deriveSeed, type Rng } from './random.js';
import {
  DirectoryRole,
  type GraphGroup,
  type GraphUser,
  type MailboxSettings,
  type TenantData,
  type VerifiedDomain,
} from './tenant-data.js';

/** Options of {@link generateTenant}; identity fields not given derive from `seed`. */
export interface GenerateTenantOptions {
  users: number;
  seed: number;
  id?: string;
  displayName?: string;
  /** The custom default domain, e.g. `alderfinch.example`; the onmicrosoft.com one derives from it. */
  domain?: string;
  consented?: boolean;
}

/** Options of {@link generateTenants}. */
export interface GenerateTenantsOptions {
  usersPerTenant: number;
  seed: number;
}

const SPECIAL_KINDS = [
  'guest',
  'disabled',
  'unlicensedMember',
  'mailWithoutPrimarySmtp',
  'noAddress',
  'sharedMailbox',
  'serviceAccount',
  'room',
  'equipment',
] as const;
type SpecialKind = (typeof SPECIAL_KINDS)[number];
/** What a generated user is; `member` is the licensed, enabled employee with a full profile. */
export type UserKind = 'member' | SpecialKind;

/** The population mix of a generated tenant (documented in docs/tenant-data.md). */
export const PROPORTIONS = {
  /**
   * Share of all users per kind: exactly floor(share × users), at least one of each from
   * `allKindsFrom` users on. Licensed, enabled members fill the rest.
   */
  kinds: {
    guest: 0.08,
    disabled: 0.04,
    unlicensedMember: 0.04,
    mailWithoutPrimarySmtp: 0.02,
    noAddress: 0.01,
    sharedMailbox: 0.01,
    serviceAccount: 0.005,
    room: 0.005,
    equipment: 0.002,
  } satisfies Record<SpecialKind, number>,
  /** Probabilities drawn per user, within the population named in each comment. */
  traits: {
    /** People and guests whose names are not plain ASCII. */
    nonAsciiName: 0.15,
    /** Of those non-ASCII names: Chinese, Japanese or Korean (romanised addresses). */
    cjkName: 0.25,
    /** People (not the demo accounts, CEO or managers) employed as contractors. */
    contractor: 0.1,
    /** People synchronised from on-premises AD (onPremisesSyncEnabled true). */
    onPremisesSynced: 0.35,
    /** Licensed people with an add-on SKU besides their main one. */
    secondLicence: 0.25,
    /** Disabled accounts that still hold licences (and so keep their mailbox). */
    disabledStillLicensed: 0.5,
    /** Service accounts with a licence (and so a mailbox). */
    serviceAccountLicensed: 0.4,
    /** Of mailWithoutPrimarySmtp users: lowercase smtp: entries only (the rest have none). */
    lowercaseSmtpOnly: 0.5,
    /** People with one business phone (the rest have none). */
    businessPhone: 0.8,
    /** People with a mobile phone. */
    mobilePhone: 0.7,
    /** People with full proxyAddresses: an smtp: alias in the secondary verified domain. */
    aliasInSecondaryDomain: 0.2,
    /** People with full proxyAddresses: an extra short alias like smtp:j.smith@domain. */
    shortAlias: 0.25,
    /** People with full proxyAddresses: a legacy X500: entry. */
    x500Address: 0.15,
    /** People with full proxyAddresses: a SIP: entry (also in imAddresses). */
    sipAddress: 0.3,
    /** People (with any address) with a personal address in otherMails. */
    otherMails: 0.1,
    /** People with a cost centre in extensionAttribute1. */
    costCentre: 0.6,
    /** People with a work arrangement in extensionAttribute10. */
    workArrangement: 0.2,
    /** Guests who accepted their invitation (the rest are PendingAcceptance). */
    guestAccepted: 0.85,
    /** Guests with givenName and surname set (Graph often has only displayName). */
    guestNamed: 0.5,
    /** People working at the headquarters office (the rest spread over the other offices). */
    headquarters: 0.4,
  },
  /** Every this-many-th licensed member of a department is a team manager. */
  managerSpan: 8,
  /** From this many users on, every special kind appears at least once. */
  allKindsFrom: 50,
} as const;

/** Well-known licence SKU ids the generator assigns (Graph `assignedLicenses[].skuId`). */
export const LICENSE_SKUS = {
  microsoft365E3: '05e9a617-0261-4cee-bb44-138d3ef5d965',
  microsoft365E5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
  office365E3: '6fd2c87f-b296-42f0-b197-1e91e994b900',
  microsoft365F3: '66b55226-6b4f-492c-910c-a3b7a3c9d993',
  powerBiPro: 'f8a1db68-be16-40ed-86d5-cb42ce701560',
  enterpriseMobilitySecurityE3: 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e',
  visioPlan2: 'c5928f49-12ba-48f7-ada3-0d743a3601d5',
  projectPlan3: '53818b1b-4a27-454b-8896-0dba576410e6',
} as const;

/** A fixed account at the start of every generated tenant (users[0], users[1], …). */
export interface DemoUser {
  localPart: string;
  givenName: string;
  surname: string;
  jobTitle: string;
  department: string;
  /** Directory role template ids (the `wids` claim). */
  roles: readonly string[];
}

/** The demo accounts, in order: users[i] is DEMO_USERS[i] whenever the tenant has i+1 users. */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    localPart: 'admin',
    givenName: 'Morgan',
    surname: 'Hale',
    jobTitle: 'IT Director',
    department: 'Information Technology',
    roles: [DirectoryRole.globalAdministrator],
  },
  {
    localPart: 'riley.ashcombe',
    givenName: 'Riley',
    surname: 'Ashcombe',
    jobTitle: 'Account Executive',
    department: 'Sales',
    roles: [],
  },
  {
    localPart: 'jordan.feld',
    givenName: 'Jordan',
    surname: 'Feld',
    jobTitle: 'Application Platform Engineer',
    department: 'Information Technology',
    roles: [DirectoryRole.applicationAdministrator],
  },
  {
    localPart: 'sasha.okonkwo',
    givenName: 'Sasha',
    surname: 'Okonkwo',
    jobTitle: 'Cloud Engineer',
    department: 'Information Technology',
    roles: [DirectoryRole.cloudApplicationAdministrator],
  },
  {
    localPart: 'priya.raman',
    givenName: 'Priya',
    surname: 'Raman',
    jobTitle: 'Identity and Access Administrator',
    department: 'Information Technology',
    roles: [DirectoryRole.userAdministrator],
  },
];

/** The CEO (root of the org chart) directly follows the demo accounts. */
const CEO_INDEX = DEMO_USERS.length;

/** Tenant creation; every timestamp lies between this and DATA_AS_OF_MS, so output never depends on the clock. */
const TENANT_EPOCH_MS = Date.UTC(2019, 2, 4, 9, 30, 0);
const DATA_AS_OF_MS = Date.UTC(2025, 4, 30, 12, 0, 0);
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Vocabulary. All names, companies and domains are invented; domains use the .example TLD
// (or example.com/.net/.org) and phone numbers use ranges reserved for fiction where they exist.

interface Department {
  name: string;
  costCentre: string;
  weight: number;
  head: string;
  manager: string;
  titles: readonly string[];
}

const DEPARTMENTS: readonly Department[] = [
  {
    name: 'Executive',
    costCentre: '1000',
    weight: 0.5,
    head: 'Chief Executive Officer',
    manager: 'Chief of Staff',
    titles: ['Executive Assistant', 'Strategy Analyst', 'Executive Business Partner'],
  },
  {
    name: 'Information Technology',
    costCentre: '1100',
    weight: 7,
    head: 'IT Director',
    manager: 'IT Manager',
    titles: [
      'Systems Administrator',
      'Service Desk Analyst',
      'Network Engineer',
      'Security Analyst',
      'Cloud Engineer',
      'Identity Engineer',
    ],
  },
  {
    name: 'Sales',
    costCentre: '2100',
    weight: 14,
    head: 'Vice President of Sales',
    manager: 'Sales Manager',
    titles: [
      'Account Executive',
      'Sales Representative',
      'Inside Sales Representative',
      'Sales Engineer',
      'Key Account Manager',
      'Sales Operations Analyst',
    ],
  },
  {
    name: 'Marketing',
    costCentre: '2200',
    weight: 7,
    head: 'Chief Marketing Officer',
    manager: 'Marketing Manager',
    titles: [
      'Marketing Specialist',
      'Content Strategist',
      'Digital Marketing Analyst',
      'Brand Designer',
      'Communications Officer',
      'Events Coordinator',
    ],
  },
  {
    name: 'Customer Service',
    costCentre: '2300',
    weight: 12,
    head: 'Director of Customer Service',
    manager: 'Customer Service Manager',
    titles: [
      'Customer Service Representative',
      'Support Specialist',
      'Customer Success Manager',
      'Technical Support Engineer',
      'Escalations Specialist',
    ],
  },
  {
    name: 'Finance',
    costCentre: '3100',
    weight: 6,
    head: 'Chief Financial Officer',
    manager: 'Finance Manager',
    titles: [
      'Accountant',
      'Financial Analyst',
      'Payroll Specialist',
      'Accounts Payable Clerk',
      'Financial Controller',
      'Tax Specialist',
    ],
  },
  {
    name: 'Human Resources',
    costCentre: '3200',
    weight: 5,
    head: 'Chief People Officer',
    manager: 'HR Manager',
    titles: [
      'HR Business Partner',
      'Recruiter',
      'HR Generalist',
      'Learning & Development Specialist',
      'Compensation Analyst',
    ],
  },
  {
    name: 'Legal',
    costCentre: '3300',
    weight: 3,
    head: 'General Counsel',
    manager: 'Legal Manager',
    titles: [
      'Corporate Counsel',
      'Paralegal',
      'Compliance Officer',
      'Contracts Manager',
      'Privacy Officer',
    ],
  },
  {
    name: 'Procurement',
    costCentre: '3400',
    weight: 4,
    head: 'Head of Procurement',
    manager: 'Procurement Manager',
    titles: [
      'Buyer',
      'Category Manager',
      'Procurement Analyst',
      'Vendor Manager',
      'Sourcing Specialist',
    ],
  },
  {
    name: 'Engineering',
    costCentre: '4100',
    weight: 16,
    head: 'Vice President of Engineering',
    manager: 'Engineering Manager',
    titles: [
      'Software Engineer',
      'Senior Software Engineer',
      'QA Engineer',
      'DevOps Engineer',
      'Data Engineer',
      'Site Reliability Engineer',
    ],
  },
  {
    name: 'Research & Development',
    costCentre: '4200',
    weight: 9,
    head: 'Director of Research',
    manager: 'Research Manager',
    titles: [
      'Research Scientist',
      'Lab Technician',
      'Clinical Research Associate',
      'Data Scientist',
      'Formulation Chemist',
    ],
  },
  {
    name: 'Operations',
    costCentre: '5100',
    weight: 13,
    head: 'Director of Operations',
    manager: 'Operations Manager',
    titles: [
      'Operations Analyst',
      'Logistics Coordinator',
      'Warehouse Supervisor',
      'Supply Chain Planner',
      'Quality Inspector',
    ],
  },
  {
    name: 'Facilities',
    costCentre: '5200',
    weight: 3.5,
    head: 'Head of Facilities',
    manager: 'Facilities Manager',
    titles: ['Facilities Coordinator', 'Receptionist', 'Maintenance Technician', 'Office Manager'],
  },
];

const EXECUTIVE = 0;
const departmentIndex = (name: string): number => {
  const index = DEPARTMENTS.findIndex((d) => d.name === name);
  if (index < 0) throw new Error(`unknown department ${name}`);
  return index;
};
const INFORMATION_TECHNOLOGY = departmentIndex('Information Technology');
const TECHNOLOGY_DEPARTMENTS = [
  INFORMATION_TECHNOLOGY,
  departmentIndex('Engineering'),
  departmentIndex('Research & Development'),
];
const FRONTLINE_DEPARTMENTS = ['Customer Service', 'Operations', 'Facilities'].map(departmentIndex);
const DEPARTMENT_INDEXES = DEPARTMENTS.map((_, i) => i);
const DEPARTMENT_WEIGHTS = DEPARTMENTS.map((d) => d.weight);

interface Office {
  city: string;
  state: string | null;
  country: string;
  countryCode: string;
  postalCode: string;
  streetAddress: string;
  /** Digits marked `#`; the fixed parts follow the country's format. */
  phone: string;
  mobile: string;
  locale: string;
  language: string;
  /** Windows time zone name, as Exchange reports it in mailboxSettings. */
  timeZone: string;
}

const OFFICES: readonly Office[] = [
  {
    city: 'Oslo',
    state: null,
    country: 'Norway',
    countryCode: 'NO',
    postalCode: '0191',
    streetAddress: 'Dronning Eufemias gate 16',
    phone: '+47 2# ## ## ##',
    mobile: '+47 4# ## ## ##',
    locale: 'nb-NO',
    language: 'Norwegian Bokmål (Norway)',
    timeZone: 'W. Europe Standard Time',
  },
  {
    city: 'Seattle',
    state: 'WA',
    country: 'United States',
    countryCode: 'US',
    postalCode: '98101',
    streetAddress: '1420 Fifth Avenue',
    phone: '+1 206 555 01##',
    mobile: '+1 425 555 01##',
    locale: 'en-US',
    language: 'English (United States)',
    timeZone: 'Pacific Standard Time',
  },
  {
    city: 'London',
    state: null,
    country: 'United Kingdom',
    countryCode: 'GB',
    postalCode: 'EC2A 4NE',
    streetAddress: '35 Paul Street',
    phone: '+44 20 7946 0###',
    mobile: '+44 7700 900###',
    locale: 'en-GB',
    language: 'English (United Kingdom)',
    timeZone: 'GMT Standard Time',
  },
  {
    city: 'München',
    state: 'Bayern',
    country: 'Germany',
    countryCode: 'DE',
    postalCode: '80807',
    streetAddress: 'Leopoldstraße 244',
    phone: '+49 89 ### ####',
    mobile: '+49 15# #######',
    locale: 'de-DE',
    language: 'German (Germany)',
    timeZone: 'W. Europe Standard Time',
  },
  {
    city: 'Lyon',
    state: 'Auvergne-Rhône-Alpes',
    country: 'France',
    countryCode: 'FR',
    postalCode: '69003',
    streetAddress: '45 Rue de la Villette',
    phone: '+33 4 72 ## ## ##',
    mobile: '+33 6 ## ## ## ##',
    locale: 'fr-FR',
    language: 'French (France)',
    timeZone: 'Romance Standard Time',
  },
  {
    city: 'Madrid',
    state: 'Comunidad de Madrid',
    country: 'Spain',
    countryCode: 'ES',
    postalCode: '28046',
    streetAddress: 'Paseo de la Castellana 89',
    phone: '+34 91 ### ## ##',
    mobile: '+34 6## ### ###',
    locale: 'es-ES',
    language: 'Spanish (Spain)',
    timeZone: 'Romance Standard Time',
  },
  {
    city: 'Warszawa',
    state: 'Mazowieckie',
    country: 'Poland',
    countryCode: 'PL',
    postalCode: '00-838',
    streetAddress: 'ul. Prosta 51',
    phone: '+48 22 ### ## ##',
    mobile: '+48 5## ### ###',
    locale: 'pl-PL',
    language: 'Polish (Poland)',
    timeZone: 'Central European Standard Time',
  },
  {
    city: 'İstanbul',
    state: 'İstanbul',
    country: 'Türkiye',
    countryCode: 'TR',
    postalCode: '34394',
    streetAddress: 'Büyükdere Caddesi 185',
    phone: '+90 212 ### ## ##',
    mobile: '+90 5## ### ## ##',
    locale: 'tr-TR',
    language: 'Turkish (Türkiye)',
    timeZone: 'Turkey Standard Time',
  },
  {
    city: 'Tokyo',
    state: 'Tokyo',
    country: 'Japan',
    countryCode: 'JP',
    postalCode: '100-0005',
    streetAddress: '2-7-2 Marunouchi, Chiyoda-ku',
    phone: '+81 3-####-####',
    mobile: '+81 90-####-####',
    locale: 'ja-JP',
    language: 'Japanese (Japan)',
    timeZone: 'Tokyo Standard Time',
  },
  {
    city: 'Shanghai',
    state: 'Shanghai',
    country: 'China',
    countryCode: 'CN',
    postalCode: '200120',
    streetAddress: '1000 Lujiazui Ring Road, Pudong',
    phone: '+86 21 #### ####',
    mobile: '+86 13# #### ####',
    locale: 'zh-CN',
    language: 'Chinese (Simplified, China)',
    timeZone: 'China Standard Time',
  },
  {
    city: 'Sydney',
    state: 'NSW',
    country: 'Australia',
    countryCode: 'AU',
    postalCode: '2000',
    streetAddress: '200 George Street',
    phone: '+61 2 5550 ####',
    mobile: '+61 491 570 ###',
    locale: 'en-AU',
    language: 'English (Australia)',
    timeZone: 'AUS Eastern Standard Time',
  },
  {
    city: 'Toronto',
    state: 'ON',
    country: 'Canada',
    countryCode: 'CA',
    postalCode: 'M5H 2N2',
    streetAddress: '100 King Street West',
    phone: '+1 416 555 01##',
    mobile: '+1 647 555 01##',
    locale: 'en-CA',
    language: 'English (Canada)',
    timeZone: 'Eastern Standard Time',
  },
];

// prettier-ignore
const GIVEN_NAMES: readonly string[] = [
  'Aaron', 'Abigail', 'Adam', 'Aisha', 'Alex', 'Alice', 'Amara', 'Amelia', 'Andrew', 'Angela',
  'Anthony', 'Ava', 'Benjamin', 'Bianca', 'Brandon', 'Caleb', 'Camila', 'Carlos', 'Caroline',
  'Charlotte', 'Chris', 'Claire', 'Daniel', 'David', 'Deepa', 'Diana', 'Dylan', 'Elena', 'Eli',
  'Elijah', 'Emily', 'Emma', 'Ethan', 'Evelyn', 'Fatima', 'Felix', 'Fiona', 'Gabriel', 'Grace',
  'Hannah', 'Harper', 'Hassan', 'Henry', 'Isaac', 'Isabella', 'Ivan', 'Jack', 'James', 'Jasmine',
  'Jennifer', 'Jessica', 'John', 'Jonathan', 'Julia', 'Kai', 'Karen', 'Kevin', 'Laura', 'Leo',
  'Liam', 'Lily', 'Lucas', 'Lucy', 'Maria', 'Mark', 'Maya', 'Michael', 'Mila', 'Mohammed',
  'Nadia', 'Natalie', 'Nathan', 'Noah', 'Nora', 'Olivia', 'Omar', 'Oscar', 'Patrick', 'Paul',
  'Rachel', 'Rahul', 'Rebecca', 'Robert', 'Ruby', 'Ryan', 'Samuel', 'Sara', 'Sean', 'Sofia',
  'Sophie', 'Stella', 'Stephen', 'Tariq', 'Thomas', 'Uma', 'Victoria', 'William', 'Yasmin',
  'Zachary',
];

// prettier-ignore
const SURNAMES: readonly string[] = [
  'Adams', 'Ahmed', 'Allen', 'Anderson', 'Baker', 'Barnes', 'Bell', 'Bennett', 'Brooks', 'Brown',
  'Campbell', 'Carter', 'Chen', 'Clark', 'Clarke-Holloway', 'Collins', 'Cook', 'Cooper', 'Cruz',
  'Davies', 'Davis', 'Dixon', 'Edwards', 'Evans', 'Fisher', 'Fleming', 'Foster', 'Garcia', 'Gill',
  'Gray', 'Green', 'Hall', 'Harris', 'Hayes', 'Hill', 'Hughes', 'Hunt', 'Jackson', 'Jenkins',
  'Johnson', 'Jones', 'Kelly', 'Khan', 'King', 'Kumar', 'Lee', 'Lewis', 'Lopez', 'MacDonald',
  'Marshall', 'Martin', 'Mason', 'Mitchell', 'Moore', 'Morgan', 'Morris', 'Murphy', 'Nguyen',
  "O'Brien", "O'Connor", 'Owens', 'Palmer', 'Parker', 'Patel', 'Perry', 'Phillips', 'Price',
  'Quinn', 'Reed', 'Reid', 'Roberts', 'Robinson', 'Rogers', 'Ross', 'Russell', 'Sanders',
  'Scott', 'Shaw', 'Singh', 'Smith', 'Stewart', 'Sullivan', 'Taylor', 'Thompson', 'Turner',
  'Walker', 'Ward', 'Watson', 'White', 'Williams', 'Wilson', 'Wood', 'Wright', 'Young', 'Zhang',
];

/** Names with diacritics or special Latin letters; given names and surnames of one language. */
const ACCENTED_NAMES: readonly { given: readonly string[]; surnames: readonly string[] }[] = [
  {
    given: ['Zoë', 'Jürgen', 'Björn', 'Käthe', 'Jörg', 'Günther'],
    surnames: ['Müller', 'Schröder', 'Köhler', 'Weiß', 'Groß', 'Bäumer'],
  },
  {
    given: ['Łukasz', 'Małgorzata', 'Paweł', 'Żaneta', 'Wojciech', 'Agnieszka'],
    surnames: ['Wójcik', 'Wiśniewski', 'Dąbrowska', 'Zieliński', 'Kołodziej', 'Śliwa'],
  },
  {
    given: ['José', 'María', 'Iñigo', 'Núria', 'Ramón', 'Inés'],
    surnames: ['Núñez', 'Muñoz', 'Ibáñez', 'Peña', 'Gómez', 'Sáenz'],
  },
  {
    given: ['Søren', 'Åsa', 'Jørgen', 'Bjørn', 'Ingrid', 'Mette'],
    surnames: ['Åberg', 'Sørensen', 'Ødegård', 'Bjørnstad', 'Løvås', 'Ångström'],
  },
  {
    given: ['Chloé', 'Hélène', 'François', 'Jérôme', 'Anaïs', 'Loïc'],
    surnames: ['Lefèvre', 'Lemaître', 'Bérard', 'Fréchette', 'Thérien', 'Cœurdray'],
  },
  {
    given: ['Ahmet', 'Ayşe', 'Çağla', 'Gökhan', 'İsmail', 'Şule'],
    surnames: ['Yılmaz', 'Öztürk', 'Çelik', 'Şahin', 'Doğan', 'Kılıç'],
  },
];

/** East Asian names: [native, romanised] pairs; displayName is surname first. */
// prettier-ignore
const CJK_NAMES: readonly {
  separator: string;
  surnames: readonly (readonly [string, string])[];
  given: readonly (readonly [string, string])[];
}[] = [
  {
    separator: '',
    surnames: [
      ['王', 'Wang'], ['李', 'Li'], ['张', 'Zhang'], ['刘', 'Liu'], ['陈', 'Chen'],
      ['杨', 'Yang'], ['黄', 'Huang'], ['赵', 'Zhao'], ['周', 'Zhou'], ['吴', 'Wu'],
    ],
    given: [
      ['芳', 'Fang'], ['伟', 'Wei'], ['敏', 'Min'], ['洋', 'Yang'], ['静', 'Jing'], ['磊', 'Lei'],
      ['丽', 'Li'], ['强', 'Qiang'], ['婷', 'Ting'], ['军', 'Jun'], ['秀英', 'Xiuying'], ['建华', 'Jianhua'],
    ],
  },
  {
    separator: ' ',
    surnames: [
      ['佐藤', 'Sato'], ['鈴木', 'Suzuki'], ['高橋', 'Takahashi'], ['田中', 'Tanaka'],
      ['渡辺', 'Watanabe'], ['伊藤', 'Ito'], ['山本', 'Yamamoto'], ['中村', 'Nakamura'],
    ],
    given: [
      ['健', 'Ken'], ['花子', 'Hanako'], ['翔', 'Sho'], ['美咲', 'Misaki'], ['大輔', 'Daisuke'],
      ['結衣', 'Yui'], ['蓮', 'Ren'], ['陽菜', 'Hina'],
    ],
  },
  {
    separator: '',
    surnames: [['김', 'Kim'], ['이', 'Lee'], ['박', 'Park'], ['최', 'Choi'], ['정', 'Jung']],
    given: [['민준', 'Minjun'], ['서연', 'Seoyeon'], ['지훈', 'Jihoon'], ['수빈', 'Subin'], ['하은', 'Haeun']],
  },
];

// prettier-ignore
const COMPANY_FIRST_WORDS: readonly string[] = [
  'Alder', 'Bramble', 'Cinder', 'Dunmore', 'Elmstead', 'Fenwick', 'Gorse', 'Hollin', 'Ivel',
  'Juniper', 'Kestrel', 'Linden', 'Marlow', 'Nettle', 'Oakhurst', 'Pellow', 'Quarrystone',
  'Rowan', 'Saltmarsh', 'Thistle', 'Umberfield', 'Vetch', 'Wrenfield', 'Yarrow',
];
// prettier-ignore
const COMPANY_SECOND_WORDS: readonly string[] = [
  'Finch', 'Heron', 'Otter', 'Badger', 'Plover', 'Sparrow', 'Marten', 'Lark',
];
// prettier-ignore
const COMPANY_SUFFIXES: readonly string[] = [
  'Logistics', 'Pharmaceuticals', 'Analytics', 'Textiles', 'Engineering', 'Foods', 'Robotics',
  'Insurance', 'Outfitters', 'Shipping', 'Biotech', 'Consulting',
];
const CONTRACTOR_AGENCIES: readonly string[] = [
  'Brightwell Staffing',
  'Keelson Talent Partners',
  'Larchmont Contracting',
  'Pinecrest Interim',
];

/** Where guests come from: partner organisations and consumer-style mailboxes. */
const GUEST_ORIGINS: readonly { domain: string; company: string | null }[] = [
  { domain: 'example.com', company: null },
  { domain: 'example.net', company: null },
  { domain: 'example.org', company: null },
  { domain: 'harbourline.example', company: 'Harbourline Consulting' },
  { domain: 'mossgate.example', company: 'Mossgate Partners' },
  { domain: 'quillon.example', company: 'Quillon Design Studio' },
  { domain: 'tidewater-labs.example', company: 'Tidewater Labs' },
  { domain: 'ferrocourt.example', company: 'Ferrocourt Legal' },
];

/** Nicknames use hyphens, never one dot: `first.last` belongs to people (see Context). */
const SHARED_MAILBOXES: readonly { displayName: string; localPart: string }[] = [
  { displayName: 'Sales Team', localPart: 'sales' },
  { displayName: 'info', localPart: 'info' },
  { displayName: 'Support', localPart: 'support' },
  { displayName: 'Accounts Payable', localPart: 'accounts-payable' },
  { displayName: 'HR Enquiries', localPart: 'hr' },
  { displayName: 'Reception', localPart: 'reception' },
  { displayName: 'IT Helpdesk', localPart: 'helpdesk' },
  { displayName: 'Careers', localPart: 'careers' },
  { displayName: 'Press Office', localPart: 'press' },
  { displayName: 'Facilities Requests', localPart: 'facilities' },
  { displayName: 'Legal Notices', localPart: 'legal' },
  { displayName: 'Marketing', localPart: 'marketing' },
];

const EQUIPMENT: readonly string[] = [
  'Projector',
  'Pool Car',
  'Camera Kit',
  'Loaner Laptop',
  'Delivery Van',
  'Podcast Kit',
];

const SERVICE_ACCOUNTS: readonly { displayName: string; localPart: string }[] = [
  { displayName: 'Backup Service', localPart: 'svc-backup' },
  { displayName: 'No Reply', localPart: 'noreply' },
  { displayName: 'Reporting Service Account', localPart: 'sa-reporting' },
  { displayName: 'HR Sync', localPart: 'sync_hr' },
  { displayName: 'Scan to Email', localPart: 'svc-scanner' },
  { displayName: 'Monitoring', localPart: 'sa-monitoring' },
  { displayName: 'CRM Sync', localPart: 'sync_crm' },
  { displayName: 'Print Service', localPart: 'svc-printing' },
  { displayName: 'Billing Notifications', localPart: 'noreply-billing' },
  { displayName: 'ETL Service', localPart: 'sa-etl' },
];

// ---------------------------------------------------------------------------------------------
// Users as generated: every user has the same keys in the same order (absent values are null
// or []), which keeps the objects uniform for V8 and for `$select`.

// prettier-ignore
type ExtensionAttributeName = `extensionAttribute${
  | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15}`;
type ExtensionAttributes = Record<ExtensionAttributeName, string | null>;

interface AssignedLicense {
  disabledPlans: string[];
  skuId: string;
}

interface GeneratedUser extends GraphUser {
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  mailNickname: string;
  jobTitle: string | null;
  department: string | null;
  companyName: string | null;
  officeLocation: string | null;
  businessPhones: string[];
  mobilePhone: string | null;
  streetAddress: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  usageLocation: string | null;
  preferredLanguage: string | null;
  employeeId: string | null;
  employeeType: string | null;
  employeeHireDate: string | null;
  employeeLeaveDateTime: string | null;
  accountEnabled: boolean;
  userType: 'Member' | 'Guest';
  creationType: string | null;
  externalUserState: string | null;
  externalUserStateChangeDateTime: string | null;
  createdDateTime: string;
  onPremisesSyncEnabled: boolean | null;
  onPremisesImmutableId: string | null;
  onPremisesSamAccountName: string | null;
  onPremisesDomainName: string | null;
  onPremisesLastSyncDateTime: string | null;
  assignedLicenses: AssignedLicense[];
  proxyAddresses: string[];
  otherMails: string[];
  imAddresses: string[];
  onPremisesExtensionAttributes: ExtensionAttributes;
  manager: { id: string } | null;
}

function blankUser(id: string, userPrincipalName: string, createdDateTime: string): GeneratedUser {
  return {
    id,
    displayName: '',
    givenName: null,
    surname: null,
    userPrincipalName,
    mail: null,
    mailNickname: '',
    jobTitle: null,
    department: null,
    companyName: null,
    officeLocation: null,
    businessPhones: [],
    mobilePhone: null,
    streetAddress: null,
    city: null,
    state: null,
    postalCode: null,
    country: null,
    usageLocation: null,
    preferredLanguage: null,
    employeeId: null,
    employeeType: null,
    employeeHireDate: null,
    employeeLeaveDateTime: null,
    accountEnabled: true,
    userType: 'Member',
    creationType: null,
    externalUserState: null,
    externalUserStateChangeDateTime: null,
    createdDateTime,
    onPremisesSyncEnabled: null,
    onPremisesImmutableId: null,
    onPremisesSamAccountName: null,
    onPremisesDomainName: null,
    onPremisesLastSyncDateTime: null,
    assignedLicenses: [],
    proxyAddresses: [],
    otherMails: [],
    imAddresses: [],
    onPremisesExtensionAttributes: {
      extensionAttribute1: null,
      extensionAttribute2: null,
      extensionAttribute3: null,
      extensionAttribute4: null,
      extensionAttribute5: null,
      extensionAttribute6: null,
      extensionAttribute7: null,
      extensionAttribute8: null,
      extensionAttribute9: null,
      extensionAttribute10: null,
      extensionAttribute11: null,
      extensionAttribute12: null,
      extensionAttribute13: null,
      extensionAttribute14: null,
      extensionAttribute15: null,
    },
    manager: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers

/**
 * Joins parts into one flat string. Template literals make V8 "cons strings" (a tree node per
 * part) that roughly double the memory each kept string costs; at 100,000 users that memory is
 * most of the generation time (garbage collection).
 */
function cat(
  a: string | number,
  b: string | number,
  c: string | number = '',
  d: string | number = '',
  e: string | number = '',
  f: string | number = '',
): string {
  return [a, b, c, d, e, f].join('');
}

const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, i) =>
  String(i).padStart(2, '0'),
);

function at<T>(items: readonly T[], index: number): T {
  if (index < 0 || index >= items.length) throw new Error(`index ${index} out of range`);
  return items[index] as T;
}

// prettier-ignore
const FOLD_SPECIAL: Readonly<Record<string, string>> = {
  ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ß: 'ss',
  ı: 'i', đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', þ: 'th', Þ: 'Th',
};

/** Folds diacritics and special Latin letters to ASCII (Zoë Müller → Zoe Muller, Łukasz → Lukasz). */
export function asciiFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[łŁøØæÆœŒßıđĐðÐþÞ]/g, (c) => FOLD_SPECIAL[c] ?? '');
}

/** A phone pattern split into literal text and digit-run lengths: '+47 2# ##' → ['+47 2', 1, ' ', 2]. */
type PhoneFormat = readonly (string | number)[];

function compilePhoneFormat(pattern: string): PhoneFormat {
  return pattern
    .split(/(#+)/)
    .filter((part) => part !== '')
    .map((part) => (part.startsWith('#') ? part.length : part));
}

function fillDigits(rng: Rng, format: PhoneFormat): string {
  const parts: string[] = [];
  for (const part of format) {
    parts.push(
      typeof part === 'number' ? String(rng.int(0, 10 ** part - 1)).padStart(part, '0') : part,
    );
  }
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------
// Tenant identity

interface TenantIdentity {
  id: string;
  displayName: string;
  domain: string;
  secondaryDomain: string;
  initialDomain: string;
  onPremisesDomain: string;
}

const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

/** The seed-derived id, company name and domain (before any options override them). */
function inventIdentity(
  seed: number,
  disambiguator = 0,
): { id: string; displayName: string; domain: string } {
  const rng = createRng(deriveSeed(seed, 1));
  const id = rng.guid();
  const first = rng.pick(COMPANY_FIRST_WORDS);
  const second = rng.pick(COMPANY_SECOND_WORDS);
  const suffix = rng.pick(COMPANY_SUFFIXES);
  const paired = rng.chance(0.5);
  const number = disambiguator > 0 ? ` ${disambiguator + 1}` : '';
  const label = (paired ? `${first}${second}` : `${first}${suffix}`).toLowerCase();
  return {
    id,
    displayName: `${paired ? `${first} & ${second} ${suffix}` : `${first} ${suffix}`}${number}`,
    domain: `${label}${disambiguator > 0 ? disambiguator + 1 : ''}.example`,
  };
}

/** onmicrosoft.com names are letters and digits only, at most 27 characters. */
function initialLabel(text: string): string {
  const label = asciiFold(text)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 27);
  return label === '' ? 'tenant' : label;
}

function resolveIdentity(options: GenerateTenantOptions): TenantIdentity {
  const invented = inventIdentity(options.seed);
  const id = (options.id ?? invented.id).toLowerCase();
  if (!GUID_PATTERN.test(id)) throw new Error(`tenant id must be a GUID, got "${options.id}"`);
  const displayName = options.displayName ?? invented.displayName;
  const domain = (
    options.domain ??
    (options.displayName === undefined ? invented.domain : `${initialLabel(displayName)}.example`)
  ).toLowerCase();
  if (!DOMAIN_PATTERN.test(domain)) throw new Error(`domain must be a DNS name, got "${domain}"`);
  if (domain.endsWith('.onmicrosoft.com')) {
    throw new Error('domain is the custom domain; the onmicrosoft.com domain derives from it');
  }
  const dot = domain.indexOf('.');
  const firstLabel = domain.slice(0, dot);
  return {
    id,
    displayName,
    domain,
    secondaryDomain: `${firstLabel}-group${domain.slice(dot)}`,
    initialDomain: `${initialLabel(firstLabel)}.onmicrosoft.com`,
    onPremisesDomain: `corp.${domain}`,
  };
}

function verifiedDomains(identity: TenantIdentity): VerifiedDomain[] {
  const domain = (name: string, isDefault: boolean, isInitial: boolean): VerifiedDomain => ({
    capabilities: 'Email, OfficeCommunicationsOnline',
    isDefault,
    isInitial,
    name,
    type: 'Managed',
  });
  return [
    domain(identity.domain, true, false),
    domain(identity.secondaryDomain, false, false),
    domain(identity.initialDomain, false, true),
  ];
}

// ---------------------------------------------------------------------------------------------
// Population plan: who is what, where, and who reports to whom. Decided before any user is
// built, because a person's manager may come later in the list.

type Role = 'staff' | 'teamManager' | 'head' | 'ceo';

interface Plan {
  kinds: UserKind[];
  /** Department index per person, -1 for non-people. */
  departments: Int16Array;
  /** Index into the tenant's offices per person, -1 for non-people. */
  offices: Int16Array;
  roles: Role[];
  /** Index of each person's manager, -1 for none. */
  managers: Int32Array;
}

function isPerson(kind: UserKind): boolean {
  return (
    kind === 'member' ||
    kind === 'disabled' ||
    kind === 'unlicensedMember' ||
    kind === 'mailWithoutPrimarySmtp' ||
    kind === 'noAddress'
  );
}

/** Exact counts per kind, shuffled over the users after the demo accounts and the CEO. */
function planKinds(rng: Rng, n: number): UserKind[] {
  const fixed = Math.min(n, CEO_INDEX + 1);
  const open = n - fixed;
  const special: UserKind[] = [];
  for (const kind of SPECIAL_KINDS) {
    let count = Math.floor(PROPORTIONS.kinds[kind] * n);
    if (n >= PROPORTIONS.allKindsFrom) count = Math.max(count, 1);
    count = Math.min(count, open - special.length);
    for (let k = 0; k < count; k++) special.push(kind);
  }
  while (special.length < open) special.push('member');
  rng.shuffle(special);
  const kinds: UserKind[] = new Array<UserKind>(fixed).fill('member');
  for (const kind of special) kinds.push(kind);
  return kinds;
}

function planPopulation(rng: Rng, n: number, officeCount: number): Plan {
  const kinds = planKinds(rng, n);
  const departments = new Int16Array(n).fill(-1);
  const offices = new Int16Array(n).fill(-1);
  const roles = new Array<Role>(n).fill('staff');
  const managers = new Int32Array(n).fill(-1);
  const ceo = n > CEO_INDEX ? CEO_INDEX : -1;

  for (let i = 0; i < n; i++) {
    if (!isPerson(at(kinds, i))) continue;
    const demo = DEMO_USERS[i];
    departments[i] =
      demo !== undefined
        ? departmentIndex(demo.department)
        : i === CEO_INDEX
          ? EXECUTIVE
          : rng.weighted(DEPARTMENT_INDEXES, DEPARTMENT_WEIGHTS);
    offices[i] =
      i <= CEO_INDEX || officeCount === 1 || rng.chance(PROPORTIONS.traits.headquarters)
        ? 0
        : rng.int(1, officeCount - 1);
  }

  // The admin heads IT; the CEO heads Executive; every other department is headed by its
  // first licensed member, and every managerSpan-th member after that leads a team.
  const heads = new Int32Array(DEPARTMENTS.length).fill(-1);
  if (n > 0) {
    heads[INFORMATION_TECHNOLOGY] = 0;
    roles[0] = 'head';
  }
  if (ceo >= 0) {
    heads[EXECUTIVE] = ceo;
    roles[ceo] = 'ceo';
  }
  const teamManagers: number[][] = DEPARTMENTS.map(() => []);
  const teamSizes = new Int32Array(DEPARTMENTS.length);
  for (let i = CEO_INDEX + 1; i < n; i++) {
    if (kinds[i] !== 'member') continue;
    const d = departments[i] ?? -1;
    if ((heads[d] ?? -1) === -1) {
      heads[d] = i;
      roles[i] = 'head';
      continue;
    }
    const size = (teamSizes[d] ?? 0) + 1;
    teamSizes[d] = size;
    if (size % PROPORTIONS.managerSpan === 0) {
      roles[i] = 'teamManager';
      teamManagers[d]?.push(i);
    }
  }

  for (let i = 0; i < n; i++) {
    const d = departments[i] ?? -1;
    if (d === -1) continue;
    const head = heads[d] ?? -1;
    const role = roles[i];
    let manager: number;
    if (role === 'ceo') manager = -1;
    else if (role === 'head') manager = i === ceo ? -1 : ceo;
    else if (role === 'teamManager') manager = head;
    else {
      const team = i < DEMO_USERS.length ? [] : (teamManagers[d] ?? []);
      manager = team.length > 0 ? at(team, rng.int(0, team.length - 1)) : head !== -1 ? head : ceo;
    }
    // Without a CEO (tiny tenants) everyone hangs off the admin, who is then the root.
    if (manager === -1 && ceo === -1 && i !== 0) manager = 0;
    managers[i] = manager === i ? -1 : manager;
  }
  return { kinds, departments, offices, roles, managers };
}

// ---------------------------------------------------------------------------------------------
// Building users

/** An office of this tenant, with its officeLocation strings made once rather than per person. */
interface Site extends Office {
  floors: readonly string[];
}

interface Context {
  rng: Rng;
  identity: TenantIdentity;
  /** The headquarters first. */
  offices: readonly Site[];
  /**
   * Mail nicknames (every address in the tenant's domains uses one) come in two shapes that
   * cannot meet: a person's is `given.surname` plus maybe a number, with a given name of two or
   * more letters; every other one (resources, service accounts, groups, `f.surname` aliases)
   * has no dot, two dots or a one-letter first part. People therefore only need a count per
   * name (about 10,000 names at 100,000 users) instead of a set of every nickname, which
   * costs a fifth of the generation time at that size.
   */
  peopleNamed: Map<string, number>;
  /** The other nicknames in use. */
  otherLocals: Set<string>;
  /** Next numeric suffix to try per base nickname (keeps de-duplication linear). */
  otherSuffixes: Map<string, number>;
  externalAddresses: Set<string>;
  foldedLocals: Map<string, string>;
  /** 'YYYY-MM-DD' per day number (days since 1970). */
  dates: Map<number, string>;
  /** Full midnight timestamps per day number; they repeat a lot (hire and leave dates). */
  midnights: Map<number, string>;
  phoneFormats: Map<string, PhoneFormat>;
}

interface Built {
  user: GeneratedUser;
  mailbox: MailboxSettings | null;
}

/**
 * An ISO timestamp as Graph writes it (no milliseconds). Date.prototype.toISOString is slow
 * enough to matter at 100,000 users, so the date part is cached per day.
 */
function timestamp(ctx: Context, ms: number): string {
  // Whole days since 1970 stay small integers, which Map hashes much faster than big numbers.
  const day = Math.floor(ms / DAY_MS);
  let date = ctx.dates.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    ctx.dates.set(day, date);
  }
  const seconds = Math.floor((ms - day * DAY_MS) / 1000);
  const hours = TWO_DIGITS[Math.floor(seconds / 3600)] ?? '00';
  const minutes = TWO_DIGITS[Math.floor(seconds / 60) % 60] ?? '00';
  return [date, 'T', hours, ':', minutes, ':', TWO_DIGITS[seconds % 60] ?? '00', 'Z'].join('');
}

/** Midnight of the day of `ms`; the string is shared by everyone with that date. */
function dayTimestamp(ctx: Context, ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let text = ctx.midnights.get(day);
  if (text === undefined) {
    text = timestamp(ctx, day * DAY_MS);
    ctx.midnights.set(day, text);
  }
  return text;
}

/** Lowercase ASCII letters, digits and hyphens only, cached because names repeat a lot. */
function localPart(ctx: Context, text: string): string {
  let folded = ctx.foldedLocals.get(text);
  if (folded === undefined) {
    folded = asciiFold(text)
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '');
    ctx.foldedLocals.set(text, folded);
  }
  return folded;
}

/** A person's nickname: `first.last`, then `first.last2`, `first.last3`, … */
function claimPersonLocal(ctx: Context, base: string): string {
  const earlier = ctx.peopleNamed.get(base) ?? 0;
  ctx.peopleNamed.set(base, earlier + 1);
  return earlier === 0 ? base : cat(base, earlier + 1);
}

/** Any other nickname: `base`, or `base2`, `base3`, … when taken. */
function claimLocal(ctx: Context, base: string): string {
  if (addNew(ctx.otherLocals, base)) return base;
  let suffix = ctx.otherSuffixes.get(base) ?? 2;
  let local = cat(base, suffix);
  while (!addNew(ctx.otherLocals, local)) local = cat(base, ++suffix);
  ctx.otherSuffixes.set(base, suffix + 1);
  return local;
}

/** Adds `value` and tells whether it was new, with one hash lookup instead of has() + add(). */
function addNew(set: Set<string>, value: string): boolean {
  const before = set.size;
  set.add(value);
  return set.size !== before;
}

function claimExternal(ctx: Context, local: string, domain: string): string {
  let address = cat(local, '@', domain);
  for (let suffix = 2; ctx.externalAddresses.has(address); suffix++) {
    address = cat(local, suffix, '@', domain);
  }
  ctx.externalAddresses.add(address);
  return address;
}

interface PersonName {
  givenName: string;
  surname: string;
  displayName: string;
  givenAscii: string;
  surnameAscii: string;
}

function randomName(ctx: Context): PersonName {
  const { rng } = ctx;
  if (rng.chance(PROPORTIONS.traits.nonAsciiName)) {
    if (rng.chance(PROPORTIONS.traits.cjkName)) {
      const language = rng.pick(CJK_NAMES);
      const [surname, surnameRoman] = rng.pick(language.surnames);
      const [given, givenRoman] = rng.pick(language.given);
      return {
        givenName: given,
        surname,
        displayName: cat(surname, language.separator, given),
        givenAscii: localPart(ctx, givenRoman),
        surnameAscii: localPart(ctx, surnameRoman),
      };
    }
    const language = rng.pick(ACCENTED_NAMES);
    return latinName(ctx, rng.pick(language.given), rng.pick(language.surnames));
  }
  return latinName(ctx, rng.pick(GIVEN_NAMES), rng.pick(SURNAMES));
}

function latinName(ctx: Context, givenName: string, surname: string): PersonName {
  return {
    givenName,
    surname,
    displayName: cat(givenName, ' ', surname),
    givenAscii: localPart(ctx, givenName),
    surnameAscii: localPart(ctx, surname),
  };
}

function mailbox(userPurpose: MailboxSettings['userPurpose'], office: Office): MailboxSettings {
  return {
    userPurpose,
    timeZone: office.timeZone,
    language: { locale: office.locale, displayName: office.language },
  };
}

const MAIN_SKUS: readonly string[] = [
  LICENSE_SKUS.microsoft365E3,
  LICENSE_SKUS.office365E3,
  LICENSE_SKUS.microsoft365E5,
  LICENSE_SKUS.microsoft365F3,
];
// Frontline departments mostly get F3; office workers mostly E3.
const FRONTLINE_SKU_WEIGHTS: readonly number[] = [25, 10, 5, 60];
const OFFICE_SKU_WEIGHTS: readonly number[] = [55, 20, 15, 10];
const ADD_ON_SKUS: readonly string[] = [
  LICENSE_SKUS.powerBiPro,
  LICENSE_SKUS.enterpriseMobilitySecurityE3,
  LICENSE_SKUS.visioPlan2,
  LICENSE_SKUS.projectPlan3,
];

function personLicences(rng: Rng, department: number, demo: boolean): AssignedLicense[] {
  const frontline = FRONTLINE_DEPARTMENTS.includes(department);
  const main = demo
    ? LICENSE_SKUS.microsoft365E5
    : rng.weighted(MAIN_SKUS, frontline ? FRONTLINE_SKU_WEIGHTS : OFFICE_SKU_WEIGHTS);
  if (demo || !rng.chance(PROPORTIONS.traits.secondLicence)) {
    return [{ disabledPlans: [], skuId: main }];
  }
  const addOn = rng.pick(ADD_ON_SKUS);
  return [
    { disabledPlans: [], skuId: main },
    { disabledPlans: [], skuId: addOn },
  ];
}

/** Random creation time after the tenant's, for everyone but the admin. */
function createdAt(rng: Rng, index: number): number {
  if (index === 0) return TENANT_EPOCH_MS;
  const spanSeconds = Math.floor((DATA_AS_OF_MS - TENANT_EPOCH_MS) / 1000) - 7 * 86_400;
  return TENANT_EPOCH_MS + rng.int(3_600, spanSeconds) * 1000;
}

function phoneNumber(ctx: Context, pattern: string): string {
  let format = ctx.phoneFormats.get(pattern);
  if (format === undefined) {
    format = compilePhoneFormat(pattern);
    ctx.phoneFormats.set(pattern, format);
  }
  return fillDigits(ctx.rng, format);
}

function buildPerson(
  ctx: Context,
  plan: Plan,
  index: number,
  id: string,
  managerId: string | null,
): Built {
  const { rng, identity } = ctx;
  const T = PROPORTIONS.traits;
  const kind = at(plan.kinds, index);
  const demo = DEMO_USERS[index];
  const departmentId = plan.departments[index] ?? EXECUTIVE;
  const department = at(DEPARTMENTS, departmentId);
  const office = at(ctx.offices, plan.offices[index] ?? 0);
  const role = at(plan.roles, index);

  const name = demo !== undefined ? latinName(ctx, demo.givenName, demo.surname) : randomName(ctx);
  const local = claimPersonLocal(
    ctx,
    demo?.localPart ?? cat(name.givenAscii, '.', name.surnameAscii),
  );
  const address = cat(local, '@', identity.domain);
  const createdMs = createdAt(rng, index);
  const user = blankUser(id, address, timestamp(ctx, createdMs));

  user.displayName = name.displayName;
  user.givenName = name.givenName;
  user.surname = name.surname;
  user.mailNickname = local;
  user.jobTitle =
    demo?.jobTitle ??
    (role === 'ceo' || role === 'head'
      ? department.head
      : role === 'teamManager'
        ? department.manager
        : rng.pick(department.titles));
  user.department = department.name;

  const contractor = demo === undefined && role === 'staff' && rng.chance(T.contractor);
  user.employeeType = contractor ? 'Contractor' : 'Employee';
  user.employeeId = contractor ? `C${700001 + index}` : String(100001 + index);
  user.companyName = contractor ? rng.pick(CONTRACTOR_AGENCIES) : identity.displayName;

  user.officeLocation = rng.pick(office.floors);
  user.streetAddress = office.streetAddress;
  user.city = office.city;
  user.state = office.state;
  user.postalCode = office.postalCode;
  user.country = office.country;
  user.usageLocation = office.countryCode;
  user.preferredLanguage = office.locale;
  if (rng.chance(T.businessPhone)) user.businessPhones = [phoneNumber(ctx, office.phone)];
  if (rng.chance(T.mobilePhone)) user.mobilePhone = phoneNumber(ctx, office.mobile);

  const synced = demo === undefined && rng.chance(T.onPremisesSynced);
  // Synced people were often hired long before the tenant existed; cloud-only ones just before.
  const hireMs = createdMs - (synced ? rng.int(0, 8 * 365) : rng.int(0, 21)) * DAY_MS;
  user.employeeHireDate = dayTimestamp(ctx, hireMs);
  if (synced) {
    user.onPremisesSyncEnabled = true;
    user.onPremisesImmutableId = Buffer.from(rng.bytes(16)).toString('base64');
    user.onPremisesSamAccountName = local.slice(0, 20);
    user.onPremisesDomainName = identity.onPremisesDomain;
    user.onPremisesLastSyncDateTime = timestamp(ctx, DATA_AS_OF_MS - rng.int(60, 1_800) * 1000);
  }

  user.accountEnabled = kind !== 'disabled';
  if (kind === 'disabled') {
    const leftMs = createdMs + rng.next() * (DATA_AS_OF_MS - createdMs);
    user.employeeLeaveDateTime = dayTimestamp(ctx, leftMs);
  }
  const licensed =
    kind === 'member' ||
    kind === 'mailWithoutPrimarySmtp' ||
    (kind === 'disabled' && rng.chance(T.disabledStillLicensed));
  if (licensed) user.assignedLicenses = personLicences(rng, departmentId, demo !== undefined);

  if (kind === 'mailWithoutPrimarySmtp') {
    user.mail = address;
    if (rng.chance(T.lowercaseSmtpOnly)) {
      user.proxyAddresses = [
        cat('smtp:', address),
        cat('smtp:', local, '@', identity.initialDomain),
      ];
    }
  } else if (kind !== 'noAddress') {
    user.mail = address;
    addPersonProxyAddresses(ctx, user, name, local);
  }
  if (kind !== 'noAddress' && rng.chance(T.otherMails)) {
    user.otherMails = [
      cat(name.givenAscii, '.', name.surnameAscii, rng.int(1, 99), '@example.net'),
    ];
  }

  const attributes = user.onPremisesExtensionAttributes;
  if (rng.chance(T.costCentre)) attributes.extensionAttribute1 = `CC-${department.costCentre}`;
  if (rng.chance(T.workArrangement)) {
    attributes.extensionAttribute10 = rng.pick(['Hybrid', 'Remote', 'On-site']);
  }
  user.manager = managerId === null ? null : { id: managerId };
  return {
    user,
    mailbox: licensed && user.mail !== null ? mailbox('user', office) : null,
  };
}

/** The full Exchange set: primary SMTP, aliases, the onmicrosoft.com alias, maybe X500/SIP. */
function addPersonProxyAddresses(
  ctx: Context,
  user: GeneratedUser,
  name: PersonName,
  local: string,
): void {
  const { rng, identity } = ctx;
  const T = PROPORTIONS.traits;
  const address = cat(local, '@', identity.domain);
  const proxies: string[] = [];
  // Legacy entries come first on purpose: the primary is the SMTP: one, not the first one.
  if (rng.chance(T.x500Address)) {
    const hex = rng.guid().replace(/-/g, '');
    proxies.push(cat(X500_PREFIX, hex, '-', local));
  }
  proxies.push(cat('SMTP:', address));
  if (rng.chance(T.aliasInSecondaryDomain)) {
    proxies.push(cat('smtp:', local, '@', identity.secondaryDomain));
  }
  if (rng.chance(T.shortAlias)) {
    const alias = cat(name.givenAscii.slice(0, 1), '.', name.surnameAscii);
    if (addNew(ctx.otherLocals, alias)) proxies.push(cat('smtp:', alias, '@', identity.domain));
  }
  proxies.push(cat('smtp:', local, '@', identity.initialDomain));
  if (rng.chance(T.sipAddress)) {
    proxies.push(cat('SIP:', address));
    user.imAddresses = [address];
  }
  // A copy is exactly as long as needed; the pushed-to array keeps spare capacity.
  user.proxyAddresses = proxies.slice();
}

const X500_PREFIX =
  'X500:/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=';

function buildGuest(ctx: Context, index: number, id: string): Built {
  const { rng, identity } = ctx;
  const name = randomName(ctx);
  const origin = rng.pick(GUEST_ORIGINS);
  const external = claimExternal(ctx, cat(name.givenAscii, '.', name.surnameAscii), origin.domain);
  const nickname = cat(external.replace('@', '_'), '#EXT#');
  const createdMs = createdAt(rng, index);
  const user = blankUser(id, cat(nickname, '@', identity.initialDomain), timestamp(ctx, createdMs));
  user.displayName = name.displayName;
  if (rng.chance(PROPORTIONS.traits.guestNamed)) {
    user.givenName = name.givenName;
    user.surname = name.surname;
  }
  // A guest's mail is the external address, never the #EXT# UPN.
  user.mail = external;
  user.mailNickname = nickname;
  user.proxyAddresses = [cat('SMTP:', external)];
  user.otherMails = [external];
  user.companyName = origin.company;
  user.userType = 'Guest';
  user.creationType = 'Invitation';
  const accepted = rng.chance(PROPORTIONS.traits.guestAccepted);
  user.externalUserState = accepted ? 'Accepted' : 'PendingAcceptance';
  user.externalUserStateChangeDateTime = timestamp(
    ctx,
    accepted ? createdMs + rng.int(60, 14 * 86_400) * 1000 : createdMs,
  );
  return { user, mailbox: null };
}

/** A mailbox-only account: shared, room or equipment. Disabled and unlicensed, as Exchange makes them. */
function resourceUser(
  ctx: Context,
  index: number,
  id: string,
  displayName: string,
  baseLocal: string,
): GeneratedUser {
  const { rng, identity } = ctx;
  const local = claimLocal(ctx, baseLocal);
  const address = cat(local, '@', identity.domain);
  const user = blankUser(id, address, timestamp(ctx, createdAt(rng, index)));
  user.displayName = displayName;
  user.mail = address;
  user.mailNickname = local;
  user.accountEnabled = false;
  user.proxyAddresses = [cat('SMTP:', address), cat('smtp:', local, '@', identity.initialDomain)];
  return user;
}

function buildSharedMailbox(ctx: Context, index: number, id: string, nth: number): Built {
  const base = at(SHARED_MAILBOXES, nth % SHARED_MAILBOXES.length);
  const round = Math.floor(nth / SHARED_MAILBOXES.length);
  // Large tenants get one of each per office ("Support Tokyo"), then numbered ones.
  const office = round === 0 ? null : at(ctx.offices, (round - 1) % ctx.offices.length);
  const cycle = round === 0 ? 0 : Math.floor((round - 1) / ctx.offices.length);
  const number = cycle > 0 ? ` ${cycle + 1}` : '';
  const displayName = cat(base.displayName, office === null ? '' : cat(' ', office.city), number);
  const local = cat(
    base.localPart,
    office === null ? '' : cat('-', localPart(ctx, office.city)),
    cycle > 0 ? cycle + 1 : '',
  );
  const user = resourceUser(ctx, index, id, displayName, local);
  return { user, mailbox: mailbox('shared', at(ctx.offices, 0)) };
}

function buildRoom(ctx: Context, index: number, id: string, nth: number): Built {
  const office = at(ctx.offices, nth % ctx.offices.length);
  const perOffice = Math.floor(nth / ctx.offices.length);
  const floor = 1 + (perOffice % 8);
  const room = String(10 + Math.floor(perOffice / 8) * 3 + (perOffice % 3)).padStart(2, '0');
  const user = resourceUser(
    ctx,
    index,
    id,
    cat('Conf Room ', office.city, ' ', floor, '.', room),
    cat('confroom.', localPart(ctx, office.city), '.', floor, room),
  );
  user.officeLocation = cat(office.city, ' ', floor, '.', room);
  user.streetAddress = office.streetAddress;
  user.city = office.city;
  user.state = office.state;
  user.postalCode = office.postalCode;
  user.country = office.country;
  return { user, mailbox: mailbox('room', office) };
}

function buildEquipment(ctx: Context, index: number, id: string, nth: number): Built {
  const item = at(EQUIPMENT, nth % EQUIPMENT.length);
  const number = Math.floor(nth / EQUIPMENT.length) + 1;
  const office = at(ctx.offices, nth % ctx.offices.length);
  const user = resourceUser(
    ctx,
    index,
    id,
    cat(item, ' ', number),
    cat(localPart(ctx, item), number),
  );
  user.officeLocation = office.city;
  return { user, mailbox: mailbox('equipment', office) };
}

function buildServiceAccount(ctx: Context, index: number, id: string, nth: number): Built {
  const { rng, identity } = ctx;
  const base = at(SERVICE_ACCOUNTS, nth % SERVICE_ACCOUNTS.length);
  const round = Math.floor(nth / SERVICE_ACCOUNTS.length);
  const number = round === 0 ? '' : String(round + 1);
  const local = claimLocal(ctx, cat(base.localPart, number));
  const address = cat(local, '@', identity.domain);
  const user = blankUser(id, address, timestamp(ctx, createdAt(rng, index)));
  user.displayName = number === '' ? base.displayName : cat(base.displayName, ' ', number);
  user.mail = address;
  user.mailNickname = local;
  user.proxyAddresses = [cat('SMTP:', address), cat('smtp:', local, '@', identity.initialDomain)];
  user.onPremisesExtensionAttributes.extensionAttribute15 = 'Service account';
  const licensed = rng.chance(PROPORTIONS.traits.serviceAccountLicensed);
  if (licensed) user.assignedLicenses = [{ disabledPlans: [], skuId: LICENSE_SKUS.office365E3 }];
  return { user, mailbox: licensed ? mailbox('user', at(ctx.offices, 0)) : null };
}

// ---------------------------------------------------------------------------------------------
// Groups

function buildGroups(ctx: Context, plan: Plan, users: readonly GeneratedUser[]): GraphGroup[] {
  const { rng, identity } = ctx;
  const byDepartment: string[][] = DEPARTMENTS.map(() => []);
  const enabledPeople: string[] = [];
  const guests: string[] = [];
  const leadership: string[] = [];
  const managers: string[] = [];
  users.forEach((user, i) => {
    const kind = at(plan.kinds, i);
    if (kind === 'guest') guests.push(user.id);
    if (!isPerson(kind)) return;
    byDepartment[plan.departments[i] ?? EXECUTIVE]?.push(user.id);
    if (user.accountEnabled) enabledPeople.push(user.id);
    const role = plan.roles[i];
    if (role === 'ceo' || role === 'head') leadership.push(user.id);
    if (role !== 'staff') managers.push(user.id);
  });

  const group = (
    displayName: string,
    description: string,
    members: string[],
    kind: 'security' | 'unified',
  ): GraphGroup => {
    const unified = kind === 'unified';
    const mail = unified
      ? cat(claimLocal(ctx, localPart(ctx, displayName)), '@', identity.domain)
      : null;
    return {
      id: rng.guid(),
      displayName,
      description,
      mail,
      mailEnabled: unified,
      securityEnabled: !unified,
      groupTypes: unified ? ['Unified'] : [],
      members,
    };
  };

  const departmentGroups = DEPARTMENTS.map((d, i) =>
    group(`${d.name} Department`, `Everyone in ${d.name}.`, byDepartment[i] ?? [], 'security'),
  );
  // Technology holds only groups, and All Employees holds Technology: users are members of
  // All Employees only transitively, two levels down.
  const technology = group(
    'Technology',
    'IT, Engineering and R&D (nested department groups).',
    TECHNOLOGY_DEPARTMENTS.map((d) => at(departmentGroups, d).id),
    'security',
  );
  const allEmployees = group(
    'All Employees',
    'Every department, through nested groups.',
    [
      technology.id,
      ...departmentGroups.filter((_, d) => !TECHNOLOGY_DEPARTMENTS.includes(d)).map((g) => g.id),
    ],
    'security',
  );
  const partnerMembers = [...guests.slice(0, 25), ...enabledPeople.slice(0, 10)];
  return [
    ...departmentGroups,
    technology,
    allEmployees,
    group(
      'All Staff',
      'Company-wide Microsoft 365 group of active staff.',
      enabledPeople,
      'unified',
    ),
    group('Leadership Team', 'The CEO and department heads.', leadership, 'security'),
    group('People Managers', 'Everyone with direct reports.', managers, 'security'),
    group('External Partners', 'Guest accounts of partner organisations.', guests, 'security'),
    group('Partner Collaboration', 'Shared workspace with partners.', partnerMembers, 'unified'),
  ];
}

// ---------------------------------------------------------------------------------------------
// Entry points

/** Generates one tenant; the same options always give a deep-equal, JSON-serialisable result. */
export function generateTenant(options: GenerateTenantOptions): TenantData {
  const n = options.users;
  if (!Number.isInteger(n) || n < 0) throw new Error(`users must be a whole number ≥ 0, got ${n}`);
  const identity = resolveIdentity(options);
  const rng = createRng(deriveSeed(options.seed, 2));

  // The headquarters comes first; a tenant has 4–6 offices in different countries.
  const officeOrder = rng.shuffle([...OFFICES]);
  const offices = officeOrder.slice(0, rng.int(4, 6)).map((office) => ({
    ...office,
    floors: Array.from({ length: 9 }, (_, i) => `${office.city}, floor ${i + 1}`),
  }));
  const ctx: Context = {
    rng,
    identity,
    offices,
    peopleNamed: new Map(),
    otherLocals: new Set(),
    otherSuffixes: new Map(),
    externalAddresses: new Set(),
    foldedLocals: new Map(),
    dates: new Map(),
    midnights: new Map(),
    phoneFormats: new Map(),
  };

  const plan = planPopulation(rng, n, offices.length);
  const ids = Array.from({ length: n }, () => rng.guid());
  const users: GeneratedUser[] = [];
  // Collected as entries: Object.fromEntries builds a 100,000-key object faster than assignment.
  const mailboxes: [string, MailboxSettings][] = [];
  const nth = { sharedMailbox: 0, room: 0, equipment: 0, serviceAccount: 0 };
  for (let i = 0; i < n; i++) {
    const id = at(ids, i);
    const kind = at(plan.kinds, i);
    let built: Built;
    if (kind === 'guest') built = buildGuest(ctx, i, id);
    else if (kind === 'sharedMailbox') built = buildSharedMailbox(ctx, i, id, nth.sharedMailbox++);
    else if (kind === 'room') built = buildRoom(ctx, i, id, nth.room++);
    else if (kind === 'equipment') built = buildEquipment(ctx, i, id, nth.equipment++);
    else if (kind === 'serviceAccount')
      built = buildServiceAccount(ctx, i, id, nth.serviceAccount++);
    else {
      const manager = plan.managers[i] ?? -1;
      built = buildPerson(ctx, plan, i, id, manager === -1 ? null : at(ids, manager));
    }
    users.push(built.user);
    if (built.mailbox !== null) mailboxes.push([id, built.mailbox]);
  }
  const groups = buildGroups(ctx, plan, users);

  const directoryRoles: Record<string, string[]> = {};
  DEMO_USERS.forEach((demo, i) => {
    const id = ids[i];
    if (id !== undefined && demo.roles.length > 0) directoryRoles[id] = [...demo.roles];
  });

  return {
    id: identity.id,
    displayName: identity.displayName,
    verifiedDomains: verifiedDomains(identity),
    users,
    groups,
    mailboxSettings: Object.fromEntries(mailboxes),
    directoryRoles,
    consented: options.consented ?? true,
  };
}

/**
 * Generates `count` tenants with distinct ids, names and domains. Tenant 0 is the same as
 * `generateTenant({ users: usersPerTenant, seed })`.
 */
export function generateTenants(count: number, options: GenerateTenantsOptions): TenantData[] {
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`count must be a whole number ≥ 0, got ${count}`);
  const taken = new Set<string>();
  const isTaken = (identity: { id: string; displayName: string; domain: string }): boolean =>
    taken.has(`id:${identity.id}`) ||
    taken.has(`name:${identity.displayName.toLowerCase()}`) ||
    taken.has(`label:${initialLabel(identity.domain.slice(0, identity.domain.indexOf('.')))}`);

  const tenants: TenantData[] = [];
  for (let i = 0; i < count; i++) {
    const seed = i === 0 ? options.seed : deriveSeed(options.seed, 0x7e4a47, i);
    let identity = inventIdentity(seed);
    // Name combinations run out after a few hundred tenants; then numbers keep them apart.
    for (let attempt = 1; isTaken(identity); attempt++) {
      identity =
        attempt < 20 ? inventIdentity(deriveSeed(seed, attempt)) : inventIdentity(seed, attempt);
    }
    taken.add(`id:${identity.id}`);
    taken.add(`name:${identity.displayName.toLowerCase()}`);
    taken.add(`label:${initialLabel(identity.domain.slice(0, identity.domain.indexOf('.')))}`);
    tenants.push(
      generateTenant({
        users: options.usersPerTenant,
        seed,
        id: identity.id,
        displayName: identity.displayName,
        domain: identity.domain,
      }),
    );
  }
  return tenants;
}
