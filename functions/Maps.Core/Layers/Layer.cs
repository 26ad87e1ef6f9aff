using System.Collections.Concurrent;
using Maps.Core.Spatial;
using NetTopologySuite.Geometries;

namespace Maps.Core.Layers;

/// <summary>
/// A collection version served from its layer file (<see cref="LayerFile"/>). Opening costs the
/// same whatever the size: what describes the layer (metadata, count, extent, years, geometry
/// types, property names) was written in the file's header and trailer. What queries need is read
/// on first use and kept, in compact arrays: the spatial index (the file's packed Hilbert R-tree,
/// its leaves being each feature's box: for points, its coordinates) with each feature's offset,
/// and the id order. Features themselves are read from the file when a request needs them.
/// <para>
/// Positions are file order, which is the spatial index's order; the keyset order of item pages is
/// the id order (<see cref="IdOrder"/>). Resident memory for a point layer: about 35 bytes per
/// feature once paged and queried (coordinates 16, offset 8, index nodes 3, id order and ranks 8).
/// </para>
/// <para>
/// Every read is checked against the file's block table as it is made, so no read waits for the
/// whole file; the catalog that opens the layer also queues a check of every block in the background
/// (<see cref="StartVerification"/>). Once either finds damage, the layer is damaged
/// (<see cref="IsDamaged"/>) and every read throws <see cref="LayerUnavailableException"/>. Every
/// member is safe for concurrent readers.
/// </para>
/// </summary>
public sealed class Layer
{
    private readonly Lazy<Resident> _resident;
    private readonly Lazy<int[]> _idOrder;
    private readonly Lazy<int[]> _idRank;
    private readonly TaskCompletionSource _check = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _checkQueued;
    private readonly ConcurrentDictionary<string, Lazy<object>> _derived = new(StringComparer.Ordinal);

