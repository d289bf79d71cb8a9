// Sends the web app's console output (Roster's JSON log lines), HTTP logs and platform events
// to Log Analytics, where they are queried by tenant and run id. Diagnostic settings have no
// generally available API version; 2021-05-01-preview is the current one.

param webAppName string
param workspaceId string

resource site 'Microsoft.Web/sites@2024-11-01' existing = {
  name: webAppName
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'roster-logs'
  scope: site
  properties: {
    workspaceId: workspaceId
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}
