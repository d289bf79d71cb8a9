import { graphSelect, needs } from '../domain/select-attributes.js';
import type { TenantSettings } from '../domain/settings.js';
import type { SourceUser } from '../domain/source-user.js';
import { notLinked } from '../app-error.js';
import type { ConnectivityReport, ConnectivityStep } from '../contracts/api.js';
import type { DirectoryConnector, DirectorySource } from '../ports/directory-source.js';
import type { RosterStore } from '../ports/store.js';
import { readAdvice, signInAdvice, type Advice } from './connectivity-advice.js';
import { loadSettings } from './tenant-settings.js';

export interface ConnectivityDeps {
  readonly store: RosterStore;
  readonly directory: DirectoryConnector;
}

type StepName = ConnectivityStep['step'];

const titles: Readonly<Record<StepName, string>> = {
  token: 'Sign in to Entra ID as Roster',
  organization: 'Read the organization',
  users: 'Read users',
  groups: 'Read the groups the filters name',
  mailboxSettings: 'Read mailbox types',
  rooms: 'Read the room list',
};

/** The least privileged application permission each read needs. */
export const stepPermissions = {
  organization: 'Organization.Read.All',
  users: 'User.Read.All',
  groups: 'GroupMember.Read.All',
  mailboxSettings: 'MailboxSettings.Read',
  rooms: 'Place.Read.All',
} as const satisfies Partial<Record<StepName, string>>;

/** Users read by the users step; the mailbox step tries them in turn. */
const sampleSize = 5;

/** What a step found: passed with a detail, skipped with the reason, or failed with advice. */
type Outcome =
  | { readonly status: 'passed' | 'skipped'; readonly detail: string }
  | ({ readonly status: 'failed' } & Advice);

const passed = (detail: string): Outcome => ({ status: 'passed', detail });
const skipped = (detail: string): Outcome => ({ status: 'skipped', detail });
const failed = (advice: Advice): Outcome => ({ status: 'failed', ...advice });

