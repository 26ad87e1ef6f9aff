using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Google.FlatBuffers;
using Maps.Core.Geodesy;
using Maps.Core.Import;
using Maps.Core.Layers.FlatGeobuf;
using Maps.Core.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Maps.Core.Layers;

/// <summary>
/// Writes a layer file (<see cref="LayerFileFormat"/>), the one way layer versions are made: by the
/// import and by every publish. Features are added one at a time (<see cref="Add"/>) and spooled to
/// a temporary file, so an upload of any size is held on disk, not in memory; <see cref="WriteTo"/>
/// then decides the column types (<see cref="LayerSchema"/>), sorts the features along the Hilbert
/// curve, and writes header, index, features, id order, trailer and footer in one pass.
/// <para>
/// What is normalised here, whoever adds the feature: −0 coordinates are 0 (rounding is the
/// import's and the publisher's: they give coordinates of 7 decimals), whole numbers (below 10^15)
/// stored as integers,
/// every property of the layer present in every feature (null where a feature lacks it), one value
/// per property name (the first). Refused with <see cref="InvalidDataException"/>: an empty id, an
/// empty geometry, an id given twice. The output is a function of the features and the metadata
/// alone (ties in the Hilbert order go by id), so the import is reproducible byte for byte.
/// </para>
/// <para>
/// Memory: the property names, and per feature its spool offset (8 bytes) while adding; the ids are
/// sorted on disk (<see cref="ExternalIdSorter"/>). Writing holds about 36 bytes per feature for a
/// moment (Hilbert keys, offsets, positions, longitude intervals). Not thread-safe; disposing
/// deletes the temporary files.
/// </para>
/// </summary>
public sealed class LayerFileBuilder : IDisposable
{
    private readonly string _directory;
    private readonly FileStream _spool;
    private readonly BinaryWriter _writer;
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);
    private readonly List<string> _nameList = [];
    private readonly List<ColumnKinds> _kinds = [];
    private readonly ExternalIdSorter _ids;
    private readonly List<string> _geometryTypes = [];
    private readonly WKBWriter _wkb = new(ByteOrder.LittleEndian, handleSRID: false, emitZ: false, emitM: false);
    private long[] _offsets = new long[1024];
    private double _minX = double.PositiveInfinity, _minY = double.PositiveInfinity, _maxX = double.NegativeInfinity, _maxY = double.NegativeInfinity;
    private int[] _propertyScratch = new int[16];

    public LayerFileBuilder(string? temporaryDirectory = null)
    {
        _directory = Path.Combine(temporaryDirectory ?? Path.GetTempPath(), "maps-layer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _spool = new FileStream(Path.Combine(_directory, "features.spool"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        _writer = new BinaryWriter(_spool, Encoding.UTF8, leaveOpen: true);
        _ids = new ExternalIdSorter(_directory);
    }

    /// <summary>Features added.</summary>
    public int Count { get; private set; }

    /// <summary>The property names seen, in order of first appearance.</summary>
    public IReadOnlyList<string> PropertyNames => _nameList;

    /// <summary>Adds one feature; see the class summary for what is normalised and refused.</summary>
    public void Add(string id, Geometry geometry, IReadOnlyList<KeyValuePair<string, PropertyValue>> properties)
    {
        if (string.IsNullOrEmpty(id))
            throw new InvalidDataException("A feature has no id.");
        if (geometry is null || geometry.IsEmpty)
            throw new InvalidDataException($"Feature '{id}' has no geometry.");
        var rounded = geometry.Copy();
        rounded.Apply(NegativeZero.Instance);
        var envelope = rounded.EnvelopeInternal;
        _minX = Math.Min(_minX, envelope.MinX);
        _minY = Math.Min(_minY, envelope.MinY);
        _maxX = Math.Max(_maxX, envelope.MaxX);
        _maxY = Math.Max(_maxY, envelope.MaxY);
        if (!_geometryTypes.Contains(rounded.GeometryType))
            _geometryTypes.Add(rounded.GeometryType);

        if (Count == _offsets.Length)
            Array.Resize(ref _offsets, _offsets.Length * 2);
        _offsets[Count] = _spool.Position;
        _writer.Write(id);
        byte[] wkb = _wkb.Write(rounded);
        _writer.Write(wkb.Length);
        _writer.Write(wkb);
        // Each name once, the first value wins.
        int written = 0;
        if (_propertyScratch.Length < properties.Count)
            _propertyScratch = new int[properties.Count * 2];
        var columns = _propertyScratch;
        long countAt = _spool.Position;
        _writer.Write(0);
        foreach (var property in properties)
        {
            string name = property.Key;
            if (!_names.TryGetValue(name, out int column))
            {
                if (_nameList.Count >= ushort.MaxValue - 1)
                    throw new InvalidDataException($"The layer has more than {ushort.MaxValue - 2} property names, more than FlatGeobuf can hold.");
                _names[name] = column = _nameList.Count;
                _nameList.Add(name);
                _kinds.Add(default);
            }
            if (columns.AsSpan(0, written).Contains(column))
                continue;
            columns[written++] = column;
            var value = Canonical(property.Value);
            var kinds = _kinds[column];
            kinds.Add(value);
            _kinds[column] = kinds;
            _writer.Write(column);
            WriteValue(_writer, value);
        }
        long end = _spool.Position;
        _spool.Position = countAt;
        _writer.Write(written);
        _spool.Position = end;
        _ids.Add(id, Count);
        Count++;
    }

    /// <summary>Adds a GeoJSON Feature (a string <c>id</c>, a geometry, a <c>properties</c> object), as the publisher normalises them.</summary>
    public void Add(JsonElement feature)
    {
        string id = feature.GetProperty("id").GetString()!;
        var geometry = GeoJsonGeometryReader.Read(feature.GetProperty("geometry"), GeoJsonOptions.Factory);
        var properties = new List<KeyValuePair<string, PropertyValue>>();
        if (feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object)
            foreach (var property in p.EnumerateObject())
                properties.Add(new(property.Name, PropertyValue.FromJson(property.Value)));
        Add(id, geometry, properties);
    }

    /// <summary>
    /// A number whose JSON text is an integer (whole, below 10^15 in magnitude, so that its shortest
    /// round-trip form has no point or exponent) is an integer: the same JSON either way.
    /// </summary>
    private static PropertyValue Canonical(in PropertyValue value) =>
        value.Kind == PropertyKind.Number && Math.Floor(value.Number) == value.Number && Math.Abs(value.Number) < 1e15
            ? PropertyValue.Of((long)value.Number)
            : value;

    /// <summary>Adds every feature of a GeoJSON FeatureCollection (<see cref="Add(JsonElement)"/> each).</summary>
    public void AddFeatureCollection(ReadOnlySpan<byte> featureCollection)
    {
        var reader = new Utf8JsonReader(featureCollection);
        using var document = JsonDocument.ParseValue(ref reader);
        foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
            Add(feature);
    }

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
    /// Writes the layer file to <paramref name="output"/> with <paramref name="metadata"/> as its
    /// metadata record (in the FlatGeobuf header). Returns the file's length and content hash.
    /// </summary>
    public LayerFileInfo WriteTo(Stream output, CollectionMetadata metadata, CancellationToken cancellationToken = default)
    {
        _writer.Flush();
        int n = Count;
        var (positionOfInput, inputAtPosition) = HilbertOrder(cancellationToken);

        // Columns: the id first, then the properties in order of first appearance.
        string idName = LayerSchema.IdColumnName(_nameList);
        var columns = new List<FgbColumn> { new(idName, FgbColumnType.String, "The feature id") };
        var descriptions = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var queryable in metadata.Queryables)
            descriptions.TryAdd(queryable.Name, queryable.Description);
        for (int i = 0; i < _nameList.Count; i++)
            columns.Add(new FgbColumn(_nameList[i], LayerSchema.TypeOf(_kinds[i]), descriptions.GetValueOrDefault(_nameList[i])));
        var schema = new LayerSchema(columns, 0);

        // Features in Hilbert order, into a temporary file; the leaves' boxes and offsets as they go.
        string featuresPath = Path.Combine(_directory, "features.fgb");
        var minX = new double[n];
        var minY = new double[n];
        var maxX = new double[n];
        var maxY = new double[n];
        var offsets = new long[n];
        var intervals = new List<(double MinX, double MaxX)>(n);
        int? minYear = null, maxYear = null;
        int dateColumn = metadata.DateProperty is { } dateProperty ? _names.GetValueOrDefault(dateProperty, -1) : -1;
        using (var features = new FileStream(featuresPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            var builder = new FlatBufferBuilder(4096);
            var properties = new ArrayBufferWriter<byte>(1024);
            var values = new PropertyValue[_nameList.Count];
            using var reader = new BinaryReader(_spool, Encoding.UTF8, leaveOpen: true);
            var wkbReader = new WKBReader(GeoJsonOptions.Factory.GeometryServices);
            for (int position = 0; position < n; position++)
            {
                if ((position & 4095) == 0)
                    cancellationToken.ThrowIfCancellationRequested();
                _spool.Position = _offsets[inputAtPosition[position]];
                string id = reader.ReadString();
                var geometry = wkbReader.Read(reader.ReadBytes(reader.ReadInt32()));
                Array.Clear(values);
                int count = reader.ReadInt32();
                for (int i = 0; i < count; i++)
                {
                    int column = reader.ReadInt32();
                    values[column] = ReadValue(reader);
                }
                properties.ResetWrittenCount();
                FgbProperties.Write(properties, 0, FgbColumnType.String, PropertyValue.Of(id));
                for (int i = 0; i < values.Length; i++)
                    FgbProperties.Write(properties, i + 1, columns[i + 1].Type, Convert(values[i], columns[i + 1].Type));
                if (dateColumn >= 0 && values[dateColumn] is { Kind: PropertyKind.Integer } year && year.Integer is >= int.MinValue and <= int.MaxValue)
                {
                    minYear = Math.Min(minYear ?? int.MaxValue, (int)year.Integer);
                    maxYear = Math.Max(maxYear ?? int.MinValue, (int)year.Integer);
                }

                var envelope = geometry.EnvelopeInternal;
                (minX[position], minY[position], maxX[position], maxY[position]) = (envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY);
                for (int part = 0; part < geometry.NumGeometries; part++)
                {
                    var partEnvelope = geometry.GetGeometryN(part).EnvelopeInternal;
                    if (!partEnvelope.IsNull)
                        intervals.Add((partEnvelope.MinX, partEnvelope.MaxX));
                }
                offsets[position] = features.Position;
                builder.Clear();
                int geometryOffset = FgbGeometry.Write(builder, geometry);
                builder.StartVector(1, properties.WrittenCount, 1);
                builder.Add(new ArraySegment<byte>(properties.WrittenSpan.ToArray()));
                var propertyVector = builder.EndVector();
                builder.StartTable(3);
                builder.AddOffset(0, geometryOffset, 0);
                builder.AddOffset(1, propertyVector.Value, 0);
                builder.FinishSizePrefixed(builder.EndTable());
                var bytes = builder.DataBuffer.ToArraySegment(builder.DataBuffer.Position, builder.DataBuffer.Length - builder.DataBuffer.Position);
                features.Write(bytes);
            }
        }

        bool points = _geometryTypes is ["Point"];
        var tree = PackedEnvelopeTree.Packed(minX, minY, points ? minX : maxX, points ? minY : maxY, FgbHeader.IndexNodeSize);
        var longitudes = LongitudeExtent.Of(intervals.Select(i => new Envelope(i.MinX, i.MaxX, 0, 0)));
        intervals = null;
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

        var hashing = new HashingStream(output);
        hashing.Write(FgbHeader.Magic);
        hashing.Write(header.ToBytes());
        if (n > 0)
            FgbIndex.Write(hashing, tree, offsets);
        using (var features = new FileStream(featuresPath, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16))
            features.CopyTo(hashing);
        long flatGeobufLength = hashing.Length;

        // The id order: positions sorted by id; ids must be unique.
        var idBytes = new byte[4];
        string? previous = null;
        foreach (var (id, input) in _ids.Sorted())
        {
            if (id == previous)
                throw new InvalidDataException($"The feature id '{id}' is given twice.");
            previous = id;
            BinaryPrimitives.WriteInt32LittleEndian(idBytes, positionOfInput[input]);
            hashing.Write(idBytes);
        }
        var trailer = new LayerFileTrailer
        {
            FeatureCount = n,
            IdOrderOffset = flatGeobufLength,
            Extent = n == 0 ? null : [_minX, _minY, _maxX, _maxY],
            LongitudeBounds = longitudes is (double west, double east) ? [west, east] : null,
            Years = minYear is int min ? [min, maxYear!.Value] : null,
            GeometryTypes = _geometryTypes,
            PropertyKinds = _kinds.Select(k => k.Seen).ToArray(),
        };
        long trailerOffset = hashing.Length;
        byte[] trailerBytes = JsonSerializer.SerializeToUtf8Bytes(trailer, LayerFileFormat.Json);
        hashing.Write(trailerBytes);
        ulong hash = hashing.Hash;
        long fileLength = hashing.Length + LayerFileFormat.FooterBytes;
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
    /// Input index → position and position → input index for the features sorted by the Hilbert value
    /// of their envelope's centre (descending, as the reference writers sort), ties by id.
    /// </summary>
    private (int[] PositionOfInput, int[] InputAtPosition) HilbertOrder(CancellationToken cancellationToken)
    {
        int n = Count;
        double width = _maxX - _minX, height = _maxY - _minY;
        var keys = new ulong[n];
        var idRank = new int[n];
        int rank = 0;
        foreach (var (_, input) in _ids.Sorted())
            idRank[input] = rank++;
        using (var reader = new BinaryReader(_spool, Encoding.UTF8, leaveOpen: true))
        {
            var wkbReader = new WKBReader(GeoJsonOptions.Factory.GeometryServices);
            for (int input = 0; input < n; input++)
            {
                if ((input & 4095) == 0)
                    cancellationToken.ThrowIfCancellationRequested();
                _spool.Position = _offsets[input];
                reader.ReadString();
                var envelope = wkbReader.Read(reader.ReadBytes(reader.ReadInt32())).EnvelopeInternal;
                uint hilbert = FgbIndex.Hilbert(envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY, _minX, _minY, width, height);
                // Descending Hilbert value, then ascending id rank: one sort of 64-bit keys.
                keys[input] = ((ulong)(uint.MaxValue - hilbert) << 32) | (uint)idRank[input];
            }
        }
        var inputs = new int[n];
        for (int i = 0; i < n; i++)
            inputs[i] = i;
        Array.Sort(keys, inputs);
        var positions = new int[n];
        for (int position = 0; position < n; position++)
            positions[inputs[position]] = position;
        return (positions, inputs);
    }

    /// <summary>A value as its column stores it: an integer in a Double column becomes a double.</summary>
    private static PropertyValue Convert(in PropertyValue value, FgbColumnType type) =>
        type == FgbColumnType.Double && value.Kind == PropertyKind.Integer ? PropertyValue.Of((double)value.Integer) : value;

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _writer.Dispose();
        _spool.Dispose();
        _ids.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary directory left behind; the operating system's temp cleaning takes it.
        }
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

    /// <summary>Counts and hashes (XXH3-64) what passes through to the output.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly XxHash3 _hash = new();

        public ulong Hash => _hash.GetCurrentHashAsUInt64();

        public override long Length => _length;

        private long _length;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.Append(buffer);
            inner.Write(buffer);
            _length += buffer.Length;
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
