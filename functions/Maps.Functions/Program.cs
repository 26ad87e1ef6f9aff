using Maps.Functions.FunctionApp;
using Maps.Functions.Hosting;

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseCustomHandlerPort();
builder.AddMapsServices();

var app = builder.Build();

if (args is ["generate-functions", var outputDirectory, ..])
{
    // Publish-time verb: write the function.json set from this route table, then exit.
    app.MapMapsApi();
    var functions = FunctionManifest.FromEndpoints(((IEndpointRouteBuilder)app).DataSources);
    FunctionManifest.Write(outputDirectory, functions);
    Console.WriteLine($"Wrote {functions.Count} functions to {Path.GetFullPath(outputDirectory)}");
    return;
}

app.UseMapsPipeline();
app.MapMapsApi();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
