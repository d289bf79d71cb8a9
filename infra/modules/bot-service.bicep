// The Azure Bot that connects Teams to Roster's bot endpoint. Single-tenant: Roster checks
// that every activity's token comes from Bot Framework or the bot's own tenant
// (ROSTER_BOT_TENANT_ID), and signs its replies against that tenant.

param name string

@description('Shown in the Azure portal; Teams shows the app manifest\'s name.')
param displayName string

@description('Client id of the bot\'s app registration (BOT_ID).')
param botAppId string

@description('Tenant of the bot\'s app registration.')
param botTenantId string

@description('Where Bot Framework sends activities: https://<host>/api/messages.')
param endpoint string

@allowed([
  'F0'
  'S1'
])
param sku string

param tags object

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: endpoint
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botTenantId
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

output name string = bot.name
