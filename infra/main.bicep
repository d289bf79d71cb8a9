// Roster in Azure: one Linux web app (API, tab, bot endpoint and scheduler in one Node
// process) on an App Service plan, Cosmos DB for its store, an Azure Bot for Teams, a Key
// Vault for its secrets, and Log Analytics with Application Insights. `atk provision`
// deploys it with main.parameters.json; docs/deploy.md walks through it.

targetScope = 'resourceGroup'

@description('Prefix of every resource name (roster-<RESOURCE_SUFFIX>): letters, digits and single hyphens, starting with a letter.')
@minLength(4)
@maxLength(20)
param resourceBaseName string

param location string = resourceGroup().location

@description('Client id of Roster\'s multi-tenant app registration (AAD_APP_CLIENT_ID).')
param aadAppClientId string

@description('Client secret of that app registration; stored in Key Vault only.')
@secure()
param aadAppClientSecret string

@description('Client id of the bot\'s app registration (BOT_ID).')
param botAadAppClientId string

@description('Client secret of the bot\'s app registration; stored in Key Vault only.')
@secure()
param botAadAppClientSecret string

@description('Tenant of the bot\'s app registration: the tenant the toolkit signed in to.')
param botTenantId string

@description('The Teams app id (TEAMS_APP_ID, or the org catalog id once published): cards link into the tab (ROSTER_TEAMS_APP_ID).')
param teamsAppId string

@description('Signs admin-consent states; every instance shares it. A new one each provision, unless given.')
@secure()
@minLength(32)
param stateSecret string = newGuid()

@description('App Service plan size. Basic allows up to 3 instances; Standard and Premium v3 scale further.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
  'P3v3'
])
param appServiceSku string = 'B1'

@description('Scale-out: how many instances run Roster. Each runs the API and the scheduler.')
@minValue(1)
@maxValue(30)
param instanceCount int = 1

@description('Cosmos DB capacity: serverless (pay per request) or autoscale (provisioned, shared by the containers).')
@allowed([
  'serverless'
  'autoscale'
])
param cosmosCapacityMode string = 'serverless'

@description('Autoscale only: the database\'s maximum RU/s.')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('Cosmos DB point-in-time restore window.')
@allowed([
  'Continuous7Days'
  'Continuous30Days'
])
param cosmosBackupTier string = 'Continuous7Days'

@description('Days of sync run history Roster keeps (ROSTER_RUN_HISTORY_DAYS).')
@minValue(1)
@maxValue(3650)
param runHistoryDays int = 90

@description('Syncs one instance runs at once (ROSTER_SCHEDULER_CONCURRENCY).')
@minValue(1)
@maxValue(64)
param schedulerConcurrency int = 4

@description('ROSTER_ADMIN_ROLE_IDS: directory role template ids, comma-separated, that make a user a Roster admin. Empty: Global, Application and Cloud Application Administrator.')
param adminRoleIds string = ''

@description('Days Log Analytics keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('The command App Service starts Roster with, from the deployed package\'s root.')
param startupCommand string = 'npm run serve -w api'

var baseName = toLower(resourceBaseName)
var tags = {
  application: 'roster'
}

// App Service's Node image routes requests to this port (WEBSITES_PORT); Roster listens on it.
var appPort = 8080

// Azure built-in roles and Cosmos DB built-in data-plane roles.
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
var cosmosDataContributorRoleId = '00000000-0000-0000-0000-000000000002'

module monitoring 'modules/monitoring.bicep' = {
  name: 'roster-monitoring'
  params: {
    workspaceName: '${baseName}-logs'
    appInsightsName: '${baseName}-insights'
    location: location
    retentionInDays: logRetentionDays
    tags: tags
  }
}

module plan 'modules/app-service-plan.bicep' = {
  name: 'roster-app-service-plan'
  params: {
    name: '${baseName}-plan'
    location: location
    skuName: appServiceSku
    instanceCount: instanceCount
    tags: tags
  }
}

module webApp 'modules/web-app.bicep' = {
  name: 'roster-web-app'
  params: {
    name: '${baseName}-app'
    location: location
    planId: plan.outputs.id
    linuxFxVersion: 'NODE|22-lts'
    startupCommand: startupCommand
    tags: tags
  }
}

module cosmos 'modules/cosmos-account.bicep' = {
  name: 'roster-cosmos-account'
  params: {
    name: '${baseName}-cosmos'
    location: location
    databaseName: 'roster'
    capacityMode: cosmosCapacityMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    backupTier: cosmosBackupTier
    tags: tags
  }
}

