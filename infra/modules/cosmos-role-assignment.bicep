// Grants a principal a Cosmos DB data-plane role on the whole account (data-plane roles are
// Cosmos's own RBAC, not Azure role assignments).

param accountName string
param principalId string

@description('A Cosmos DB SQL role definition id; 00000000-0000-0000-0000-000000000002 is "Cosmos DB Built-in Data Contributor".')
param roleDefinitionId string

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' existing = {
  name: accountName
}

resource assignment 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, roleDefinitionId, principalId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${roleDefinitionId}'
    principalId: principalId
    scope: account.id
  }
}
