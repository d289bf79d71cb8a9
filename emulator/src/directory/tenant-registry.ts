import { FaultList } from '../graph/faults.js';
import type { TenantData } from '../tenant/tenant-data.js';
import { TenantDirectory } from './tenant-directory.js';

/** Knobs of `/users/delta` an operator can turn per tenant. */
export interface DeltaOptions {
  /** Every Nth user of a page is sent again at the end of the page (Graph's replays); 0 = off. */
  replayEvery: number;
}

/** The demo app's admin consent in a tenant: whether it exists, and what it granted. */
export interface Consent {
  granted: boolean;
  /** Application permissions granted; they become the `roles` of app-only tokens. */
  permissions: string[];
}

/** A tenant with the emulator-only state that goes with it. */
export interface EmulatedTenant {
  directory: TenantDirectory;
  faults: FaultList;
  delta: DeltaOptions;
  consent: Consent;
}

/** All tenants the emulator serves, found by id or by any verified domain name. */
export class TenantRegistry {
  private readonly byId = new Map<string, EmulatedTenant>();
  private readonly byDomain = new Map<string, EmulatedTenant>();

  constructor(
    tenants: readonly TenantData[],
    appPermissions: readonly string[],
    random: () => number,
  ) {
    for (const data of tenants) {
      if (this.byId.has(data.id)) throw new Error(`Tenant ${data.id} is defined twice.`);
      const tenant: EmulatedTenant = {
        directory: new TenantDirectory(data),
        faults: new FaultList(random),
        delta: { replayEvery: 0 },
        consent: {
          granted: data.consented,
          permissions: data.consented ? [...appPermissions] : [],
        },
      };
      this.byId.set(data.id.toLowerCase(), tenant);
      for (const domain of data.verifiedDomains)
        this.byDomain.set(domain.name.toLowerCase(), tenant);
    }
  }

  /** A tenant by GUID or verified domain, as Entra resolves the `{tenant}` path segment. */
  find(idOrDomain: string): EmulatedTenant | undefined {
    const key = idOrDomain.toLowerCase();
    return this.byId.get(key) ?? this.byDomain.get(key);
  }

  all(): EmulatedTenant[] {
    return [...this.byId.values()];
  }
}
