using System.Text.Json.Nodes;

namespace Maps.Deploy.Tests;

/// <summary>Compiles infra/main.bicep once (through infra/bicep.sh) for every test of the class.</summary>
public sealed class CompiledTemplate : IAsyncLifetime
{
    public ScriptRunner.Result Build { get; private set; } = null!;

    public JsonObject Template { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Build = await ScriptRunner.RunAsync("infra/bicep.sh", ["build", "infra/main.bicep", "--stdout"], TimeSpan.FromMinutes(15));
        if (Build.ExitCode == 0)
            Template = JsonNode.Parse(Build.StdOut)!.AsObject();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Resources of a given type (ARM templates list them as an array, or by symbolic name).</summary>
    public IReadOnlyList<JsonObject> Resources(string type)
    {
        Assert.True(Build.ExitCode == 0, "bicep build failed: " + Build.Describe());
        var resources = Template["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject map => map.Select(p => p.Value!.AsObject()),
            _ => [],
        };
        return resources
            .Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase) && r["existing"] is null)
            .ToList();
    }

    public JsonObject Single(string type)
    {
        var matches = Resources(type);
        Assert.True(matches.Count == 1, $"expected one {type}, found {matches.Count}");
        return matches[0];
    }
}

public sealed class BicepTests(CompiledTemplate compiled) : IClassFixture<CompiledTemplate>
{
    private const string TableDataContributorRoleId = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string BlobDataOwnerRoleId = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string QueueDataContributorRoleId = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";

    [Fact]
    public void Bicep_build_succeeds()
    {
        Assert.True(compiled.Build.ExitCode == 0, compiled.Build.Describe());
        Assert.True(string.IsNullOrWhiteSpace(compiled.Build.StdErr), "bicep build reported diagnostics: " + compiled.Build.StdErr);
    }

    [Fact]
    public async Task Bicep_lint_passes_without_warnings()
    {
        var lint = await ScriptRunner.RunAsync("infra/bicep.sh", ["lint", "infra/main.bicep"], TimeSpan.FromMinutes(15));

        Assert.True(lint.ExitCode == 0, lint.Describe());
        Assert.DoesNotContain("Warning", lint.StdOut + lint.StdErr);
        Assert.DoesNotContain("Error", lint.StdOut + lint.StdErr);
    }

    [Fact]
    public void Function_app_is_https_only_with_tls_1_2_and_no_ftp()
    {
        var site = compiled.Single("Microsoft.Web/sites");

        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.True((bool?)site["properties"]!["httpsOnly"]);
        Assert.Equal("1.2", (string?)site["properties"]!["siteConfig"]!["minTlsVersion"]);
        Assert.Equal("Disabled", (string?)site["properties"]!["siteConfig"]!["ftpsState"]);
        Assert.Equal("SystemAssigned", (string?)site["identity"]!["type"]);
    }

