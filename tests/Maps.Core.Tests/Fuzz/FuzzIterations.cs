namespace Maps.Core.Tests.Fuzz;

/// <summary>
/// How many cases each property-based test runs: a short run by default (CI), the long run with
/// <c>MAPS_FUZZ_ITERATIONS=100000</c> (see README, "Reliability").
/// </summary>
public static class FuzzIterations
{
    public static long For(long ciDefault) =>
        long.TryParse(Environment.GetEnvironmentVariable("MAPS_FUZZ_ITERATIONS"), out long n) && n > 0 ? n : ciDefault;
}
