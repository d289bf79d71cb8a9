// Roster's web app: one Node process serving the API, the tab, the bot endpoint and the
// scheduler. Its settings are applied by web-app-settings.bicep once the identity it
// creates has been granted Cosmos DB and Key Vault.

param name string
param location string
param planId string

@description('App Service Linux runtime stack.')
param linuxFxVersion string

@description('The command App Service starts Roster with.')
param startupCommand string

param tags object

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: planId
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      appCommandLine: startupCommand
      alwaysOn: true
      healthCheckPath: '/healthz'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
  }
}

// Nothing deploys over FTP: its basic-auth credentials are refused. (SCM basic auth is left to
// the platform's default: the toolkit's zip deploy may rely on it.)
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

output id string = site.id
output name string = site.name
output defaultHostName string = site.properties.defaultHostName
output principalId string = site.identity.principalId
