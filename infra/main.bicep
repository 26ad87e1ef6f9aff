// Maps on Azure Functions Flex Consumption (Linux): a .NET isolated worker Function App
// (docs/architecture.md §3), its Storage account (host storage, the deployment container and the
// Table Storage layer store), and workspace-based Application Insights. Every connection is
// identity-based: the app's system-assigned identity gets data-plane roles on the storage account,
// and shared keys are off.
//
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/main.parameters.json
//
// The package (infra/publish.sh) is deployed afterwards; see infra/README.md.

targetScope = 'resourceGroup'

@description('Region for every resource. Must offer Flex Consumption.')
param location string = resourceGroup().location

@description('Short prefix for resource names (letters, digits and hyphens).')
@minLength(2)
@maxLength(12)
param baseName string = 'maps'

@description('Origins allowed to send non-GET requests (analysis uploads, manage) from a browser, e.g. https://maps.example.org. Reads are open to every origin. Empty: no cross-origin writes.')
param corsAllowedOrigins array = []

@description('Upper bound on the number of instances Flex Consumption scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory per instance, in MB. Layers stay in their files (local cache, blob); an instance holds their indexes: about 35 bytes per point feature once queried, 50 more for a nearest/range index. 2048 holds the shipped layers plus 2.2M schools and 5M population points with a 100k-row profile run (measured about 1 GB at its peak, README performance).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Days that Log Analytics keeps logs and Application Insights telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Tags applied to every resource.')
param tags object = {
  application: 'maps'
}

var suffix = uniqueString(resourceGroup().id)
var compactName = toLower(replace(baseName, '-', ''))
var storageAccountName = take('st${compactName}${suffix}', 24)
var functionAppName = '${baseName}-func-${suffix}'
var planName = '${baseName}-plan-${suffix}'
var workspaceName = '${baseName}-log-${suffix}'
var appInsightsName = '${baseName}-appi-${suffix}'
var deploymentContainerName = 'app-package'

// Built-in roles (the same ids in every tenant), referenced as existing subscription-scope
// resources so the compiled template names each role id literally.
resource storageBlobDataOwner 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
}

resource storageTableDataContributor 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource storageQueueDataContributor 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
}

resource monitoringMetricsPublisher 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  scope: subscription()
  name: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // Identity-only access: the app, the host and deployments all use Entra ID.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
    accessTier: 'Hot'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

// Flex Consumption pulls the app package from this container.
resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// The layer store's files (docs/architecture.md §7): a blob per published version, read by range and
// cached on each instance. The app would create it on first publish; declared here so it is private.
resource layersContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: 'layers'
  properties: {
    publicAccess: 'None'
  }
}

// The layer store's catalog (docs/architecture.md §7). The app creates its own tables on first publish.
resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Telemetry is accepted only with an Entra token (APPLICATIONINSIGHTS_AUTHENTICATION_STRING below).
    DisableLocalAuth: true
    RetentionInDays: logRetentionInDays
  }
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true // Linux
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: functionAppName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION are deliberately absent: Flex
      // Consumption rejects the first (the worker runtime is functionAppConfig.runtime below) and
      // ignores the second (the host is always Functions 4.x). Likewise WEBSITE_RUN_FROM_PACKAGE and
      // WEBSITE_CONTENT*: the package comes from the deployment container.
      // No platform CORS (siteConfig.cors): it would take precedence over the app's own, which opens
      // reads to every origin and writes to the configured ones only, and answers preflights
      // (docs/architecture.md §3.4). The origins go to the app as Maps__Cors__AllowedOrigins.
      appSettings: [
        {
          // Host storage (keys, leases) through the app's identity; no connection string.
          name: 'AzureWebJobsStorage__accountName'
          value: storage.name
        }
        {
          // Layer store endpoints, read by the app with DefaultAzureCredential (managed identity):
          // the catalog in tables, the versions' files in the blob container 'layers'.
          name: 'Maps__TableStorage__Endpoint'
          value: storage.properties.primaryEndpoints.table
        }
        {
          name: 'Maps__TableStorage__BlobEndpoint'
          value: storage.properties.primaryEndpoints.blob
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'Authorization=AAD'
        }
        {
          // The write origins, comma-separated (Maps:Cors:AllowedOrigins also takes an array).
          name: 'Maps__Cors__AllowedOrigins'
          value: join(corsAllowedOrigins, ',')
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        // The .NET isolated worker on the platform's .NET runtime: the package (infra/publish.sh)
        // is framework-dependent. The version must equal the project's target framework (net10.0).
        // Flex offers dotnet-isolated 8.0, 9.0 and 10.0; 10.0 is the newest, so moving to .NET 11
        // needs Flex support for it first. Keep the string '10.0': ARM accepts '10', but the app
        // then fails at host start (Azure/Azure-Functions#2666).
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
  dependsOn: [
    deploymentContainer
  ]
}

// Host storage (AzureWebJobsStorage: keys and leases in blobs), the deployment container, the
// layer store's files (container layers) and the jobs' blobs (container maps-jobs: inputs, chunks, answers).
resource blobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, storageBlobDataOwner.id)
  scope: storage
  properties: {
    roleDefinitionId: storageBlobDataOwner.id
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// The layer store: read current versions, write new ones, create tables.
resource tableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, storageTableDataContributor.id)
  scope: storage
  properties: {
    roleDefinitionId: storageTableDataContributor.id
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// The jobs' queue (maps-jobs): the app sends the work, and the queue trigger takes it (docs/architecture.md §9).
resource queueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, storageQueueDataContributor.id)
  scope: storage
  properties: {
    roleDefinitionId: storageQueueDataContributor.id
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Entra-authenticated telemetry ingestion (local auth is disabled on the component).
resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, functionApp.id, monitoringMetricsPublisher.id)
  scope: appInsights
  properties: {
    roleDefinitionId: monitoringMetricsPublisher.id
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Base URL of the API, e.g. https://maps-func-xxxx.azurewebsites.net/api')
output apiBaseUrl string = 'https://${functionApp.properties.defaultHostName}/api'

@description('Function App name, for az functionapp deployment and key commands.')
output functionAppName string = functionApp.name

@description('Storage account holding the layer tables.')
output storageAccountName string = storage.name

@description('Table endpoint the app uses (Maps__TableStorage__Endpoint).')
output tableEndpoint string = storage.properties.primaryEndpoints.table
