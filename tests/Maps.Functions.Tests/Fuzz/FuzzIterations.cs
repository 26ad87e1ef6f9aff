namespace Maps.Functions.Tests.Fuzz;

/// <summary>Cases per property-based test: short by default (CI), long with <c>MAPS_FUZZ_ITERATIONS</c>.</summary>
public static class FuzzIterations
{
    public static long For(long ciDefault) =>
        long.TryParse(Environment.GetEnvironmentVariable("MAPS_FUZZ_ITERATIONS"), out long n) && n > 0 ? n : ciDefault;

    /// <summary>
    /// Cases for a property that sends each case over (in-memory) HTTP, a few milliseconds apiece: the
    /// CI default, or a twentieth of <c>MAPS_FUZZ_ITERATIONS</c> (5,000 at 100,000) so the long run stays
    /// under a quarter of an hour while the parsers themselves get the full count.
    /// </summary>
    public static long ForHttp(long ciDefault) =>
        long.TryParse(Environment.GetEnvironmentVariable("MAPS_FUZZ_ITERATIONS"), out long n) && n > 0 ? Math.Max(ciDefault, n / 20) : ciDefault;
}
