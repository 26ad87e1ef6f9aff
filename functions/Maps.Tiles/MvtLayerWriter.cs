namespace Maps.Tiles;

/// <summary>
/// Writes one MVT 2.1 layer (github.com/mapbox/vector-tile-spec/tree/master/2.1) from geometry
/// already in tile units: clips to the buffered tile, simplifies, rounds to whole units and encodes
/// MoveTo/LineTo/ClosePath commands with zigzag deltas, plus the shared key and value tables.
/// </summary>
/// <remarks>
/// Why not <c>NetTopologySuite.IO.VectorTiles.Mapbox</c>'s <c>MapboxTileWriter</c>: it takes lon/lat
/// and projects every vertex itself (so simplifying in tile pixels would mean unprojecting and
/// projecting again), it does not clip, it truncates rather than rounds to tile units, and when a
/// part of a multi-geometry collapses and is dropped its cursor has already moved, so the next part's
/// deltas are wrong. The wire format needs only varints and packed arrays, written here by
/// <see cref="ProtoBuffer"/> with no reflection. One instance per tile; not thread-safe.
/// </remarks>
internal sealed class MvtLayerWriter
{
    private const uint MoveTo = 1;
    private const uint LineTo = 2;
    private const uint ClosePath = 7;

    private readonly double _min;
    private readonly double _max;
    private readonly double _toleranceSquared;
    private readonly ProtoBuffer _layer = new(4096);
    private readonly ProtoBuffer _feature = new(512);
    private readonly Dictionary<string, uint> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<TileValue, uint> _values = new();
    private readonly List<uint> _geometry = new(256);
    private readonly List<uint> _tags = new(32);

    private double[] _clipA = new double[256];
    private double[] _clipB = new double[256];
    private bool[] _keep = new bool[128];
    private int[] _stack = new int[128];
    private int[] _rounded = new int[256];
    private int _cursorX;
    private int _cursorY;
    private int _pendingPointCount;
    private int _pendingPointCommandIndex;

    /// <param name="extent">Tile units per side.</param>
    /// <param name="buffer">Tile units kept beyond each edge.</param>
    /// <param name="tolerance">Douglas–Peucker tolerance in tile units; 0 for none.</param>
    public MvtLayerWriter(int extent, int buffer, double tolerance)
    {
        Extent = extent;
        _min = -buffer;
        _max = extent + buffer;
        _toleranceSquared = tolerance * tolerance;
    }

    public int Extent { get; }

    public int FeatureCount { get; private set; }

    public void BeginFeature()
    {
        _geometry.Clear();
        _cursorX = 0;
        _cursorY = 0;
        _pendingPointCount = 0;
    }

    /// <summary>Writes the feature begun by <see cref="BeginFeature"/>, unless all of its geometry was clipped or collapsed away.</summary>
    public bool EndFeature(TileGeometryType type, KeyValuePair<string, TileValue>[] attributes)
    {
        if (_geometry.Count == 0)
            return false;
        if (_pendingPointCount > 0)
            _geometry[_pendingPointCommandIndex] = Command(MoveTo, _pendingPointCount);

        _tags.Clear();
        foreach (var (key, value) in attributes)
        {
            if (!_keys.TryGetValue(key, out uint keyIndex))
                _keys.Add(key, keyIndex = (uint)_keys.Count);
            if (!_values.TryGetValue(value, out uint valueIndex))
                _values.Add(value, valueIndex = (uint)_values.Count);
            _tags.Add(keyIndex);
            _tags.Add(valueIndex);
        }

        _feature.Clear();
        _feature.WritePackedField(2, _tags);
        _feature.WriteVarintField(3, (ulong)type);
        _feature.WritePackedField(4, _geometry);
        _layer.WriteMessageField(2, _feature.Written);
        FeatureCount++;
        return true;
    }

    /// <summary>Adds a point if it lies in the buffered tile; all points of a feature share one MoveTo.</summary>
    public void AddPoint(double x, double y)
    {
        if (x < _min || x > _max || y < _min || y > _max)
            return;
        if (_pendingPointCount == 0)
        {
            _pendingPointCommandIndex = _geometry.Count;
            _geometry.Add(Command(MoveTo, 1));
        }
        int ix = (int)Math.Round(x), iy = (int)Math.Round(y);
        _geometry.Add(ProtoBuffer.ZigZag(ix - _cursorX));
        _geometry.Add(ProtoBuffer.ZigZag(iy - _cursorY));
        _cursorX = ix;
        _cursorY = iy;
        _pendingPointCount++;
    }

