using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Maps.Core.Layers;

/// <summary>
/// The layout of a Maps layer file (docs/layer-file.md): a FlatGeobuf file (magic, header with the
/// collection's metadata record, packed Hilbert R-tree, features in tree order), then what item
/// pages need and FlatGeobuf lacks, then a fixed-size footer:
/// <code>
/// [FlatGeobuf]  [id order: int32 × n]  [block table: uint64 × k]  [trailer: UTF-8 JSON]  [footer: 48 bytes]
/// </code>
/// GDAL and other FlatGeobuf readers stop after the header's feature count, so the whole file is
/// also a FlatGeobuf file; downloads serve the FlatGeobuf part alone.
/// The block table holds the XXH3-64 of each block of <see cref="LayerFileTrailer.BlockBytes"/> of
/// what comes before it (the FlatGeobuf part and the id order), so that a read can check the
/// blocks it touches without hashing the rest (<see cref="VerifiedLayerSource"/>).
/// The footer: the magic <c>MAPSLYR1</c>, then five little-endian uint64: the FlatGeobuf part's
/// length, the trailer's offset and length, the root hash (XXH3-64 of the block table followed by
/// the trailer: it changes with any byte of the file), and the whole file's length (which detects
/// a cut file before anything else is read).
/// </summary>
public static class LayerFileFormat
{
    public const int FooterBytes = 48;

    public static ReadOnlySpan<byte> FooterMagic => "MAPSLYR1"u8;

    /// <summary>The format version in the trailer; a reader refuses any other.</summary>
    public const int Version = 2;

    /// <summary>The block size writers use: a first read of a block hashes at most this many bytes more than it needs.</summary>
    public const int DefaultBlockBytes = 1 << 20;

    /// <summary>The root hash: what the footer records, over the block table and the trailer.</summary>
    public static ulong RootHash(ReadOnlySpan<byte> blockTable, ReadOnlySpan<byte> trailer)
    {
        var hash = new System.IO.Hashing.XxHash3();
        hash.Append(blockTable);
        hash.Append(trailer);
        return hash.GetCurrentHashAsUInt64();
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public static byte[] Footer(long flatGeobufLength, long trailerOffset, long trailerLength, ulong hash, long fileLength)
    {
        var footer = new byte[FooterBytes];
        FooterMagic.CopyTo(footer);
        BinaryPrimitives.WriteInt64LittleEndian(footer.AsSpan(8), flatGeobufLength);
        BinaryPrimitives.WriteInt64LittleEndian(footer.AsSpan(16), trailerOffset);
        BinaryPrimitives.WriteInt64LittleEndian(footer.AsSpan(24), trailerLength);
        BinaryPrimitives.WriteUInt64LittleEndian(footer.AsSpan(32), hash);
        BinaryPrimitives.WriteInt64LittleEndian(footer.AsSpan(40), fileLength);
        return footer;
    }

    public readonly record struct FooterFields(long FlatGeobufLength, long TrailerOffset, long TrailerLength, ulong Hash, long FileLength);

    public static FooterFields ReadFooter(ReadOnlySpan<byte> footer, string name)
    {
        if (footer.Length != FooterBytes || !footer[..8].SequenceEqual(FooterMagic))
            throw new InvalidDataException($"{name} is not a Maps layer file (no MAPSLYR1 footer): cut short, or another kind of file.");
        return new FooterFields(
            BinaryPrimitives.ReadInt64LittleEndian(footer[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(footer[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(footer[24..]),
            BinaryPrimitives.ReadUInt64LittleEndian(footer[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(footer[40..]));
    }
}

/// <summary>
/// Facts about a layer file's features, computed when it is written so that opening it reads no
/// feature: counts, extent, the longitude interval (west &gt; east across ±180°), the range of the
/// date property's years, and the geometry types present.
/// </summary>
public sealed record LayerFileTrailer
{
    public int Format { get; init; } = LayerFileFormat.Version;

    public required int FeatureCount { get; init; }

    public required long IdOrderOffset { get; init; }

    /// <summary>The size of the blocks the block table hashes (the table follows the id order).</summary>
    public required int BlockBytes { get; init; }

    /// <summary>minX, minY, maxX, maxY; null when there is no feature.</summary>
    public double[]? Extent { get; init; }

    /// <summary>West and east of the smallest longitude interval holding every feature; null when there is none.</summary>
    public double[]? LongitudeBounds { get; init; }

    /// <summary>The smallest and largest integer year of the date property; null when no feature has one.</summary>
    public int[]? Years { get; init; }

    /// <summary>The GeoJSON geometry types of the features, in order of first appearance.</summary>
    public required IReadOnlyList<string> GeometryTypes { get; init; }

    /// <summary>Per property (in column order), the kinds of value its features hold: a bit per <see cref="PropertyKind"/>.</summary>
    public required IReadOnlyList<int> PropertyKinds { get; init; }
}