module cosmosDataContributor 'modules/cosmos-role-assignment.bicep' = {
  name: 'roster-cosmos-role-assignment'
  params: {
    accountName: cosmos.outputs.name
    principalId: webApp.outputs.principalId
    roleDefinitionId: cosmosDataContributorRoleId
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'roster-key-vault'
  params: {
    name: '${baseName}-kv'
    location: location
    tags: tags
  }
}

module clientSecret 'modules/key-vault-secret.bicep' = {
  name: 'roster-client-secret'
  params: {
    vaultName: keyVault.outputs.name
    name: 'roster-client-secret'
    value: aadAppClientSecret
  }
}

module botPassword 'modules/key-vault-secret.bicep' = {
  name: 'roster-bot-password'
  params: {
    vaultName: keyVault.outputs.name
    name: 'roster-bot-password'
    value: botAadAppClientSecret
  }
}

module consentStateSecret 'modules/key-vault-secret.bicep' = {
  name: 'roster-state-secret'
  params: {
    vaultName: keyVault.outputs.name
    name: 'roster-state-secret'
    value: stateSecret
  }
}

module keyVaultSecretsUser 'modules/key-vault-role-assignment.bicep' = {
  name: 'roster-key-vault-role-assignment'
  params: {
    vaultName: keyVault.outputs.name
    principalId: webApp.outputs.principalId
    roleDefinitionId: keyVaultSecretsUserRoleId
  }
}

module bot 'modules/bot-service.bicep' = {
  name: 'roster-bot-service'
  params: {
    name: '${baseName}-bot'
    displayName: 'Roster'
    botAppId: botAadAppClientId
    botTenantId: botTenantId
    endpoint: 'https://${webApp.outputs.defaultHostName}/api/messages'
    sku: botSku
    tags: tags
  }
}

var hostName = webApp.outputs.defaultHostName
var publicUrl = 'https://${hostName}'

// Exactly the variables api/src/config.ts reads, then the platform's own; secrets are Key
// Vault references resolved by the web app's identity.
var appSettings = {
  ROSTER_CLIENT_ID: aadAppClientId
  ROSTER_CLIENT_SECRET: '@Microsoft.KeyVault(SecretUri=${clientSecret.outputs.uri})'
  ROSTER_API_AUDIENCES: 'api://${hostName}/${aadAppClientId}'
  ROSTER_PUBLIC_URL: publicUrl
  ROSTER_ADMIN_ROLE_IDS: adminRoleIds
  ROSTER_STATE_SECRET: '@Microsoft.KeyVault(SecretUri=${consentStateSecret.outputs.uri})'
  ROSTER_STORE: 'cosmos'
  ROSTER_COSMOS_ENDPOINT: cosmos.outputs.endpoint
  ROSTER_COSMOS_DATABASE: cosmos.outputs.databaseName
  ROSTER_RUN_HISTORY_DAYS: string(runHistoryDays)
  ROSTER_HOST: '0.0.0.0'
  ROSTER_PORT: string(appPort)
  // App Service's front end is the one proxy before Roster: it names the client address.
  ROSTER_TRUST_PROXY_HOPS: '1'
  ROSTER_SCHEDULER: 'on'
  ROSTER_SCHEDULER_CONCURRENCY: string(schedulerConcurrency)
  ROSTER_BOT_ID: botAadAppClientId
  ROSTER_BOT_TENANT_ID: botTenantId
  ROSTER_BOT_PASSWORD: '@Microsoft.KeyVault(SecretUri=${botPassword.outputs.uri})'
  ROSTER_TEAMS_APP_ID: teamsAppId
  WEBSITES_PORT: string(appPort)
  // `atk deploy` uploads the sources without node_modules: App Service installs them (the
  // embedded store's native module is built for its Node). NODE_ENV stays unset so the
  // install keeps tsx, which `npm run serve` runs on.
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'true'
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.appInsightsConnectionString
  // App Service's Application Insights agent for Node.js on Linux: requests, failures, dependencies.
  ApplicationInsightsAgent_EXTENSION_VERSION: '~3'
}

module webAppSettings 'modules/web-app-settings.bicep' = {
  name: 'roster-web-app-settings'
  params: {
    webAppName: webApp.outputs.name
    settings: appSettings
  }
  // The first start must be able to read its Key Vault references and its database.
  dependsOn: [
    cosmosDataContributor
    keyVaultSecretsUser
  ]
}

module webAppDiagnostics 'modules/web-app-diagnostics.bicep' = {
  name: 'roster-web-app-diagnostics'
  params: {
    webAppName: webApp.outputs.name
    workspaceId: monitoring.outputs.workspaceId
  }
}

// Read back by the toolkit into env/.env.{environment}.
output TAB_DOMAIN string = hostName
output TAB_ENDPOINT string = publicUrl
output BOT_DOMAIN string = hostName
output BOT_ENDPOINT string = publicUrl
output AZURE_APP_SERVICE_RESOURCE_ID string = webApp.outputs.id
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_COSMOS_ACCOUNT_NAME string = cosmos.outputs.name
output AZURE_BOT_SERVICE_NAME string = bot.outputs.name

// The settings Roster reads that are not secrets (secrets stay in Key Vault).
output ROSTER_CLIENT_ID string = aadAppClientId
output ROSTER_API_AUDIENCES string = appSettings.ROSTER_API_AUDIENCES
output ROSTER_PUBLIC_URL string = publicUrl
output ROSTER_STORE string = appSettings.ROSTER_STORE
output ROSTER_COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output ROSTER_COSMOS_DATABASE string = cosmos.outputs.databaseName
output ROSTER_BOT_ID string = botAadAppClientId
output ROSTER_BOT_TENANT_ID string = botTenantId
