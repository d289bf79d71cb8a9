/** The Roster Entra ID + Microsoft Graph emulator: start it, or build tenants for it. */
export { startEmulator, type EmulatorOptions, type RunningEmulator } from './start-emulator.js';
export { generateTenant, generateTenants } from './tenant/generate-tenant.js';
export { loadFixture, parseFixture } from './tenant/fixture.js';
export {
  DirectoryRole,
  type ExtensionProperty,
  type GraphUser,
  type TenantData,
} from './tenant/tenant-data.js';
export {
  rosterPermissions,
  demoClientId,
  type AppRegistration,
} from './identity/app-registration.js';
