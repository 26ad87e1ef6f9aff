using System.Buffers.Binary;
using System.Text.Json;
using Maps.Core.Layers.FlatGeobuf;

namespace Maps.Core.Layers;

/// <summary>
/// An open layer file (<see cref="LayerFileFormat"/>): opening reads only the footer, the trailer, the
/// block table and the FlatGeobuf header, so it costs the same for ten features or ten million.
/// Everything else is read when asked: the index's leaves, the id order, a feature's bytes, a
/// sequential scan; each block is checked against the block table by the first read that touches
/// it, and <see cref="Verify"/> checks the rest. Immutable and safe for concurrent readers.
/// </summary>
public sealed class LayerFile
{
    private LayerFile(LayerSource source, LayerFileFormat.FooterFields footer, LayerFileTrailer trailer, FgbHeader header,
        CollectionMetadata metadata, long featuresStart)
    {
        Source = source;
        Footer = footer;
        Trailer = trailer;
        Header = header;
        Metadata = metadata;
        FeaturesStart = featuresStart;
        int idColumn = header.Columns.Count > 0 ? 0 : -1;
        Schema = new LayerSchema(header.Columns, idColumn);
        GeometryType = header.GeometryType;
    }

    public LayerSource Source { get; }

    public string Name => Source.Name;

    public LayerFileFormat.FooterFields Footer { get; }

    public LayerFileTrailer Trailer { get; }

    public FgbHeader Header { get; }

    /// <summary>The collection's metadata record, as the file was written with it.</summary>
    public CollectionMetadata Metadata { get; }

    public LayerSchema Schema { get; }

    public FgbGeometryType GeometryType { get; }

    public int FeatureCount => Trailer.FeatureCount;

    /// <summary>Where the features start (the end of the index).</summary>
    public long FeaturesStart { get; }

    /// <summary>The end of the FlatGeobuf part: what a download serves.</summary>
    public long FlatGeobufLength => Footer.FlatGeobufLength;

    /// <summary>The root hash (<see cref="LayerFileFormat"/>) as 16 hex digits: a version name that changes with any byte.</summary>
    public string ContentHash => Footer.Hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    public static LayerFile Open(string path) => Open(LayerSource.OpenFile(path));

    /// <summary>Reads the footer, trailer and header; a cut, extended or foreign file throws <see cref="InvalidDataException"/> naming it.</summary>
    public static LayerFile Open(LayerSource source)
    {
        string name = source.Name;
        if (source.Length < LayerFileFormat.FooterBytes + 12)
            throw new InvalidDataException($"{name} is too short ({source.Length} bytes) to be a Maps layer file.");
        var footer = LayerFileFormat.ReadFooter(source.Read(source.Length - LayerFileFormat.FooterBytes, LayerFileFormat.FooterBytes), name);
        if (footer.FileLength != source.Length)
            throw new InvalidDataException($"{name} holds {source.Length} bytes, not the {footer.FileLength} it was written with: it was cut or appended to.");
        long footerStart = source.Length - LayerFileFormat.FooterBytes;
        if (footer.FlatGeobufLength < 12 || footer.TrailerOffset < footer.FlatGeobufLength || footer.TrailerLength < 2
            || footer.TrailerOffset + footer.TrailerLength != footerStart || footer.TrailerLength > 1 << 24)
            throw new InvalidDataException($"{name}: the footer's sections do not fit the file.");

        LayerFileTrailer trailer;
        var trailerBytes = source.Read(footer.TrailerOffset, (int)footer.TrailerLength);
        try
        {
            trailer = JsonSerializer.Deserialize<LayerFileTrailer>(trailerBytes, LayerFileFormat.Json)
                ?? throw new InvalidDataException($"{name}: empty trailer.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{name}: the trailer is not valid JSON ({e.Message}).", e);
        }
        if (trailer.Format != LayerFileFormat.Version)
            throw new InvalidDataException($"{name} is a layer file of format {trailer.Format}; this Maps reads format {LayerFileFormat.Version}.");

        // The block table follows the id order; with the trailer it must give the root hash, and then every block can be checked as it is read.
        long covered = trailer.IdOrderOffset + 4L * trailer.FeatureCount;
        long blocks = trailer.BlockBytes > 0 ? (covered + trailer.BlockBytes - 1) / trailer.BlockBytes : -1;
        if (trailer.FeatureCount < 0 || trailer.IdOrderOffset != footer.FlatGeobufLength || blocks < 1 || covered + 8 * blocks != footer.TrailerOffset)
            throw new InvalidDataException($"{name}: the trailer's sections do not fit the file.");
        var tableBytes = source.Read(covered, (int)(8 * blocks));
        if (LayerFileFormat.RootHash(tableBytes, trailerBytes) != footer.Hash)
            throw new InvalidDataException($"{name}: its block table or trailer does not match the hash it was written with; the file is damaged.");
        source = new VerifiedLayerSource(source, VerifiedLayerSource.ReadTable(tableBytes), trailer.BlockBytes, covered);

        var start = source.Read(0, 12);
        if (!start.AsSpan(0, 8).SequenceEqual(FgbHeader.Magic))
            throw new InvalidDataException($"{name} does not start with FlatGeobuf's magic bytes.");
        long headerSize = BinaryPrimitives.ReadUInt32LittleEndian(start.AsSpan(8));
        if (headerSize > footer.FlatGeobufLength - 12)
            throw new InvalidDataException($"{name}: the FlatGeobuf header is longer than the file.");
        var header = FgbHeader.Read(source.Read(12, (int)headerSize));
        if (header.FeaturesCount != (ulong)trailer.FeatureCount || header.Columns.Count == 0)
            throw new InvalidDataException($"{name}: the header and the trailer disagree on the features.");
        var metadata = JsonSerializer.Deserialize<CollectionMetadata>(header.Metadata ?? "null", LayerFileFormat.Json)
            ?? throw new InvalidDataException($"{name}: the header has no collection metadata.");
        long featuresStart = 12 + headerSize + FgbIndex.NodeCount(trailer.FeatureCount, header.NodeSize) * FgbIndex.NodeBytes;
        if (featuresStart > footer.FlatGeobufLength)
            throw new InvalidDataException($"{name}: the index does not fit the file.");
        return new LayerFile(source, footer, trailer, header, metadata, featuresStart);
    }