    /// <summary>
    /// Adds a line given as <paramref name="count"/> interleaved x, y pairs in tile units: clipped to
    /// the buffered tile (Liang–Barsky per segment; a line leaving and re-entering becomes several
    /// lines), simplified, rounded. A piece is dropped only when it rounds to a single tile unit.
    /// </summary>
    public void AddLine(double[] points, int count, bool inside)
    {
        if (inside)
        {
            EmitLine(points, 0, count);
            return;
        }

        EnsureCapacity(ref _clipA, count * 4);
        int start = 0, length = 0;
        bool open = false;
        for (int i = 0; i < count - 1; i++)
        {
            double x0 = points[2 * i], y0 = points[2 * i + 1];
            double dx = points[2 * i + 2] - x0, dy = points[2 * i + 3] - y0;
            double t0 = 0, t1 = 1;
            if (!ClipEdge(-dx, x0 - _min, ref t0, ref t1) || !ClipEdge(dx, _max - x0, ref t0, ref t1) ||
                !ClipEdge(-dy, y0 - _min, ref t0, ref t1) || !ClipEdge(dy, _max - y0, ref t0, ref t1))
            {
                if (open)
                {
                    EmitLine(_clipA, start, length);
                    open = false;
                }
                continue;
            }

            if (!open || t0 > 0)
            {
                if (open)
                    EmitLine(_clipA, start, length);
                start += length;
                length = 0;
                _clipA[2 * (start + length)] = x0 + t0 * dx;
                _clipA[2 * (start + length) + 1] = y0 + t0 * dy;
                length++;
                open = true;
            }
            _clipA[2 * (start + length)] = x0 + t1 * dx;
            _clipA[2 * (start + length) + 1] = y0 + t1 * dy;
            length++;
            if (t1 < 1)
            {
                EmitLine(_clipA, start, length);
                start += length;
                length = 0;
                open = false;
            }
        }
        if (open)
            EmitLine(_clipA, start, length);
    }

    /// <summary>
    /// Adds a polygon ring (closed: first point repeated last) clipped to the buffered tile
    /// (Sutherland–Hodgman), simplified and rounded, wound as MVT wants: exterior rings with positive
    /// surveyor's area in tile coordinates (clockwise on screen), holes negative. Returns false when the
    /// ring vanished (outside, or collapsed to no area), so the caller can skip a shell's holes.
    /// </summary>
    public bool AddRing(double[] points, int count, bool inside, bool exterior)
    {
        double[] ring = points;
        int n = count - 1; // open ring: the closing point is implied
        if (!inside)
        {
            EnsureCapacity(ref _clipA, n * 2);
            Array.Copy(points, _clipA, n * 2);
            n = ClipRing(_clipA, n, ref _clipB, 0, -1, _min);
            n = ClipRing(_clipB, n, ref _clipA, 0, 1, _max);
            n = ClipRing(_clipA, n, ref _clipB, 1, -1, _min);
            n = ClipRing(_clipB, n, ref _clipA, 1, 1, _max);
            if (n < 3)
                return false;
            ring = _clipA;
        }

        // Close the ring in a scratch copy so that simplification keeps the start point.
        EnsureCapacity(ref _clipB, (n + 1) * 2);
        Array.Copy(ring, _clipB, n * 2);
        _clipB[2 * n] = _clipB[0];
        _clipB[2 * n + 1] = _clipB[1];
        int kept = SimplifyAndRound(_clipB, 0, n + 1);
        kept--; // drop the closing point again
        if (kept < 3)
            return false;

        long area = 0;
        for (int i = 0; i < kept; i++)
        {
            int j = (i + 1) % kept;
            area += (long)_rounded[2 * i] * _rounded[2 * j + 1] - (long)_rounded[2 * j] * _rounded[2 * i + 1];
        }
        if (area == 0)
            return false;
        if (area > 0 != exterior)
            Reverse(_rounded, kept);

        EmitPath(kept, close: true);
        return true;
    }

