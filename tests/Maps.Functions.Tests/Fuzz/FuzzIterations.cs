namespace Maps.Functions.Tests.Fuzz;

/// <summary>Cases per property-based test: short by default (CI), long with <c>MAPS_FUZZ_ITERATIONS</c>.</summary>
public static class FuzzIterations
{
    public static long For(long ciDefault) =>
        long.TryParse(Environment.GetEnvironmentVariable("MAPS_FUZZ_ITERATIONS"), out long n) && n > 0 ? n : ciDefault;
}