    /// <summary>Checks every block of the file not yet checked by a read; a mismatch throws <see cref="InvalidDataException"/>.</summary>
    public void Verify(CancellationToken cancellationToken = default) => ((VerifiedLayerSource)Source).VerifyAll(cancellationToken);

    /// <summary>The index's leaves: each feature's box (file order) and its offset in the data section.</summary>
    public (double[] MinX, double[] MinY, double[] MaxX, double[] MaxY, long[] Offsets) ReadLeaves()
    {
        int n = FeatureCount;
        var leaves = FgbIndex.ReadLeaves(Source, FeaturesStart - (long)n * FgbIndex.NodeBytes, n);
        if (n > 0 && (leaves.Offsets[0] != 0 || FeaturesStart + leaves.Offsets[^1] >= FlatGeobufLength))
            throw new InvalidDataException($"{Name}: the index's feature offsets do not fit the file.");
        return leaves;
    }

    /// <summary>The positions (file order) of the features sorted by id (ordinal).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int[] ReadIdOrder()
    {
        int n = FeatureCount;
        var order = new int[n];
        Source.Read(Trailer.IdOrderOffset, System.Runtime.InteropServices.MemoryMarshal.AsBytes(order.AsSpan()));
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Layer files are read on little-endian machines only.");
        foreach (int position in order)
            if ((uint)position >= (uint)n)
                throw new InvalidDataException($"{Name}: the id order names a feature that does not exist.");
        return order;
    }

    /// <summary>The Feature flatbuffer (size prefix removed) between two data-section offsets.</summary>
    public byte[] ReadFeature(long offset, long end)
    {
        long length = end - offset;
        if (length < 8 || length > int.MaxValue)
            throw new InvalidDataException($"{Name}: a feature of {length} bytes.");
        var bytes = Source.Read(FeaturesStart + offset, (int)length);
        long size = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        if (size != length - 4)
            throw new InvalidDataException($"{Name}: a feature's size prefix does not match the index.");
        return bytes[4..];
    }

    /// <summary>The data-section offset where the features end (for the last feature's length).</summary>
    public long FeaturesEnd => FlatGeobufLength - FeaturesStart;

    /// <summary>Copies the FlatGeobuf part (a download).</summary>
    public async Task CopyFlatGeobufToAsync(Stream output, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 18];
        for (long at = 0; at < FlatGeobufLength; at += buffer.Length)
        {
            int length = (int)Math.Min(buffer.Length, FlatGeobufLength - at);
            Source.Read(at, buffer.AsSpan(0, length));
            await output.WriteAsync(buffer.AsMemory(0, length), cancellationToken);
        }
    }
}
