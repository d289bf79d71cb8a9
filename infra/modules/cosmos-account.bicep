// Azure Cosmos DB for NoSQL: the account (Entra ID only, no keys), Roster's database and its
// containers exactly as the Cosmos adapter defines them (infra/cosmos-containers.json mirrors
// api/src/store/cosmos/cosmos-containers.ts; deploy/test/infra.test.ts keeps them equal).
// Roster's identity has data-plane rights only and cannot create containers, so they are made here.

param name string
param location string
param databaseName string

@description('serverless: pay per request. autoscale: provisioned throughput shared by the containers, scaling between 10% and 100% of the maximum.')
@allowed([
  'serverless'
  'autoscale'
])
param capacityMode string

@description('Autoscale only: the database\'s maximum RU/s, shared by its containers.')
@minValue(1000)
param autoscaleMaxThroughput int

@description('Point-in-time restore window of continuous backup.')
@allowed([
  'Continuous7Days'
  'Continuous30Days'
])
param backupTier string

param tags object

var containers = loadJsonContent('../cosmos-containers.json')

var serverless = [
  {
    name: 'EnableServerless'
  }
]

var autoscaleOptions = {
  autoscaleSettings: {
    maxThroughput: autoscaleMaxThroughput
  }
}

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: capacityMode == 'serverless' ? serverless : []
    // Entra ID only: the web app's managed identity signs in, and no key exists to leak.
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: {
        tier: backupTier
      }
    }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    // Serverless accounts take no throughput; autoscale shares one budget across containers.
    options: capacityMode == 'autoscale' ? autoscaleOptions : {}
  }
}

// Each definition is already a container resource body: id, partitionKey, indexingPolicy and,
// for run history, defaultTtl -1 (TTL on, set per item by the adapter).
resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
  for definition in containers: {
    parent: database
    name: definition.id
    properties: {
      resource: definition
    }
  }
]

output id string = account.id
output name string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