    public Layer(LayerFile file, string version, CollectionMetadata? metadata = null)
    {
        File = file;
        Version = version;
        Metadata = metadata ?? file.Metadata;
        var trailer = file.Trailer;
        Extent = trailer.Extent is [var minX, var minY, var maxX, var maxY] ? new Envelope(minX, maxX, minY, maxY) : new Envelope();
        LongitudeBounds = trailer.LongitudeBounds is [var west, var east] ? (west, east) : null;
        (MinYear, MaxYear) = trailer.Years is [var min, var max] ? (min, max) : ((int?)null, (int?)null);
        PropertyNames = file.Schema.PropertyNames.ToHashSet(StringComparer.Ordinal);
        IsPoints = trailer.GeometryTypes is ["Point"];
        _resident = new(LoadResident, LazyThreadSafetyMode.ExecutionAndPublication);
        _idOrder = new(() => Checked(File.ReadIdOrder), LazyThreadSafetyMode.ExecutionAndPublication);
        _idRank = new(InvertIdOrder, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Opens the layer file at <paramref name="path"/>; its content hash is the version.</summary>
    public static Layer Open(string path)
    {
        var file = LayerFile.Open(path);
        return new Layer(file, file.ContentHash);
    }

    public string Id => Metadata.Id;

    public CollectionMetadata Metadata { get; }

    /// <summary>The version name: a published version's id, or a shipped layer file's content hash.</summary>
    public string Version { get; }

    public LayerFile File { get; }

    public LayerSchema Schema => File.Schema;

    public int Count => File.FeatureCount;

    /// <summary>Bounding box of every feature (null envelope for an empty layer).</summary>
    public Envelope Extent { get; }

    /// <summary>
    /// West and east of the smallest longitude interval holding every feature; west &gt; east when it
    /// crosses ±180° (a layer of cables split at the antimeridian). Null for an empty layer.
    /// </summary>
    public (double West, double East)? LongitudeBounds { get; }

    /// <summary>Every property name of the layer's features.</summary>
    public IReadOnlySet<string> PropertyNames { get; }

    /// <summary>The GeoJSON geometry types the features have.</summary>
    public IReadOnlyList<string> GeometryTypes => File.Trailer.GeometryTypes;

    /// <summary>The kinds of value each property holds (in <see cref="LayerSchema.PropertyNames"/> order): a bit per <see cref="PropertyKind"/>.</summary>
    public IReadOnlyList<int> PropertyKinds => File.Trailer.PropertyKinds;

    /// <summary>True when some feature has a non-null value of the property.</summary>
    public bool HasValues(string property)
    {
        int column = Schema.ColumnOf(property);
        return column > 0 && (PropertyKinds[column - 1] & ~(1 << (int)PropertyKind.Null)) != 0;
    }

    /// <summary>True when every feature is a Point: its box is its position.</summary>
    public bool IsPoints { get; }

    public int? MinYear { get; }

    public int? MaxYear { get; }

    // ---------------------------------------------------------------- verification

    /// <summary>
    /// Queues the check of every block of the file (once): checks run one at a time in the
    /// background, so an instance opening many large layers keeps a core for its requests. The
    /// task faults as soon as damage is found, by this check or by any read.
    /// </summary>
    public Task StartVerification()
    {
        if (Interlocked.Exchange(ref _checkQueued, 1) == 0)
        {
            _ = VerificationQueue.Run(() =>
            {
                if (_check.Task.IsCompleted)
                    return;
                try
                {
                    File.Verify();
                    _check.TrySetResult();
                }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    _check.TrySetException(e);
                }
            });
        }
        return _check.Task;
    }

    /// <summary>True once damage has been found: every read of features throws <see cref="LayerUnavailableException"/>.</summary>
    public bool IsDamaged => _check.Task.IsFaulted;

    /// <summary>Runs a read of the file; damage it finds, or found before, makes the layer unavailable.</summary>
    private T Checked<T>(Func<T> read)
    {
        if (_check.Task.IsFaulted)
            throw Unavailable(_check.Task.Exception!.GetBaseException());
        try
        {
            return read();
        }
        catch (InvalidDataException e)
        {
            _check.TrySetException(e);
            throw Unavailable(e);
        }
    }

    private LayerUnavailableException Unavailable(Exception reason) => new(Id, Version, reason.Message, reason);

    // ---------------------------------------------------------------- features

    /// <summary>The feature at a position, read from the file.</summary>
    public LayerFeature Feature(int position) => new(this, position, Record(position));

    /// <summary>The stored record at a position, read from the file.</summary>
    public FeatureRecord Record(int position)
    {
        var resident = _resident.Value;
        if ((uint)position >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(position), position, $"Collection '{Id}' has {Count} features.");
        long end = position + 1 < Count ? resident.Offsets[position + 1] : File.FeaturesEnd;
        var bytes = Checked(() => File.ReadFeature(resident.Offsets[position], end));
        return new FeatureRecord(bytes, Schema, File.GeometryType);
    }

    /// <summary>The features at the positions given, in that order.</summary>
    public IEnumerable<LayerFeature> Features(IEnumerable<int> positions)
    {
        foreach (int position in positions)
            yield return Feature(position);
    }

    /// <summary>Every feature in id order, read into memory at once: for tests, tools and layers known to be small.</summary>
    public IReadOnlyList<LayerFeature> ReadAll() => Features(IdOrder).ToArray();

    /// <summary>Every feature in file order, read in large sequential blocks (a scan).</summary>
    public IEnumerable<LayerFeature> All()
    {
        int position = 0;
        foreach (var record in Records())
            yield return new LayerFeature(this, position++, record);
    }

    /// <summary>
    /// Every record in file order, read in blocks and split at the features' size prefixes: a scan
    /// needs no index, so scanning a layer does not make its index resident. Blocks are 64 KB, under
    /// the large object heap's threshold, so a scan of a gigabyte leaves only short-lived garbage.
    /// </summary>
    public IEnumerable<FeatureRecord> Records()
    {
        const int BlockBytes = 64 << 10;
        long at = 0, end = File.FeaturesEnd;
        int position = 0;
        while (position < Count)
        {
            int length = (int)Math.Min(BlockBytes, end - at);
            if (length < 4)
                throw Damaged($"the features end after {position} of {Count}");
            var block = Checked(() => File.Source.Read(File.FeaturesStart + at, length));
            int offset = 0;
            while (position < Count && offset + 4 <= length)
            {
                long size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(offset));
                if (offset + 4 + size > length)
                    break;
                yield return new FeatureRecord(block.AsMemory(offset + 4, (int)size), Schema, File.GeometryType);
                offset += 4 + (int)size;
                position++;
            }
            if (offset == 0)
            {
                // One feature larger than a block: read it alone.
                long size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(block);
                if (size > end - at - 4 || size > int.MaxValue - 4)
                    throw Damaged($"feature {position} runs past the end of the features");
                var feature = Checked(() => File.Source.Read(File.FeaturesStart + at + 4, (int)size));
                yield return new FeatureRecord(feature, Schema, File.GeometryType);
                offset = 4 + (int)size;
                position++;
            }
            at += offset;
        }
        if (at != end)
            throw Damaged($"{end - at} bytes follow the last feature");
    }