function listed(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

const nameOf = (user: SourceUser) =>
  typeof user['displayName'] === 'string' ? user['displayName'] : user.id;

/**
 * Check Connectivity: proves, step by step, that Roster can read what the tenant's settings
 * make a sync read — a fresh token (consent holds now, not when a cached token was issued),
 * the organization, users with the sync's attributes, the filter groups, mailbox types and
 * rooms when the settings use them. Reads only; a failure names the permission and the fix.
 */
export async function checkConnectivity(
  deps: ConnectivityDeps,
  tenantId: string,
): Promise<ConnectivityReport> {
  const tenant = await deps.store.tenants.get(tenantId);
  if (tenant === undefined) throw notLinked(tenantId);
  const settings = loadSettings(tenant.settings);
  const source = deps.directory.connect(tenantId, { freshToken: true });
  const steps: ConnectivityStep[] = [];
  const run = async (step: StepName, check: () => Promise<Outcome>) => {
    const started = performance.now();
    const outcome = await check();
    steps.push({
      step,
      title: titles[step],
      ms: outcome.status === 'skipped' ? 0 : Math.round(performance.now() - started),
      ...outcome,
    });
    return outcome.status;
  };

  let granted: readonly string[] | undefined;
  const signedIn = await run('token', async () => {
    try {
      granted = await source.tokenPermissions();
    } catch (error) {
      return failed(signInAdvice(error));
    }
    if (granted === undefined) return passed('Entra ID issued a token for Roster.');
    return passed(
      granted.length === 0
        ? 'Entra ID issued a token for Roster, without any application permissions.'
        : `Entra ID issued a token for Roster with ${granted.join(', ')}.`,
    );
  });

  const reads = new Reads(source, settings, tenantId, granted);
  const order = ['organization', 'users', 'groups', 'mailboxSettings', 'rooms'] as const;
  for (const step of order) {
    if (signedIn !== 'passed') {
      await run(step, () =>
        Promise.resolve(skipped('Skipped: Roster could not sign in to the tenant.')),
      );
    } else {
      await run(step, () => reads.check(step));
    }
  }
  return { ok: steps.every((s) => s.status !== 'failed'), steps };
}

/** The checks after sign-in, each a read the sync also makes. */
class Reads {
  /** Users read by the users step, for the mailbox step. */
  private sample: SourceUser[] = [];

  constructor(
    private readonly source: DirectorySource,
    private readonly settings: TenantSettings,
    private readonly tenantId: string,
    /** The token's application permissions, when readable. */
    private readonly granted: readonly string[] | undefined,
  ) {}

  check(step: keyof typeof stepPermissions): Promise<Outcome> {
    switch (step) {
      case 'organization':
        return this.organization();
      case 'users':
        return this.users();
      case 'groups':
        return this.groups();
      case 'mailboxSettings':
        return this.mailboxSettings();
      case 'rooms':
        return this.rooms();
    }
  }

  private refused(error: unknown, step: keyof typeof stepPermissions): Outcome {
    return failed(readAdvice(error, stepPermissions[step], this.granted));
  }

  private async organization(): Promise<Outcome> {
    try {
      const org = await this.source.organization();
      if (org.id.toLowerCase() !== this.tenantId.toLowerCase()) {
        return failed({
          detail: `Microsoft Graph answered for tenant ${org.id}, not ${this.tenantId}.`,
          fix: 'Link Roster again from the tenant it should read.',
        });
      }
      return passed(`Tenant: ${org.displayName}.`);
    } catch (error) {
      return this.refused(error, 'organization');
    }
  }

  private async users(): Promise<Outcome> {
    const select = graphSelect(this.settings);
    try {
      this.sample = await this.source.firstUsers(select, sampleSize);
    } catch (error) {
      return this.refused(error, 'users');
    }
    return passed(
      this.sample.length === 0
        ? 'Microsoft Graph answered, but the directory has no users.'
        : `Read ${this.sample.length} users with the ${select.length} attributes the sync selects.`,
    );
  }

  private async groups(): Promise<Outcome> {
    const ids = needs(this.settings).groups;
    if (ids.length === 0) return skipped('The filters name no groups, so a sync reads none.');
    const names: string[] = [];
    const missing: string[] = [];
    try {
      // A few at a time: the filters may name up to 100 groups.
      for (let start = 0; start < ids.length; start += 5) {
        const chunk = ids.slice(start, start + 5);
        const found = await Promise.all(chunk.map((id) => this.source.group(id)));
        found.forEach((group, i) => {
          if (group === undefined) missing.push(chunk[i] ?? '');
          else names.push(group.displayName);
        });
      }
    } catch (error) {
      return this.refused(error, 'groups');
    }
    if (missing.length > 0) {
      return failed({
        detail: `The filters name groups that Entra ID no longer has: ${listed(missing)}. A sync would fail reading their members.`,
        fix: 'Remove them from the group filters in Preferences, or pick the groups again.',
      });
    }
    return passed(`Read the ${ids.length} groups the filters name: ${listed(names)}.`);
  }

  private async mailboxSettings(): Promise<Outcome> {
    if (!needs(this.settings).mailboxSettings) {
      return skipped(
        'The shared mailbox and room filters are off, so a sync reads no mailbox types.',
      );
    }
    const users = this.sample;
    if (users.length === 0) return skipped('No user was read whose mailbox type could be read.');
    // Users with an address first: without one there is no mailbox to read.
    const candidates = [
      ...users.filter((u) => typeof u['mail'] === 'string'),
      ...users.filter((u) => typeof u['mail'] !== 'string'),
    ];
    try {
      for (const user of candidates) {
        const purpose = await this.source.mailboxPurpose(user.id);
        if (purpose !== null)
          return passed(`Read the mailbox type of ${nameOf(user)}: ${purpose}.`);
      }
    } catch (error) {
      return this.refused(error, 'mailboxSettings');
    }
    return passed(
      `Mailbox settings answered; none of the first ${candidates.length} users has a mailbox.`,
    );
  }

  private async rooms(): Promise<Outcome> {
    if (!needs(this.settings).rooms) {
      return skipped('The rooms and equipment filter is off, so a sync reads no room list.');
    }
    try {
      const rooms = await this.source.roomAddresses();
      return passed(`Read the room list: ${rooms.size} rooms.`);
    } catch (error) {
      return this.refused(error, 'rooms');
    }
  }
}
