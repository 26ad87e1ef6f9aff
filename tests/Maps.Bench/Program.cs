using BenchmarkDotNet.Running;
using Maps.Bench;

// dotnet run -c Release --project tests/Maps.Bench -- nearest|coverage [--data <dir>] [--points <n>] [--sample <n>]
// dotnet run -c Release --project tests/Maps.Bench -- storage [--features <n>]     (starts its own Azurite from .tools/)
// dotnet run -c Release --project tests/Maps.Bench -- publish [--features <n>] [--mb <n>]   (every upload format, local store and Azurite; memory of an n MB upload)
// dotnet run -c Release --project tests/Maps.Bench -- http-nearest [--rows <n>] [--sample <n>]   (build functions/Maps.Functions in Release first)
// dotnet run -c Release --project tests/Maps.Bench -- http-profile [--rows <n>] [--sample <n>]  (profile vs nearest on the same rows, and brute force)
// dotnet run -c Release --project tests/Maps.Bench -- range [--data <dir>] [--points <n>] [--sample <n>]
// dotnet run -c Release --project tests/Maps.Bench -- count [--data <layers dir>] [--points <n>] [--queries <n>] [--sample <n>]   (bbox counts: brute force, STRtree, packed tree, prefix counter)
// dotnet run -c Release --project tests/Maps.Bench -- filter [--points <n>] [--repeats <n>] [--seconds <n>]   (items pages: planner vs full scan; wrk on schools; build functions/Maps.Functions in Release first)
// dotnet run -c Release --project tests/Maps.Bench -- jobs [--points <n>] [--instances 1,2] [--process nearest|profile]   (async job by SAS href through real Functions hosts on Azurite; build functions/Maps.Functions in Release first)
// dotnet run -c Release --project tests/Maps.Bench -- scale [--schools 1000000,2200000] [--population 5000000] [--work <dir>] [--no-baseline]   (layers at Giga's scale against the GeoJSON path; build functions/Maps.Functions in Release first)
// dotnet run -c Release --project tests/Maps.Bench -- bdn --filter *
string verb = args.Length > 0 ? args[0] : "nearest";
string? Option(string name) => Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
int IntOption(string name, int fallback) => Option(name) is string s ? int.Parse(s) : fallback;

return verb switch
{
    "nearest" => QuickBench.Nearest(Option("--data"), IntOption("--points", 1_000_000), IntOption("--sample", 2_000)),
    "coverage" => QuickBench.Coverage(Option("--data"), IntOption("--points", 100_000), IntOption("--sample", 2_000)),
    "storage" => await StorageBench.RunAsync(IntOption("--features", 100_000)),
    "publish" => await PublishBench.RunAsync(IntOption("--features", 100_000), IntOption("--mb", 200)),
    "http-nearest" => HttpNearestBench.RunAsync(Option("--data"), IntOption("--rows", 1_000_000), IntOption("--sample", 2_000)).GetAwaiter().GetResult(),
    "http-profile" => HttpNearestBench.RunProfileAsync(Option("--data"), IntOption("--rows", 1_000_000), IntOption("--sample", 200)).GetAwaiter().GetResult(),
    "range" => QuickBench.Range(Option("--data"), IntOption("--points", 1_000_000), IntOption("--sample", 200)),
    "count" => CountBench.Run(Option("--data"), IntOption("--points", 1_000_000), IntOption("--queries", 200), IntOption("--sample", 50)),
    "filter" => await FilterBench.RunAsync(IntOption("--points", 1_000_000), IntOption("--repeats", 200), IntOption("--seconds", 10)),
    "jobs" => await JobsBench.RunAsync(IntOption("--points", 10_000_000), (Option("--instances") ?? "1,2").Split(',').Select(int.Parse).ToArray(), Option("--process") ?? "nearest"),
    "scale" => await ScaleBench.RunAsync((Option("--schools") ?? "1000000,2200000").Split(',').Select(int.Parse).ToArray(), IntOption("--population", 5_000_000),
        Option("--work"), !args.Contains("--no-baseline")),
    "countries" => await CountryBench.RunAsync(IntOption("--rounds", 3)),
    "bdn" => RunBenchmarkDotNet(args[1..]),
    _ => Usage(),
};

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(QuickBench).Assembly).Run(args);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Maps.Bench nearest|coverage [--data <dir>] [--points <n>] [--sample <n>] | storage [--features <n>] | publish [--features <n>] [--mb <n>] | http-nearest|http-profile [--rows <n>] | range | count [--data <dir>] [--points <n>] [--queries <n>] [--sample <n>] | filter [--points <n>] [--repeats <n>] [--seconds <n>] | jobs [--points <n>] [--instances 1,2] [--process nearest|profile] | scale [--schools 1000000,2200000] [--population 5000000] [--work <dir>] [--no-baseline] | countries [--rounds <n>] | bdn [BenchmarkDotNet args]");
    return 2;
}
