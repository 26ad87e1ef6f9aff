using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Google.FlatBuffers;
using Maps.Core.Geodesy;
using Maps.Core.Import;
using Maps.Core.Layers.FlatGeobuf;
using Microsoft.Win32.SafeHandles;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Maps.Core.Layers;

/// <summary>Where an added feature came from, for a report that names it: a file (or upload) and the feature's index in it.</summary>
public readonly record struct FeatureSource(string File, int Index);

/// <summary>A feature left out because an earlier one had its id: where it came from, and the index of the first.</summary>
public sealed record DuplicateFeature(string Id, FeatureSource Source, int FirstIndex);

/// <summary>
/// Writes a layer file (<see cref="LayerFileFormat"/>), the one way layer versions are made: by the
/// import and by every publish. Features are added one at a time (<see cref="Add(string, Geometry, IReadOnlyList{KeyValuePair{string, PropertyValue}}, FeatureSource?)"/>)
/// and spooled to a temporary file, so an upload of any size is held on disk, not in memory.
/// <see cref="Seal"/> sorts the ids on disk and leaves out every feature whose id an earlier one
/// has (they are returned, to be reported); <see cref="WriteTo(Stream, CollectionMetadata, CancellationToken)"/>
/// then decides the column types (<see cref="LayerSchema"/>), sorts the features along the Hilbert
/// curve (on disk too), and writes header, index, features, id order, trailer and footer.
/// <para>
/// What is normalised here, whoever adds the feature: −0 coordinates are 0 (rounding is the
/// import's and the publisher's: they give coordinates of 7 decimals), whole numbers (below 10^15)
/// stored as integers, every property of the layer present in every feature (null where a feature
/// lacks it), one value per property name (the first). Refused with <see cref="InvalidDataException"/>:
/// an empty id, an empty geometry. The output is a function of the features, their order and the
/// metadata (ties in the Hilbert order go by the order added), so the import is reproducible byte for byte.
/// </para>
/// <para>
/// Memory: the property names and a few buffers; per feature, 4 bytes while writing (its place in
/// the file, for the id order) and one bit (left out or not). Everything else is sorted and kept in
/// temporary files: the features, the ids, the Hilbert keys, the longitude intervals, the index's
/// leaves. Not thread-safe; disposing deletes the temporary files.
/// </para>
/// </summary>
public sealed class LayerFileBuilder : IDisposable
{
    private readonly string _directory;
    private readonly string _spoolPath;
    private readonly FileStream _spool;
    private readonly MemoryStream _record = new(1024);
    private readonly BinaryWriter _recordWriter;
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);
    private readonly List<string> _nameList = [];
    private readonly List<ColumnKinds> _kinds = [];
    private readonly ExternalIdSorter _ids;
    private readonly ExternalSorter<Interval> _intervals;
    private readonly List<string> _files = [];
    private readonly Dictionary<string, int> _fileIndex = new(StringComparer.Ordinal);
    private readonly List<string> _geometryTypes = [];
    private readonly WKBWriter _wkb = new(ByteOrder.LittleEndian, handleSRID: false, emitZ: false, emitM: false);
    private double _minX = double.PositiveInfinity, _minY = double.PositiveInfinity, _maxX = double.NegativeInfinity, _maxY = double.NegativeInfinity;
    private int[] _propertyScratch = new int[16];
    private string[] _nameScratch = new string[16];
    private PropertyValue[] _valueScratch = new PropertyValue[16];
    private QueryableAccumulator _queryables = new();
    private bool[]? _dropped;
    private string? _idOrderPath;
    private IReadOnlyList<DuplicateFeature>? _duplicates;
    private bool _disposed;

    public LayerFileBuilder(string? temporaryDirectory = null)
    {
        _directory = Path.Combine(temporaryDirectory ?? Path.GetTempPath(), "maps-layer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _spoolPath = Path.Combine(_directory, "features.spool");
        _spool = new FileStream(_spoolPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        _recordWriter = new BinaryWriter(_record, Encoding.UTF8, leaveOpen: true);
        _ids = new ExternalIdSorter(_directory);
        _intervals = new ExternalSorter<Interval>(_directory, "intervals", Interval.ByWest);
    }

    /// <summary>Features added.</summary>
    public int Count { get; private set; }

    /// <summary>The property names seen, in order of first appearance.</summary>
    public IReadOnlyList<string> PropertyNames => _nameList;

    /// <summary>Adds one feature; see the class summary for what is normalised and refused.</summary>
    public void Add(string id, Geometry geometry, IReadOnlyList<KeyValuePair<string, PropertyValue>> properties, FeatureSource? source = null)
    {
        if (_dropped is not null)
            throw new InvalidOperationException("The builder is sealed: no feature can be added.");
        if (string.IsNullOrEmpty(id))
            throw new InvalidDataException("A feature has no id.");
        if (geometry is null || geometry.IsEmpty)
            throw new InvalidDataException($"Feature '{id}' has no geometry.");
        var normalised = geometry.Copy();
        normalised.Apply(NegativeZero.Instance);
        var envelope = normalised.EnvelopeInternal;
        _minX = Math.Min(_minX, envelope.MinX);
        _minY = Math.Min(_minY, envelope.MinY);
        _maxX = Math.Max(_maxX, envelope.MaxX);
        _maxY = Math.Max(_maxY, envelope.MaxY);
        if (!_geometryTypes.Contains(normalised.GeometryType))
            _geometryTypes.Add(normalised.GeometryType);
        for (int part = 0; part < normalised.NumGeometries; part++)
        {
            var partEnvelope = normalised.GetGeometryN(part).EnvelopeInternal;
            if (!partEnvelope.IsNull)
                _intervals.Add(new Interval(partEnvelope.MinX, partEnvelope.MaxX));
        }

        // A record: its length, the envelope, the id, the geometry as WKB, the properties.
        _record.SetLength(0);
        _recordWriter.Write(envelope.MinX);
        _recordWriter.Write(envelope.MinY);
        _recordWriter.Write(envelope.MaxX);
        _recordWriter.Write(envelope.MaxY);
        _recordWriter.Write(id);
        byte[] wkb = _wkb.Write(normalised);
        _recordWriter.Write(wkb.Length);
        _recordWriter.Write(wkb);
        if (_propertyScratch.Length < properties.Count)
        {
            _propertyScratch = new int[properties.Count * 2];
            _nameScratch = new string[properties.Count * 2];
            _valueScratch = new PropertyValue[properties.Count * 2];
        }
        var columns = _propertyScratch;
        int written = 0;
        foreach (var property in properties)
        {
            if (!_names.TryGetValue(property.Key, out int column))
            {
                if (_nameList.Count >= ushort.MaxValue - 1)
                    throw new InvalidDataException($"The layer has more than {ushort.MaxValue - 2} property names, more than FlatGeobuf can hold.");
                _names[property.Key] = column = _nameList.Count;
                _nameList.Add(property.Key);
                _kinds.Add(default);
            }
            // Each name once: the first value wins.
            if (columns.AsSpan(0, written).Contains(column))
                continue;
            columns[written++] = column;
            var value = Canonical(property.Value);
            var kinds = _kinds[column];
            kinds.Add(value);
            _kinds[column] = kinds;
            _nameScratch[written - 1] = property.Key;
            _valueScratch[written - 1] = value;
            _recordWriter.Write(column);
            WriteValue(_recordWriter, value);
        }
        _queryables.Add(new ArraySegment<string>(_nameScratch, 0, written), _valueScratch.AsSpan(0, written));
        _recordWriter.Write(-1);
        _recordWriter.Flush();
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, (int)_record.Length);
        _spool.Write(length);
        _spool.Write(_record.GetBuffer().AsSpan(0, (int)_record.Length));

        int file = 0;
        if (source is { } from)
        {
            if (!_fileIndex.TryGetValue(from.File, out file))
            {
                _fileIndex[from.File] = file = _files.Count;
                _files.Add(from.File);
            }
        }
        _ids.Add(new IdEntry(id, Count, file, source?.Index ?? Count));
        Count++;
    }

    /// <summary>Adds a GeoJSON Feature (a string <c>id</c>, a geometry, a <c>properties</c> object), as the publisher normalises them.</summary>
    public void Add(JsonElement feature, FeatureSource? source = null)
    {
        string id = feature.GetProperty("id").GetString()!;
        var geometry = GeoJsonGeometryReader.Read(feature.GetProperty("geometry"), GeoJsonOptions.Factory);
        Add(id, geometry, feature.TryGetProperty("properties", out var p) ? PropertyValue.ListFromJson(p) : [], source);
    }

    /// <summary>Adds every feature of a GeoJSON FeatureCollection (<see cref="Add(JsonElement, FeatureSource?)"/> each).</summary>
    public void AddFeatureCollection(ReadOnlySpan<byte> featureCollection)
    {
        var reader = new Utf8JsonReader(featureCollection);
        using var document = JsonDocument.ParseValue(ref reader);
        foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
            Add(feature);
    }

    /// <summary>
    /// A number whose JSON text is an integer (whole, below 10^15 in magnitude, so that its shortest
    /// round-trip form has no point or exponent) is an integer: the same JSON either way.
    /// </summary>
    private static PropertyValue Canonical(in PropertyValue value) =>
        value.Kind == PropertyKind.Number && Math.Floor(value.Number) == value.Number && Math.Abs(value.Number) < 1e15
            ? PropertyValue.Of((long)value.Number)
            : value;

    private static void WriteValue(BinaryWriter writer, in PropertyValue value)
    {
        writer.Write((byte)value.Kind);
        switch (value.Kind)
        {
            case PropertyKind.Boolean: writer.Write(value.Boolean); break;
            case PropertyKind.Integer: writer.Write(value.Integer); break;
            case PropertyKind.Number: writer.Write(value.Number); break;
            case PropertyKind.String or PropertyKind.Json: writer.Write(value.Text); break;
        }
    }

    private static PropertyValue ReadValue(BinaryReader reader) => (PropertyKind)reader.ReadByte() switch
    {
        PropertyKind.Null => PropertyValue.Null,
        PropertyKind.Boolean => PropertyValue.Of(reader.ReadBoolean()),
        PropertyKind.Integer => PropertyValue.Of(reader.ReadInt64()),
        PropertyKind.Number => PropertyValue.Of(reader.ReadDouble()),
        PropertyKind.String => PropertyValue.Of(reader.ReadString()),
        _ => PropertyValue.OfJson(reader.ReadString()),
    };

    /// <summary>
    /// Ends the adding: sorts the ids (on disk) and leaves out every feature whose id an earlier one
    /// has; returns those, in the order they were added, for the caller's report. Called by
    /// <see cref="WriteTo(Stream, CollectionMetadata, CancellationToken)"/> when not called before.
    /// </summary>
    public IReadOnlyList<DuplicateFeature> Seal(CancellationToken cancellationToken = default)
    {
        if (_duplicates is not null)
            return _duplicates;
        _spool.Flush();
        _dropped = new bool[Count];
        var duplicates = new List<(int Input, DuplicateFeature Duplicate)>();
        _idOrderPath = Path.Combine(_directory, "id-order.inputs");
        using (var order = new FileStream(_idOrderPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            Span<byte> input = stackalloc byte[4];
            IdEntry first = default;
            long seen = 0;
            foreach (var entry in _ids.Sorted())
            {
                if ((++seen & 65535) == 0)
                    cancellationToken.ThrowIfCancellationRequested();
                if (first.Id is not null && first.Id == entry.Id)
                {
                    _dropped[entry.Input] = true;
                    duplicates.Add((entry.Input, new DuplicateFeature(entry.Id, new FeatureSource(FileName(entry.File), entry.Source), first.Source)));
                    continue;
                }
                first = entry;
                BinaryPrimitives.WriteInt32LittleEndian(input, entry.Input);
                order.Write(input);
            }
        }
        _duplicates = duplicates.OrderBy(d => d.Input).Select(d => d.Duplicate).ToArray();
        if (_duplicates.Count > 0)
            RederiveQueryables(cancellationToken);
        return _duplicates;
    }

    /// <summary>
    /// The queryables of the features that will be written (<see cref="QueryableAccumulator"/>), with
    /// <paramref name="curated"/> giving descriptions, enums and order. Seals the builder.
    /// </summary>
    public IReadOnlyList<QueryableProperty> Queryables(IReadOnlyList<QueryableProperty>? curated = null)
    {
        Seal();
        return _queryables.Build(curated);
    }

    /// <summary>The queryables again, from the spool, without the features left out (they were counted as they were added).</summary>
    private void RederiveQueryables(CancellationToken cancellationToken)
    {
        _queryables = new QueryableAccumulator();
        using var spool = new FileStream(_spoolPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        using var reader = new BinaryReader(spool, Encoding.UTF8);
        var names = new List<string>();
        var values = new List<PropertyValue>();
        for (int input = 0; input < Count; input++)
        {
            if ((input & 65535) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            int length = reader.ReadInt32();
            long next = spool.Position + length;
            if (!_dropped![input])
            {
                spool.Seek(32, SeekOrigin.Current);
                reader.ReadString();
                spool.Seek(reader.ReadInt32(), SeekOrigin.Current);
                names.Clear();
                values.Clear();
                for (int column = reader.ReadInt32(); column >= 0; column = reader.ReadInt32())
                {
                    names.Add(_nameList[column]);
                    values.Add(ReadValue(reader));
                }
                _queryables.Add(names, CollectionsMarshal.AsSpan(values));
            }
            spool.Position = next;
        }
    }

    private string FileName(int file) => file < _files.Count ? _files[file] : "";

    /// <summary>Features that will be written: those added, less the duplicates <see cref="Seal"/> left out.</summary>
    public int WrittenCount => Count - (Seal().Count);

    /// <summary>
    /// Writes the layer file to <paramref name="output"/> with <paramref name="metadata"/> as its
    /// metadata record (in the FlatGeobuf header). Returns the file's length and content hash.
    /// </summary>
    public LayerFileInfo WriteTo(Stream output, CollectionMetadata metadata, CancellationToken cancellationToken = default)
    {
        Seal(cancellationToken);
        int n = Count - _duplicates!.Count;

        // Columns: the id first, then the properties in order of first appearance.
        string idName = LayerSchema.IdColumnName(_nameList);
        var columns = new List<FgbColumn> { new(idName, FgbColumnType.String, "The feature id") };
        var descriptions = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var queryable in metadata.Queryables)
            descriptions.TryAdd(queryable.Name, queryable.Description);
        for (int i = 0; i < _nameList.Count; i++)
            columns.Add(new FgbColumn(_nameList[i], LayerSchema.TypeOf(_kinds[i]), descriptions.GetValueOrDefault(_nameList[i])));

        using var keys = HilbertOrder(cancellationToken);
        // Features in Hilbert order into a temporary file, their leaves (box and offset) into another.
        string featuresPath = Path.Combine(_directory, "features.fgb");
        string leavesPath = Path.Combine(_directory, "leaves.idx");
        var positions = new int[Count];
        int? minYear = null, maxYear = null;
        int dateColumn = metadata.DateProperty is { } dateProperty ? _names.GetValueOrDefault(dateProperty, -1) : -1;
        using (var spool = File.OpenHandle(_spoolPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.RandomAccess))
        using (var features = new FileStream(featuresPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        using (var leaves = new FileStream(leavesPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            var builder = new FlatBufferBuilder(4096);
            var properties = new ArrayBufferWriter<byte>(1024);
            var values = new PropertyValue[_nameList.Count];
            var record = new byte[4096];
            var wkbReader = new WKBReader(GeoJsonOptions.Factory.GeometryServices);
            var leaf = new byte[FgbIndex.NodeBytes];
            int position = 0;
            foreach (var key in keys.Sorted())
            {
                if ((position & 4095) == 0)
                    cancellationToken.ThrowIfCancellationRequested();
                positions[key.Input] = position;
                if (record.Length < key.Length)
                    record = new byte[Math.Max(key.Length, record.Length * 2)];
                RandomAccess.Read(spool, record.AsSpan(0, key.Length), key.Offset);
                using var reader = new BinaryReader(new MemoryStream(record, 0, key.Length, writable: false), Encoding.UTF8);
                double minX = reader.ReadDouble(), minY = reader.ReadDouble(), maxX = reader.ReadDouble(), maxY = reader.ReadDouble();
                string id = reader.ReadString();
                var geometry = wkbReader.Read(reader.ReadBytes(reader.ReadInt32()));
                Array.Clear(values);
                for (int column = reader.ReadInt32(); column >= 0; column = reader.ReadInt32())
                    values[column] = ReadValue(reader);
                properties.ResetWrittenCount();
                FgbProperties.Write(properties, 0, FgbColumnType.String, PropertyValue.Of(id));
                for (int i = 0; i < values.Length; i++)
                    FgbProperties.Write(properties, i + 1, columns[i + 1].Type, Convert(values[i], columns[i + 1].Type));
                if (dateColumn >= 0 && values[dateColumn] is { Kind: PropertyKind.Integer } year && year.Integer is >= int.MinValue and <= int.MaxValue)
                {
                    minYear = Math.Min(minYear ?? int.MaxValue, (int)year.Integer);
                    maxYear = Math.Max(maxYear ?? int.MinValue, (int)year.Integer);
                }

                FgbIndex.Put(leaf, minX, minY, maxX, maxY, features.Position);
                leaves.Write(leaf);
                builder.Clear();
                int geometryOffset = FgbGeometry.Write(builder, geometry);
                builder.StartVector(1, properties.WrittenCount, 1);
                builder.Add(new ArraySegment<byte>(properties.WrittenSpan.ToArray()));
                var propertyVector = builder.EndVector();
                builder.StartTable(3);
                builder.AddOffset(0, geometryOffset, 0);
                builder.AddOffset(1, propertyVector.Value, 0);
                builder.FinishSizePrefixed(builder.EndTable());
                features.Write(builder.DataBuffer.ToArraySegment(builder.DataBuffer.Position, builder.DataBuffer.Length - builder.DataBuffer.Position));
                position++;
            }
        }

        var header = new FgbHeader
        {
            Name = metadata.Id,
            Envelope = n == 0 ? null : [_minX, _minY, _maxX, _maxY],
            // What the features are (the declared type, when they fit it); several types: Unknown, each feature saying its own.
            GeometryType = _geometryTypes.Count == 1 ? FgbGeometry.TypeOf(_geometryTypes[0]) : FgbGeometryType.Unknown,
            Columns = columns,
            FeaturesCount = (ulong)n,
            NodeSize = FgbHeader.IndexNodeSize,
            Title = metadata.Title,
            Description = metadata.Description,
            Metadata = JsonSerializer.Serialize(metadata, LayerFileFormat.Json),
        };

        var hashing = new BlockHashingStream(output, LayerFileFormat.DefaultBlockBytes);
        hashing.Write(FgbHeader.Magic);
        hashing.Write(header.ToBytes());
        FgbIndex.Write(hashing, leavesPath, n, FgbHeader.IndexNodeSize);
        using (var features = new FileStream(featuresPath, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16))
            features.CopyTo(hashing);
        long flatGeobufLength = hashing.Length;

        // The id order: the position of each feature kept, by id.
        using (var order = new FileStream(_idOrderPath!, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16))
        {
            var input = new byte[4];
            while (order.Read(input) == 4)
            {
                BinaryPrimitives.WriteInt32LittleEndian(input, positions[BinaryPrimitives.ReadInt32LittleEndian(input)]);
                hashing.Write(input);
            }
        }
        var longitudes = LongitudeBounds();
        var blockTable = hashing.Finish();
        output.Write(blockTable);
        var trailer = new LayerFileTrailer
        {
            FeatureCount = n,
            IdOrderOffset = flatGeobufLength,
            BlockBytes = LayerFileFormat.DefaultBlockBytes,
            Extent = n == 0 ? null : [_minX, _minY, _maxX, _maxY],
            LongitudeBounds = longitudes is (double west, double east) ? [west, east] : null,
            Years = minYear is int min ? [min, maxYear!.Value] : null,
            GeometryTypes = _geometryTypes,
            PropertyKinds = _kinds.Select(k => k.Seen).ToArray(),
        };
        long trailerOffset = hashing.Length + blockTable.Length;
        byte[] trailerBytes = JsonSerializer.SerializeToUtf8Bytes(trailer, LayerFileFormat.Json);
        output.Write(trailerBytes);
        ulong hash = LayerFileFormat.RootHash(blockTable, trailerBytes);
        long fileLength = trailerOffset + trailerBytes.Length + LayerFileFormat.FooterBytes;
        output.Write(LayerFileFormat.Footer(flatGeobufLength, trailerOffset, trailerBytes.Length, hash, fileLength));
        output.Flush();
        return new LayerFileInfo(n, fileLength, hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Writes the file to <paramref name="path"/> (created or replaced), flushed to disk.</summary>
    public LayerFileInfo WriteTo(string path, CollectionMetadata metadata, CancellationToken cancellationToken = default)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var info = WriteTo(file, metadata, cancellationToken);
        file.Flush(flushToDisk: true);
        return info;
    }

    /// <summary>
    /// The features kept, sorted by the Hilbert value of their envelope's centre (descending, as the
    /// reference writers sort), ties by the order added: one sequential read of the spool, sorted on disk.
    /// </summary>
    private ExternalSorter<HilbertKey> HilbertOrder(CancellationToken cancellationToken)
    {
        double width = _maxX - _minX, height = _maxY - _minY;
        var keys = new ExternalSorter<HilbertKey>(_directory, "hilbert", HilbertKey.ByKey);
        using var spool = new FileStream(_spoolPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        Span<byte> head = stackalloc byte[4 + 32];
        long offset = 0;
        for (int input = 0; input < Count; input++)
        {
            if ((input & 65535) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            spool.ReadExactly(head);
            int length = BinaryPrimitives.ReadInt32LittleEndian(head);
            if (!_dropped![input])
            {
                uint hilbert = FgbIndex.Hilbert(
                    BinaryPrimitives.ReadDoubleLittleEndian(head[4..]), BinaryPrimitives.ReadDoubleLittleEndian(head[12..]),
                    BinaryPrimitives.ReadDoubleLittleEndian(head[20..]), BinaryPrimitives.ReadDoubleLittleEndian(head[28..]),
                    _minX, _minY, width, height);
                keys.Add(new HilbertKey(((ulong)(uint.MaxValue - hilbert) << 32) | (uint)input, offset + 4, length));
            }
            spool.Seek(length - 32, SeekOrigin.Current);
            offset += 4 + length;
        }
        return keys;
    }

    /// <summary>The smallest longitude interval holding every feature's parts (<see cref="LongitudeExtent"/>), from the intervals sorted on disk.</summary>
    private (double West, double East)? LongitudeBounds()
    {
        var sorted = _intervals.Sorted().GetEnumerator();
        if (!sorted.MoveNext())
            return null;
        double west = sorted.Current.West, reach = sorted.Current.East, furthest = reach;
        double bestGap = double.NegativeInfinity, gapStart = double.NaN, gapEnd = double.NaN;
        while (sorted.MoveNext())
        {
            var (minX, maxX) = (sorted.Current.West, sorted.Current.East);
            if (minX > reach && minX - reach > bestGap)
                (bestGap, gapStart, gapEnd) = (minX - reach, reach, minX);
            reach = Math.Max(reach, maxX);
            furthest = Math.Max(furthest, maxX);
        }
        // The gap across ±180° is the one a plain box leaves out; another gap wider than it makes the interval cross ±180°.
        double wrapGap = 360 - (furthest - west);
        return double.IsNaN(gapStart) || bestGap <= wrapGap ? (west, reach) : (gapEnd, gapStart);
    }

    /// <summary>A value as its column stores it: an integer in a Double column becomes a double.</summary>
    private static PropertyValue Convert(in PropertyValue value, FgbColumnType type) =>
        type == FgbColumnType.Double && value.Kind == PropertyKind.Integer ? PropertyValue.Of((double)value.Integer) : value;

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _recordWriter.Dispose();
        _spool.Dispose();
        _ids.Dispose();
        _intervals.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary directory left behind; the operating system's temp cleaning takes it.
        }
    }

    /// <summary>A feature's sort key (descending Hilbert value, then the order added), and where its record is in the spool.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct HilbertKey(ulong Key, long Offset, int Length)
    {
        public int Input => (int)(uint)Key;

        public static readonly IComparer<HilbertKey> ByKey = Comparer<HilbertKey>.Create((a, b) => a.Key.CompareTo(b.Key));
    }

    /// <summary>A part's longitude interval.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Interval(double West, double East)
    {
        public static readonly IComparer<Interval> ByWest = Comparer<Interval>.Create((a, b) =>
        {
            int c = a.West.CompareTo(b.West);
            return c != 0 ? c : a.East.CompareTo(b.East);
        });
    }

    /// <summary>Turns −0 into 0 (7-decimal rounding keeps the sign of a tiny negative).</summary>
    private sealed class NegativeZero : IEntireCoordinateSequenceFilter
    {
        public static readonly NegativeZero Instance = new();

        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (int i = 0; i < seq.Count; i++)
            {
                if (seq.GetX(i) == 0)
                    seq.SetX(i, 0);
                if (seq.GetY(i) == 0)
                    seq.SetY(i, 0);
            }
        }
    }

    /// <summary>Counts what passes through to the output and hashes it (XXH3-64) block by block: the block table.</summary>
    private sealed class BlockHashingStream(Stream inner, int blockBytes) : Stream
    {
        private readonly XxHash3 _block = new();
        private readonly MemoryStream _table = new();
        private long _length;
        private int _inBlock;

        public override long Length => _length;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            _length += buffer.Length;
            while (buffer.Length > 0)
            {
                int take = Math.Min(buffer.Length, blockBytes - _inBlock);
                _block.Append(buffer[..take]);
                _inBlock += take;
                buffer = buffer[take..];
                if (_inBlock == blockBytes)
                    EndBlock();
            }
        }

        /// <summary>Ends the last block; the table, each block's hash little-endian.</summary>
        public byte[] Finish()
        {
            if (_inBlock > 0)
                EndBlock();
            return _table.ToArray();
        }

        private void EndBlock()
        {
            Span<byte> digest = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(digest, _block.GetCurrentHashAsUInt64());
            _table.Write(digest);
            _block.Reset();
            _inBlock = 0;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>A written layer file: its features, its length, and its content hash (16 hex digits).</summary>
public sealed record LayerFileInfo(int FeatureCount, long Length, string ContentHash);