    private LayerUnavailableException Damaged(string reason)
    {
        var damage = new InvalidDataException($"{File.Name}: {reason}.");
        _check.TrySetException(damage);
        return Unavailable(damage);
    }

    /// <summary>The predicate of every feature, by position, in one sequential read of the file.</summary>
    public bool[] Mask(Func<LayerFeature, bool> predicate)
    {
        var mask = new bool[Count];
        int position = 0;
        foreach (var feature in All())
            mask[position++] = predicate(feature);
        return mask;
    }

    /// <summary>The feature's id, read from the file.</summary>
    public string IdAt(int position) => Record(position).Id;

    // ---------------------------------------------------------------- ids

    /// <summary>Positions sorted by feature id (ordinal): the keyset order of item pages.</summary>
    public int[] IdOrder => _idOrder.Value;

    /// <summary>IdRank[position] = where the feature comes in <see cref="IdOrder"/>.</summary>
    public int[] IdRank => _idRank.Value;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private int[] InvertIdOrder()
    {
        var order = IdOrder;
        var rank = new int[order.Length];
        for (int i = 0; i < order.Length; i++)
            rank[order[i]] = i;
        return rank;
    }

    /// <summary>Where the feature with this id is, or null: a binary search of the id order, O(log n) reads.</summary>
    public int? PositionOf(string id)
    {
        int index = IdLowerBound(id);
        return index < Count && IdAt(IdOrder[index]) == id ? IdOrder[index] : null;
    }

    /// <summary>The index in <see cref="IdOrder"/> of the first feature whose id is not before <paramref name="id"/>.</summary>
    public int IdLowerBound(string id) => IdSearch(id, afterEqual: false);

    /// <summary>The index in <see cref="IdOrder"/> of the first feature whose id is after <paramref name="id"/>.</summary>
    public int IdUpperBound(string id) => IdSearch(id, afterEqual: true);

    private int IdSearch(string id, bool afterEqual)
    {
        var order = IdOrder;
        int low = 0, high = order.Length;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            int c = string.CompareOrdinal(IdAt(order[middle]), id);
            if (c < 0 || (c == 0 && afterEqual))
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }

    public LayerFeature? Find(string id) => PositionOf(id) is int position ? Feature(position) : null;

    // ---------------------------------------------------------------- spatial

    /// <summary>
    /// The file's packed Hilbert R-tree over the features' boxes (item k is position k), loaded on
    /// first use; e.g. for a <see cref="PrefixCounter"/> over a property to count with
    /// <see cref="CountIntersecting(Envelope, Func{int, bool}, IRangeCounter?)"/>.
    /// </summary>
    public PackedEnvelopeTree EnvelopeIndex => _resident.Value.Tree;

    /// <summary>The box of the feature at a position, from the index (no read of the feature).</summary>
    public Envelope EnvelopeOf(int position)
    {
        EnvelopeIndex.ItemBounds(position, out double minX, out double minY, out double maxX, out double maxY);
        return new Envelope(minX, maxX, minY, maxY);
    }

    /// <summary>A point feature's longitude and latitude, from the index (only for <see cref="IsPoints"/> layers).</summary>
    public (double Lon, double Lat) PointAt(int position)
    {
        EnvelopeIndex.ItemBounds(position, out double x, out double y, out _, out _);
        return (x, y);
    }

    /// <summary>Positions of features whose envelope intersects the box, ascending.</summary>
    public List<int> PositionsIntersecting(Envelope box)
    {
        var positions = new List<int>();
        EnvelopeIndex.Query(box, positions);
        positions.Sort();
        return positions;
    }