    /// <summary>The whole tile (this one layer, named <paramref name="name"/>), or an empty array when no feature was written.</summary>
    public byte[] ToTile(string name) => FeatureCount == 0 ? [] : Assemble(name);

    private byte[] Assemble(string name)
    {
        var layer = new ProtoBuffer(_layer.Length + 32 * (_keys.Count + _values.Count) + 64);
        layer.WriteVarintField(15, 2);
        layer.WriteStringField(1, name);
        // _layer holds the already framed feature fields (field 2), so it is copied as is.
        var features = _layer.Written;
        var tail = new ProtoBuffer(32 * (_keys.Count + _values.Count) + 16);
        foreach (string key in _keys.Keys)
            tail.WriteStringField(3, key);
        var value = new ProtoBuffer(64);
        foreach (var v in _values.Keys)
        {
            value.Clear();
            switch (v.Kind)
            {
                case TileValueKind.String:
                    value.WriteStringField(1, v.String!);
                    break;
                case TileValueKind.Double:
                    value.WriteDoubleField(3, v.Double);
                    break;
                case TileValueKind.Integer when v.Integer >= 0:
                    value.WriteVarintField(4, (ulong)v.Integer);
                    break;
                case TileValueKind.Integer:
                    value.WriteSignedField(6, v.Integer);
                    break;
                default:
                    value.WriteVarintField(7, v.Boolean ? 1UL : 0UL);
                    break;
            }
            tail.WriteMessageField(4, value.Written);
        }
        tail.WriteVarintField(5, (ulong)Extent);

        int bodyLength = layer.Length + features.Length + tail.Length;
        var tile = new ProtoBuffer(bodyLength + 8);
        tile.WriteVarint(3 << 3 | 2);
        tile.WriteVarint((ulong)bodyLength);
        var result = new byte[tile.Length + bodyLength];
        tile.Written.CopyTo(result);
        int offset = tile.Length;
        layer.Written.CopyTo(result.AsSpan(offset));
        offset += layer.Length;
        features.CopyTo(result.AsSpan(offset));
        offset += features.Length;
        tail.Written.CopyTo(result.AsSpan(offset));
        return result;
    }

    private void EmitLine(double[] points, int start, int count)
    {
        if (count < 2)
            return;
        int kept = SimplifyAndRound(points, start, count);
        if (kept >= 2)
            EmitPath(kept, close: false);
    }

    /// <summary>MoveTo the first rounded point, LineTo the rest, ClosePath for rings.</summary>
    private void EmitPath(int count, bool close)
    {
        _geometry.Add(Command(MoveTo, 1));
        AddDelta(_rounded[0], _rounded[1]);
        _geometry.Add(Command(LineTo, count - 1));
        for (int i = 1; i < count; i++)
            AddDelta(_rounded[2 * i], _rounded[2 * i + 1]);
        if (close)
            _geometry.Add(Command(ClosePath, 1));
    }

    private void AddDelta(int x, int y)
    {
        _geometry.Add(ProtoBuffer.ZigZag(x - _cursorX));
        _geometry.Add(ProtoBuffer.ZigZag(y - _cursorY));
        _cursorX = x;
        _cursorY = y;
    }

