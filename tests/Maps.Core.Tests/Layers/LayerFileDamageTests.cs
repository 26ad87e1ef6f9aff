using System.Text;
using CsCheck;
using Maps.Core.Layers;

namespace Maps.Core.Tests;

/// <summary>
/// Damage to a layer file is found by the read that touches it, and only that read's blocks are
/// hashed: flipped bytes in the features, the index or the id order make the reads over them (and
/// every read after) fail as unavailable; flipped bytes in the block table, the trailer or the footer,
/// or a cut or extended file, fail the open. Every byte position is tried on a small file; random
/// ones on a file of several blocks.
/// </summary>
public sealed class LayerFileDamageTests
{
    private static readonly CollectionMetadata Metadata = new()
    {
        Id = "sites", Title = "Sites", Description = "Synthetic", License = "CC0-1.0", Attribution = "tests", Source = "tests", GeometryType = "Point",
    };

    private static byte[] Build(int count)
    {
        var random = new Random(count);
        static string F(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var features = Enumerable.Range(0, count).Select(i =>
            $$$"""{"type":"Feature","id":"s{{{i:D6}}}","properties":{"name":"Site {{{i}}}","level":{{{random.Next(5)}}}},"geometry":{"type":"Point","coordinates":[{{{F(random.Next(-1800, 1800) / 10.0)}}},{{{F(random.Next(-800, 800) / 10.0)}}}]}}""");
        var layer = Layer.FromGeoJson(Metadata, Encoding.UTF8.GetBytes($$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}"""));
        var bytes = new byte[layer.File.Source.Length];
        layer.File.Source.Read(0, bytes);
        return bytes;
    }

    private static readonly byte[] Small = Build(40);
    private static readonly byte[] Large = Build(30_000);

    /// <summary>Opens the bytes and reads every feature and the whole check; false when any of it found the damage.</summary>
    private static bool ReadsWhole(byte[] bytes)
    {
        Layer layer;
        try
        {
            layer = new Layer(LayerFile.Open(LayerSource.FromBytes(bytes, "damaged")), "v");
        }
        catch (InvalidDataException)
        {
            return false;
        }
        try
        {
            var ids = layer.IdOrder.Select(layer.IdAt).ToList();
            var features = layer.ReadAll().Select(f => (f.Id, f.Geometry.AsText(), f.Properties.GetRawText())).ToList();
            layer.File.Verify();
            return ids.Count == layer.Count && features.Count == layer.Count;
        }
        catch (LayerUnavailableException)
        {
            Assert.True(layer.IsDamaged);
            return false;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    [Fact]
    public void The_undamaged_files_read_whole()
    {
        Assert.True(ReadsWhole(Small));
        Assert.True(ReadsWhole(Large));
    }

    [Fact]
    public void Every_flipped_byte_of_a_small_file_is_found()
    {
        for (int at = 0; at < Small.Length; at++)
        {
            var damaged = (byte[])Small.Clone();
            damaged[at] ^= 0x10;
            Assert.False(ReadsWhole(damaged), $"A flipped byte at {at} of {Small.Length} was not found.");
        }
    }

    [Fact]
    public void Random_flipped_bytes_of_a_file_of_many_blocks_are_found()
    {
        Assert.True(Large.Length > 3 * LayerFileFormat.DefaultBlockBytes);
        Gen.Int[0, Large.Length - 1].Sample(at =>
        {
            var damaged = (byte[])Large.Clone();
            damaged[at] ^= 0x01;
            return !ReadsWhole(damaged);
        }, iter: 60);
    }

    [Fact]
    public void A_cut_or_extended_file_does_not_open()
    {
        foreach (int length in new[] { 0, 11, Small.Length / 2, Small.Length - 1 })
            Assert.Throws<InvalidDataException>(() => LayerFile.Open(LayerSource.FromBytes(Small[..length], "cut")));
        Assert.Throws<InvalidDataException>(() => LayerFile.Open(LayerSource.FromBytes([.. Small, 0], "extended")));
    }

    [Fact]
    public void A_read_hashes_only_the_blocks_it_touches_and_finds_damage_where_it_reads()
    {
        var file = LayerFile.Open(LayerSource.FromBytes(Large, "large"));
        var layer = new Layer(file, "v");
        var source = (VerifiedLayerSource)file.Source;
        int opened = source.VerifiedBlocks;

        var last = layer.Feature(layer.Count - 1);
        Assert.StartsWith("s", last.Id);
        int afterOne = source.VerifiedBlocks;

        // The header's block at open; one feature adds its own block and the index's (offsets) blocks, not the file.
        Assert.InRange(opened, 1, 2);
        Assert.True(afterOne < source.BlockCount, $"{afterOne} of {source.BlockCount} blocks checked after one feature.");

        // Damage in the last feature's block: a new reader of the file finds it at that feature, not before.
        var damaged = (byte[])Large.Clone();
        long lastFeatureEnd = file.FlatGeobufLength;
        damaged[lastFeatureEnd - 3] ^= 0xFF;
        var damagedLayer = new Layer(LayerFile.Open(LayerSource.FromBytes(damaged, "damaged")), "v");
        Assert.Equal(layer.Feature(0).Id, damagedLayer.Feature(0).Id);
        Assert.False(damagedLayer.IsDamaged);
        Assert.Throws<LayerUnavailableException>(() => damagedLayer.Feature(damagedLayer.Count - 1));
        Assert.True(damagedLayer.IsDamaged);
        Assert.Throws<LayerUnavailableException>(() => damagedLayer.Feature(0));
    }
}
