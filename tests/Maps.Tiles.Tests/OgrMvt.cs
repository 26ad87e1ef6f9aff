using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Maps.Tiles.Tests;

/// <summary>A feature as GDAL's MVT driver reports it: attributes as text, geometry as WKT in EPSG:3857.</summary>
internal sealed record OgrFeature(IReadOnlyDictionary<string, string> Attributes, string Wkt)
{
    public string Id => Attributes["id"];

    /// <summary>Every x, y pair of the WKT.</summary>
    public IReadOnlyList<(double X, double Y)> Positions => Regex
        .Matches(Wkt, @"(-?[\d.]+(?:e[-+]?\d+)?) (-?[\d.]+(?:e[-+]?\d+)?)", RegexOptions.IgnoreCase)
        .Select(m => (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
        .ToArray();
}

/// <summary>
/// Decodes a tile with GDAL's MVT driver (<c>ogrinfo</c>, Debian package <c>gdal-bin</c>): an
/// implementation independent of ours. CLIP=NO keeps what lies in the buffer.
/// </summary>
internal static partial class OgrMvt
{
    public static bool Available { get; } = Probe();

    public static IReadOnlyList<OgrFeature> Decode(byte[] tile, TileAddress address, string layer)
    {
        string directory = Directory.CreateTempSubdirectory("maps-tiles-").FullName;
        try
        {
            string path = Path.Combine(directory, "tile.mvt");
            File.WriteAllBytes(path, tile);
            string output = Run("ogrinfo", "-ro", "-al", "-q", "-oo", $"Z={address.Z}", "-oo", $"X={address.X}", "-oo", $"Y={address.Y}",
                "-oo", "CLIP=NO", path, layer);
            return Parse(output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static IReadOnlyList<OgrFeature> Parse(string output)
    {
        var features = new List<OgrFeature>();
        Dictionary<string, string>? attributes = null;
        foreach (string line in output.Split('\n'))
        {
            if (line.StartsWith("OGRFeature(", StringComparison.Ordinal))
            {
                attributes = new Dictionary<string, string>(StringComparer.Ordinal);
                continue;
            }
            if (attributes is null)
                continue;
            var field = FieldLine().Match(line);
            if (field.Success)
            {
                attributes[field.Groups[1].Value] = field.Groups[3].Value.TrimEnd('\r');
                continue;
            }
            string trimmed = line.Trim();
            if (Regex.IsMatch(trimmed, "^(MULTI)?(POINT|LINESTRING|POLYGON)"))
            {
                features.Add(new OgrFeature(attributes, trimmed));
                attributes = null;
            }
        }
        return features;
    }

    [GeneratedRegex(@"^  (\S+) \(([^=]+)\) = (.*)$")]
    private static partial Regex FieldLine();

    private static string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} failed ({process.ExitCode}): {stderr}");
        return stdout.Result;
    }

    private static bool Probe()
    {
        try
        {
            return Run("ogrinfo", "--formats").Contains("MVT", StringComparison.Ordinal);
        }
        catch (Exception)
        {
            return false;
        }
    }
}