    /// <summary>
    /// Douglas–Peucker (iterative, squared distances to the segment) over points[start..start+count),
    /// then rounds the kept points into <see cref="_rounded"/>, dropping consecutive duplicates.
    /// Returns the number of distinct points. O(n log n) typical, O(n²) worst case.
    /// </summary>
    private int SimplifyAndRound(double[] points, int start, int count)
    {
        EnsureCapacity(ref _keep, count);
        EnsureCapacity(ref _rounded, count * 2);
        if (_toleranceSquared > 0 && count > 2)
        {
            Array.Clear(_keep, 0, count);
            _keep[0] = _keep[count - 1] = true;
            EnsureCapacity(ref _stack, count * 2);
            int top = 0;
            _stack[top++] = 0;
            _stack[top++] = count - 1;
            while (top > 0)
            {
                int last = _stack[--top], first = _stack[--top];
                double ax = points[2 * (start + first)], ay = points[2 * (start + first) + 1];
                double bx = points[2 * (start + last)], by = points[2 * (start + last) + 1];
                double maxDistance = -1;
                int farthest = -1;
                for (int i = first + 1; i < last; i++)
                {
                    double d = SegmentDistanceSquared(points[2 * (start + i)], points[2 * (start + i) + 1], ax, ay, bx, by);
                    if (d > maxDistance)
                    {
                        maxDistance = d;
                        farthest = i;
                    }
                }
                if (farthest >= 0 && maxDistance > _toleranceSquared)
                {
                    _keep[farthest] = true;
                    _stack[top++] = first;
                    _stack[top++] = farthest;
                    _stack[top++] = farthest;
                    _stack[top++] = last;
                }
            }
        }
        else
        {
            Array.Fill(_keep, true, 0, count);
        }

        int n = 0;
        for (int i = 0; i < count; i++)
        {
            if (!_keep[i])
                continue;
            int x = (int)Math.Round(points[2 * (start + i)]), y = (int)Math.Round(points[2 * (start + i) + 1]);
            if (n > 0 && _rounded[2 * n - 2] == x && _rounded[2 * n - 1] == y)
                continue;
            _rounded[2 * n] = x;
            _rounded[2 * n + 1] = y;
            n++;
        }
        return n;
    }

    private static double SegmentDistanceSquared(double px, double py, double ax, double ay, double bx, double by)
    {
        double dx = bx - ax, dy = by - ay;
        if (dx != 0 || dy != 0)
        {
            double t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy);
            if (t > 1)
            {
                ax = bx;
                ay = by;
            }
            else if (t > 0)
            {
                ax += dx * t;
                ay += dy * t;
            }
        }
        dx = px - ax;
        dy = py - ay;
        return dx * dx + dy * dy;
    }

    /// <summary>One Liang–Barsky boundary test; false when the segment lies wholly outside it.</summary>
    private static bool ClipEdge(double p, double q, ref double t0, ref double t1)
    {
        if (p == 0)
            return q >= 0;
        double r = q / p;
        if (p < 0)
        {
            if (r > t1)
                return false;
            if (r > t0)
                t0 = r;
        }
        else
        {
            if (r < t0)
                return false;
            if (r < t1)
                t1 = r;
        }
        return true;
    }

    /// <summary>
    /// One Sutherland–Hodgman pass of an open ring against the half-plane
    /// <c>sign × coordinate[axis] ≤ sign × limit</c>; returns the output point count.
    /// </summary>
    private static int ClipRing(double[] input, int count, ref double[] output, int axis, int sign, double limit)
    {
        // Each input vertex yields at most two output vertices.
        EnsureCapacity(ref output, count * 4);
        int n = 0;
        if (count == 0)
            return 0;
        double px = input[2 * (count - 1)], py = input[2 * (count - 1) + 1];
        bool previousInside = sign * (axis == 0 ? px : py) <= sign * limit;
        for (int i = 0; i < count; i++)
        {
            double cx = input[2 * i], cy = input[2 * i + 1];
            bool inside = sign * (axis == 0 ? cx : cy) <= sign * limit;
            if (inside != previousInside)
            {
                double pa = axis == 0 ? px : py, ca = axis == 0 ? cx : cy;
                double t = (limit - pa) / (ca - pa);
                output[2 * n] = axis == 0 ? limit : px + t * (cx - px);
                output[2 * n + 1] = axis == 1 ? limit : py + t * (cy - py);
                n++;
            }
            if (inside)
            {
                output[2 * n] = cx;
                output[2 * n + 1] = cy;
                n++;
            }
            px = cx;
            py = cy;
            previousInside = inside;
        }
        return n;
    }

    private static void Reverse(int[] points, int count)
    {
        for (int i = 0, j = count - 1; i < j; i++, j--)
        {
            (points[2 * i], points[2 * j]) = (points[2 * j], points[2 * i]);
            (points[2 * i + 1], points[2 * j + 1]) = (points[2 * j + 1], points[2 * i + 1]);
        }
    }

    private static uint Command(uint id, int count) => id & 0x7 | (uint)count << 3;

    private static void EnsureCapacity<T>(ref T[] array, int size)
    {
        if (array.Length < size)
            array = new T[Math.Max(size, array.Length * 2)];
    }
}