    /// <summary>
    /// How many features intersect the box, counted from the index: features whose envelope lies in
    /// the box count without a test (whole index nodes at once), features whose envelope only overlaps
    /// it are decided by <paramref name="exactTest"/>(position) (points never are). With a
    /// <paramref name="counter"/> (over <see cref="EnvelopeIndex"/>), only the features it counts.
    /// </summary>
    public int CountIntersecting(Envelope box, Func<int, bool> exactTest, IRangeCounter? counter = null) =>
        EnvelopeIndex.Count(box, exactTest, counter);

    /// <summary>As <see cref="CountIntersecting(Envelope, Func{int, bool}, IRangeCounter?)"/> for the union of boxes (a bbox split at the antimeridian); each feature counts once.</summary>
    public int CountIntersecting(IReadOnlyList<Envelope> boxes, Func<int, bool> exactTest, IRangeCounter? counter = null) =>
        EnvelopeIndex.Count(boxes, exactTest, counter);

    private Resident LoadResident() => Checked(() =>
    {
        var (minX, minY, maxX, maxY, offsets) = File.ReadLeaves();
        return new Resident(PackedEnvelopeTree.Packed(minX, minY, maxX, maxY, File.Header.NodeSize == 0 ? 16 : File.Header.NodeSize), offsets);
    });

    private sealed record Resident(PackedEnvelopeTree Tree, long[] Offsets);

    // ---------------------------------------------------------------- derived

    /// <summary>
    /// A structure computed from the features once and kept with the layer (a sort order, a
    /// property's counter). At most <see cref="MaxDerived"/> are kept, so requests cannot fill memory
    /// with them; beyond that each is computed for the caller alone.
    /// </summary>
    public T Derived<T>(string key, Func<T> build) where T : class
    {
        if (_derived.TryGetValue(key, out var known))
            return (T)known.Value;
        if (_derived.Count >= MaxDerived)
            return build();
        var lazy = _derived.GetOrAdd(key, _ => new Lazy<object>(build, LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return (T)lazy.Value;
        }
        catch
        {
            _derived.TryRemove(new KeyValuePair<string, Lazy<object>>(key, lazy));
            throw;
        }
    }

    public const int MaxDerived = 64;

    // ---------------------------------------------------------------- in memory

    /// <summary>
    /// A layer made in memory through the one writer (<see cref="LayerFileBuilder"/>): for tests,
    /// benchmarks and generated data. The version is the file's content hash unless given.
    /// </summary>
    public static Layer InMemory(CollectionMetadata metadata, IEnumerable<(string Id, Geometry Geometry, IReadOnlyList<KeyValuePair<string, PropertyValue>> Properties)> features, string? version = null)
    {
        using var builder = new LayerFileBuilder();
        foreach (var (id, geometry, properties) in features)
            builder.Add(id, geometry, properties);
        return InMemory(builder, metadata, version);
    }

    /// <summary>A layer made in memory from a GeoJSON FeatureCollection whose features have string ids (tests, generated data).</summary>
    public static Layer FromGeoJson(CollectionMetadata metadata, ReadOnlySpan<byte> featureCollection, string? version = null)
    {
        using var builder = new LayerFileBuilder();
        builder.AddFeatureCollection(featureCollection);
        return InMemory(builder, metadata, version);
    }

    private static Layer InMemory(LayerFileBuilder builder, CollectionMetadata metadata, string? version)
    {
        using var stream = new MemoryStream();
        var info = builder.WriteTo(stream, metadata);
        var file = LayerFile.Open(LayerSource.FromBytes(stream.ToArray(), metadata.Id));
        return new Layer(file, version ?? info.ContentHash);
    }
}

/// <summary>Runs layers' whole-file checks one at a time, in the order they were queued.</summary>
internal static class VerificationQueue
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task Run(Action check)
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await Task.Run(check).ConfigureAwait(false);
        }
        finally
        {
            Gate.Release();
        }
    }
}

/// <summary>A layer version cannot be read: its file is damaged (a wrong hash, cut short, bad bytes). Maps to 503.</summary>
public sealed class LayerUnavailableException(string collectionId, string version, string reason, Exception? inner = null)
    : Exception($"Collection '{collectionId}' (version {version}) cannot be read: {reason}", inner)
{
    public string CollectionId { get; } = collectionId;

    public string Version { get; } = version;
}
