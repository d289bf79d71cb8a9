// The Linux App Service plan Roster's web app runs on. `instanceCount` is the scale-out:
// every instance runs the API and the scheduler (docs/deploy.md, "Scaling out").

param name string
param location string

@description('Plan size: Basic (up to 3 instances), Standard or Premium v3.')
param skuName string

@description('Instances the plan runs.')
@minValue(1)
@maxValue(30)
param instanceCount int

param tags object

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: skuName
    capacity: instanceCount
  }
  properties: {
    // Linux.
    reserved: true
  }
}

output id string = plan.id
