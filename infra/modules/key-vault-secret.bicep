// One secret in Roster's Key Vault. Every deployment writes a new version; app settings
// reference the secret without a version, so they follow the newest.

param vaultName string
param name string

@secure()
param value string

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: vaultName
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: name
  properties: {
    value: value
    contentType: 'text/plain'
  }
}

@description('The secret\'s URI without a version: a Key Vault reference to it reads the newest.')
output uri string = secret.properties.secretUri