    [Fact]
    public void Function_app_runs_the_dotnet_isolated_worker_on_flex_consumption()
    {
        var site = compiled.Single("Microsoft.Web/sites");
        var plan = compiled.Single("Microsoft.Web/serverfarms");
        var config = site["properties"]!["functionAppConfig"]!;

        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.True((bool?)plan["properties"]!["reserved"]);
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        // A JSON string, and '10.0' exactly: '10' deploys but the host then fails to start.
        Assert.Equal(System.Text.Json.JsonValueKind.String, config["runtime"]!["version"]!.GetValueKind());
        Assert.Equal("10.0", (string?)config["runtime"]!["version"]);
        Assert.Equal("blobContainer", (string?)config["deployment"]!["storage"]!["type"]);
        Assert.Equal("SystemAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);
    }

    [Fact]
    public void Runtime_version_matches_the_worker_target_framework()
    {
        var version = (string?)compiled.Single("Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["runtime"]!["version"];
        var project = System.Xml.Linq.XDocument.Load(Path.Combine(ScriptRunner.RepoRoot, "functions", "Maps.Functions", "Maps.Functions.csproj"));
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(ScriptRunner.RepoRoot, "Directory.Build.props"));
        var targetFramework = project.Descendants("TargetFramework").Select(e => e.Value).FirstOrDefault()
            ?? props.Descendants("TargetFramework").Select(e => e.Value).Single();

        Assert.Equal("net" + version, targetFramework);
    }

    [Fact]
    public void App_settings_are_identity_based_and_omit_settings_flex_rejects()
    {
        var settings = compiled.Single("Microsoft.Web/sites")["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .Select(s => (string?)s!["name"])
            .ToList();

        Assert.Contains("AzureWebJobsStorage__accountName", settings);
        Assert.Contains("Maps__TableStorage__Endpoint", settings);
        Assert.Contains("Maps__TableStorage__BlobEndpoint", settings);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", settings);
        Assert.DoesNotContain("AzureWebJobsStorage", settings);
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", settings);
        Assert.DoesNotContain("WEBSITE_RUN_FROM_PACKAGE", settings);
        Assert.Contains("Maps__Cors__AllowedOrigins", settings);
    }

    [Fact]
    public void Platform_cors_is_off_so_the_apps_own_answers()
    {
        // App Service CORS would take precedence over the app's: reads open to all, writes to the configured origins.
        Assert.Null(compiled.Single("Microsoft.Web/sites")["properties"]!["siteConfig"]!["cors"]);
    }

    [Fact]
    public void Storage_is_private_tls_1_2_and_https_only()
    {
        var storage = compiled.Single("Microsoft.Storage/storageAccounts");
        var properties = storage["properties"]!;

        Assert.Equal("StorageV2", (string?)storage["kind"]);
        Assert.Equal("Standard_LRS", (string?)storage["sku"]!["name"]);
        Assert.False((bool?)properties["allowBlobPublicAccess"]);
        Assert.True((bool?)properties["supportsHttpsTrafficOnly"]);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
        Assert.Single(compiled.Resources("Microsoft.Storage/storageAccounts/tableServices"));
        // The deployment package's container and the layer store's, both private.
        var containers = compiled.Resources("Microsoft.Storage/storageAccounts/blobServices/containers").ToList();
        Assert.Equal(2, containers.Count);
        Assert.All(containers, c => Assert.Equal("None", (string?)c["properties"]!["publicAccess"]));
    }

    [Theory]
    [InlineData(TableDataContributorRoleId)]
    [InlineData(BlobDataOwnerRoleId)]
    [InlineData(QueueDataContributorRoleId)]
    public void Function_app_identity_is_granted_storage_role(string roleId)
    {
        var assignment = compiled.Resources("Microsoft.Authorization/roleAssignments")
            .SingleOrDefault(r => ((string?)r["properties"]!["roleDefinitionId"])?.Contains(roleId) == true);

        Assert.NotNull(assignment);
        Assert.Contains("Microsoft.Web/sites", (string?)assignment["properties"]!["principalId"]);
        Assert.Contains("principalId", (string?)assignment["properties"]!["principalId"]);
        Assert.Contains("Microsoft.Storage/storageAccounts", (string?)assignment["scope"]);
    }

    [Fact]
    public void Application_insights_is_workspace_based()
    {
        var insights = compiled.Single("Microsoft.Insights/components");

        Assert.Contains("Microsoft.OperationalInsights/workspaces", (string?)insights["properties"]!["WorkspaceResourceId"]);
    }

    [Fact]
    public void Template_outputs_the_api_base_url()
    {
        Assert.True(compiled.Build.ExitCode == 0, compiled.Build.Describe());
        var output = compiled.Template["outputs"]?["apiBaseUrl"];

        Assert.NotNull(output);
        Assert.Equal("string", (string?)output["type"]);
        Assert.Contains("defaultHostName", (string?)output["value"]);
        Assert.Contains("'https://{0}/api'", (string?)output["value"]);
    }
}
