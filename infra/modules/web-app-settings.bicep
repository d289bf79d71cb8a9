// The web app's settings: Roster's configuration (api/src/config.ts) and the platform's.
// Applied after the identity's Cosmos DB and Key Vault grants, so the first start can read
// its Key Vault references and its database. Replaces every setting: this is their source.

param webAppName string

@description('Setting name to value; secrets as @Microsoft.KeyVault(SecretUri=...) references.')
param settings object

resource site 'Microsoft.Web/sites@2024-11-01' existing = {
  name: webAppName
}

resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: settings
}
