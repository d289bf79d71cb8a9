import type { EmulatedTenant, TenantRegistry } from '../directory/tenant-registry.js';
import type { TokenSealer } from '../http/signed-token.js';
import type { AppRegistration } from './app-registration.js';
import type { SigningKeys } from './signing-keys.js';
import type { TokenIssuer } from './token-issuer.js';

/** What the Entra endpoints share. */
export interface IdentityContext {
  registry: TenantRegistry;
  app: AppRegistration;
  keys: SigningKeys;
  issuer: TokenIssuer;
  sealer: TokenSealer;
  origin: string;
  now: () => number;
}

/** The `{tenant}` path segment: one tenant, or a multi-tenant alias. */
export type TenantSegment =
  | { kind: 'tenant'; tenant: EmulatedTenant }
  | { kind: 'multi'; name: 'organizations' | 'common' }
  | { kind: 'unknown'; name: string };

export function resolveTenantSegment(registry: TenantRegistry, segment: string): TenantSegment {
  const lower = segment.toLowerCase();
  if (lower === 'organizations' || lower === 'common') return { kind: 'multi', name: lower };
  const tenant = registry.find(segment);
  return tenant === undefined ? { kind: 'unknown', name: segment } : { kind: 'tenant', tenant };
}

/** Directory roles that may grant tenant-wide admin consent. */
export const consentingRoles = new Set([
  '62e90394-69f5-4237-9190-012177145e10', // Global Administrator
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', // Application Administrator
  '158c047a-c907-4556-b7ef-446551a6b5f7', // Cloud Application Administrator
]);
