using System.Text;
using CsCheck;
using Maps.Core.Import;
using Maps.Formats.Tests.Support;

namespace Maps.Formats.Tests;

/// <summary>
/// Damaged uploads of every format — bytes overwritten, the body cut short, or both — are read or refused
/// with an <see cref="ImportFileException"/>, never another exception and never a hang; whatever is handed
/// on parses as the publisher parses it (<see cref="Upload.ReadAsync"/> does), and temp files are deleted.
/// </summary>
public sealed class FuzzTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60); // a hang, not a slow parse on a busy machine

    /// <summary>Up to 8 overwritten bytes and an optional cut, from a valid body of <paramref name="length"/> bytes.</summary>
    private static Gen<((int Position, byte Value)[] Changes, int? Cut)> Damage(int length) =>
        Gen.Select(Gen.Select(Gen.Int[0, length - 1], Gen.Byte).Array[0, 8], Gen.Int[0, length].Nullable());

    private static byte[] Apply(byte[] valid, ((int Position, byte Value)[] Changes, int? Cut) damage)
    {
        byte[] body = (byte[])valid.Clone();
        foreach (var (position, value) in damage.Changes)
            body[position] = value;
        return damage.Cut is int cut ? body[..cut] : body;
    }

    private static void ReadOrRefuse(IUploadFormat format, byte[] body, int chunk = 4096)
    {
        var read = Task.Run(async () =>
        {
            try
            {
                await Upload.ReadAsync(format, body, chunk: chunk);
            }
            catch (ImportFileException)
            {
            }
        });
        if (!read.Wait(Hang))
            throw new TimeoutException($"{format.Id} reader still running after {Hang} on a {body.Length}-byte body");
    }

    private static void Fuzz(IUploadFormat format, byte[] valid, int iterations, int chunk = 4096) =>
        Damage(valid.Length).Sample(damage => ReadOrRefuse(format, Apply(valid, damage), chunk), iter: iterations, threads: 1);

    [Fact]
    public void Damaged_geojson() =>
        Fuzz(new GeoJsonFormat(), GeoJson.Utf8(GeoJson.Collection(SampleLayer.Generate(30, seed: 41).Select(Writers.FeatureJson))), 2000, chunk: 97);

    [Fact]
    public void Damaged_geojsonseq() =>
        Fuzz(new GeoJsonSeqFormat(), Encoding.UTF8.GetBytes(string.Concat(SampleLayer.Generate(30, seed: 42).Select(f => "\u001e" + Writers.FeatureJson(f) + "\n"))), 2000, chunk: 97);

    [Fact]
    public void Damaged_csv()
    {
        var features = SampleLayer.Generate(30, seed: 43);
        var writer = new NetTopologySuite.IO.WKTWriter();
        string csv = Writers.Csv(';', features.Select(f => new[] { f.Id, f.Name, writer.Write(f.Geometry), Writers.N(f.Value) }).Prepend(["id", "name", "wkt", "value"]))
            + Writers.Csv(',', [["id", "lat", "lon"], ["a", "1,5", "2"]]);
        Fuzz(new CsvFormat(), Encoding.UTF8.GetBytes(csv), 2000, chunk: 97);
    }

    [Fact]
    public void Damaged_geopackage() =>
        Fuzz(new GeoPackageFormat(), Writers.GeoPackage(Writers.Srs.Utm32, ("backbone", SampleLayer.Generate(40, seed: 44, lonRange: 1, latRange: 1))), 300);

    [Fact]
    public void Damaged_geopackage_catalogue()
    {
        // Damage confined to the first pages, where the schema and the gpkg_* tables are.
        byte[] valid = Writers.GeoPackage(Writers.Srs.Utm32, ("backbone", SampleLayer.Generate(40, seed: 45, lonRange: 1, latRange: 1)));
        Damage(Math.Min(valid.Length, 16 * 4096)).Sample(damage => ReadOrRefuse(new GeoPackageFormat(), Apply(valid, damage)), iter: 300, threads: 1);
    }

    [Fact]
    public void Damaged_zip() =>
        Fuzz(new ShapefileFormat(), Writers.ShapefileZip(SampleLayer.Generate(40, seed: 46, points: false), Writers.Utm32EsriWkt), 300);

    [Theory]
    [InlineData(".shp")]
    [InlineData(".shx")]
    [InlineData(".dbf")]
    [InlineData(".prj")]
    [InlineData(".cpg")]
    public void Damaged_file_inside_an_intact_zip(string extension)
    {
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(Writers.ShapefileZip(SampleLayer.Generate(40, seed: 47, points: false), Writers.Utm32EsriWkt)));
        var entries = archive.Entries.Select(e =>
        {
            using var stream = e.Open();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return (Name: e.FullName, Content: memory.ToArray());
        }).ToArray();
        var target = entries.Single(e => e.Name.EndsWith(extension));
        Damage(target.Content.Length).Sample(damage =>
        {
            var damaged = entries.Select(e => e.Name == target.Name ? (e.Name, Apply(e.Content, damage)) : e).ToArray();
            ReadOrRefuse(new ShapefileFormat(), Writers.Zip(damaged));
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void Damaged_wkt_definitions_are_read_or_refused()
    {
        string valid = Writers.Utm32Wkt;
        Gen.Select(Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Char["[]()\",AZaz09 ._"]).Array[1, 4], Gen.Int[1, valid.Length].Nullable()).Sample(damage =>
        {
            var chars = valid.ToCharArray();
            foreach (var (position, value) in damage.Item1)
                chars[position] = value;
            string wkt = damage.Item2 is int cut ? new string(chars, 0, cut) : new string(chars);
            var run = Task.Run(() =>
            {
                try
                {
                    CrsTransform.ForPrj(wkt, "layer.prj");
                }
                catch (ImportFileException)
                {
                }
            });
            if (!run.Wait(Hang))
                throw new TimeoutException($"CRS parse still running after {Hang}: {wkt}");
        }, iter: 1000, threads: 1);
    }
}
