using Maps.Import;

// dotnet run --project functions/Maps.Import -- [--sources data/sources] [--out data/layers] [--samples data/samples]
string? sources = null, output = null, samples = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--sources" when i + 1 < args.Length: sources = args[++i]; break;
        case "--out" when i + 1 < args.Length: output = args[++i]; break;
        case "--samples" when i + 1 < args.Length: samples = args[++i]; break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: Maps.Import [--sources <dir>] [--out <dir>] [--samples <dir>]");
            return 2;
    }
}

string? root = RepositoryRoot.Find(Environment.CurrentDirectory) ?? RepositoryRoot.Find(AppContext.BaseDirectory);
if ((sources is null || output is null) && root is null)
{
    Console.Error.WriteLine("Cannot find the repository root (a folder with Maps.sln); pass --sources and --out.");
    return 2;
}
sources ??= Path.Combine(root!, "data", "sources");
output ??= Path.Combine(root!, "data", "layers");
samples ??= Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output).TrimEnd(Path.DirectorySeparatorChar))!, "samples");

try
{
    var stopwatch = System.Diagnostics.Stopwatch.StartNew();
    var result = Importer.Run(sources, output);
    foreach (var layer in result.Layers)
    {
        Console.WriteLine(layer);
        foreach (var rejection in layer.Rejections)
            Console.WriteLine("  rejected " + rejection);
    }
    foreach (string skipped in result.Skipped)
        Console.WriteLine(skipped);
    Console.WriteLine($"Wrote {result.Layers.Count} layers to {output} in {stopwatch.ElapsedMilliseconds} ms.");
    foreach (string written in PlannerSample.WriteAll(output, samples))
        Console.WriteLine($"Wrote the planner sample {written}.");
    foreach (string copied in PlannerSample.CopyGigaSchools(sources, samples))
        Console.WriteLine($"Copied the planner sample {copied}.");
    return 0;
}
catch (Exception e) when (e is ImportFileException or GeometryTypeMismatchException)
{
    Console.Error.WriteLine("Import failed, nothing written: " + e.Message);
    return 1;
}
