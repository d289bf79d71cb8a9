// Grants a principal an Azure role on Roster's Key Vault, such as "Key Vault Secrets User"
// (4633458b-17de-408a-b874-0445c86b69e6: read secret values, nothing else).

param vaultName string
param principalId string
param roleDefinitionId string

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: vaultName
}

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, roleDefinitionId, principalId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
