using Maps.Functions.Hosting;

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseCustomHandlerPort();
builder.AddMapsServices();

var app = builder.Build();
app.UseMapsPipeline();
app.MapMapsApi();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
