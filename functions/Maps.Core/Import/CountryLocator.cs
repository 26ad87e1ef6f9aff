using Maps.Core.Geodesy;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Distance;

namespace Maps.Core.Import;

/// <summary>A country found for a point: its ISO alpha-3 code, its name and how far outside it the point lies.</summary>
public readonly record struct CountryMatch(string Iso3, string Name, double DistanceKm)
{
    public bool Inside => DistanceKm == 0;
}

/// <summary>
/// Finds the country of a lon/lat point from admin-0 polygons (the Natural Earth 50m boundaries).
/// First point-in-polygon (an STR-tree on envelopes, then an indexed point-in-area test); when the
/// point is in no polygon (coastal points such as cable landing stations often fall just offshore of
/// a generalised coastline) the nearest country within <see cref="MaxNearestKm"/> wins. The nearest
/// boundary point is found in planar lon/lat and its distance measured on the sphere, which is
/// accurate to well under 1% at these short ranges. Ties go to the smaller ISO code.
/// Immutable after construction and thread-safe for queries.
/// </summary>
public sealed class CountryLocator
{
    /// <summary>Default search radius for the nearest-country fallback.</summary>
    public const double DefaultMaxNearestKm = 50;

    private sealed record Country(string Iso3, string Name, Geometry Geometry, IndexedPointInAreaLocator Locator);

    private readonly STRtree<Country> _index = new();
    private readonly Dictionary<string, List<Country>> _byIso3 = new(StringComparer.Ordinal);

    public CountryLocator(IEnumerable<(string Iso3, string Name, Geometry Geometry)> countries, double maxNearestKm = DefaultMaxNearestKm)
    {
        MaxNearestKm = maxNearestKm;
        foreach (var (iso3, name, geometry) in countries)
        {
            var country = new Country(iso3, name, geometry, new IndexedPointInAreaLocator(geometry));
            _index.Insert(geometry.EnvelopeInternal, country);
            if (!_byIso3.TryGetValue(iso3, out var parts))
                _byIso3[iso3] = parts = [];
            parts.Add(country);
        }
        _index.Build();
    }

    public double MaxNearestKm { get; }

    /// <summary>Whether the boundaries have a country with this ISO alpha-3 code.</summary>
    public bool Has(string iso3) => _byIso3.ContainsKey(iso3);

    /// <summary>
    /// The country of a feature, the one rule of the import and the publish: the country its source names
    /// (<paramref name="given"/>, a name or code <see cref="CountryCodes.FromName"/> knows), else the country
    /// containing (or nearest within <see cref="MaxNearestKm"/>) its representative point, else null.
    /// </summary>
    public (string? Iso3, string? Name) CountryOf(Geometry geometry, string? given = null)
    {
        if (CountryCodes.FromName(given) is { } iso3)
            return (iso3, CountryCodes.NameOf(iso3));
        return LocateGeometry(geometry) is { } m ? (m.Iso3, CountryCodes.NameOf(m.Iso3) ?? m.Name) : (null, null);
    }

    /// <summary>
    /// Loads a boundaries FeatureCollection with <c>iso_a3</c> and <c>name</c> properties; features
    /// without a usable code (null, empty or "-99") are skipped.
    /// </summary>
    public static CountryLocator FromGeoJsonFile(string path, double maxNearestKm = DefaultMaxNearestKm)
    {
        var collection = GeoJsonSourceReader.ReadFile(path);
        var countries = new List<(string, string, Geometry)>();
        foreach (var f in collection.Features)
        {
            string? iso3 = f.GetString("iso_a3");
            if (f.Geometry is null || string.IsNullOrEmpty(iso3) || iso3 == "-99")
                continue;
            countries.Add((iso3, f.GetString("name") ?? iso3, SplitAntimeridianPolygons(f.Geometry)));
        }
        return new CountryLocator(countries, maxNearestKm);
    }

    /// <summary>
    /// Splits polygons of a boundary file that cross the antimeridian without being cut there (the world-atlas
    /// 50m file has such rings for Russia and Fiji: consecutive vertices jump from 179.9° to −179.8°, so in
    /// planar lon/lat the ring spans the whole world and "contains" Alaska and Sweden). Such a polygon is
    /// unwrapped to 0..360°, cut at 180° and the eastern piece shifted back by −360°. Polygons reaching the
    /// poles (Antarctica, which really goes round) are left alone. Returns the input when nothing crosses.
    /// </summary>
    public static Geometry SplitAntimeridianPolygons(Geometry geometry)
    {
        var parts = new List<Polygon>();
        bool changed = false;
        for (int i = 0; i < geometry.NumGeometries; i++)
        {
            if (geometry.GetGeometryN(i) is not Polygon polygon)
                return geometry;
            if (!CrossesAntimeridian(polygon))
            {
                parts.Add(polygon);
                continue;
            }
            changed = true;
            var factory = polygon.Factory;
            var unwrapped = (Polygon)polygon.Copy();
            unwrapped.Apply(new UnwrapFilter());
            unwrapped.GeometryChanged();
            var valid = unwrapped.IsValid ? unwrapped : unwrapped.Buffer(0);
            var west = valid.Intersection(factory.ToGeometry(new Envelope(0, 180, -90, 90)));
            var east = valid.Intersection(factory.ToGeometry(new Envelope(180, 360, -90, 90)));
            east = NetTopologySuite.Geometries.Utilities.AffineTransformation.TranslationInstance(-360, 0).Transform(east);
            foreach (var piece in new[] { west, east })
                for (int k = 0; k < piece.NumGeometries; k++)
                    if (piece.GetGeometryN(k) is Polygon { IsEmpty: false } p)
                        parts.Add(p);
        }
        return changed ? geometry.Factory.CreateMultiPolygon(parts.ToArray()) : geometry;
    }

    private static bool CrossesAntimeridian(Polygon polygon)
    {
        var envelope = polygon.EnvelopeInternal;
        if (envelope.MaxY > 89 || envelope.MinY < -89 || envelope.Width <= 180)
            return false;
        var ring = polygon.ExteriorRing.CoordinateSequence;
        for (int i = 1; i < ring.Count; i++)
            if (Math.Abs(ring.GetX(i) - ring.GetX(i - 1)) > 180)
                return true;
        return false;
    }

    private sealed class UnwrapFilter : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (int i = 0; i < seq.Count; i++)
                if (seq.GetX(i) < 0)
                    seq.SetX(i, seq.GetX(i) + 360);
        }
    }

    /// <summary>
    /// The country of a feature's representative point: a point itself, a line or polygon the middle vertex
    /// of its first part (always on the line, unlike a centroid). Null when no country is within reach.
    /// </summary>
    public CountryMatch? LocateGeometry(Geometry geometry)
    {
        if (geometry.IsEmpty)
            return null;
        var at = geometry is Point p ? p.Coordinate : MiddleVertex(geometry.GetGeometryN(0));
        return Locate(at.X, at.Y);

        static Coordinate MiddleVertex(Geometry part)
        {
            var coordinates = part.Coordinates;
            return coordinates[coordinates.Length / 2];
        }
    }

    /// <summary>The country containing the point, else the nearest within <see cref="MaxNearestKm"/>, else null.</summary>
    public CountryMatch? Locate(double lon, double lat)
    {
        var point = new Coordinate(lon, lat);
        Country? inside = null;
        foreach (var c in _index.Query(new Envelope(point)))
            if (c.Locator.Locate(point) != Location.Exterior && (inside is null || string.CompareOrdinal(c.Iso3, inside.Iso3) < 0))
                inside = c;
        if (inside is not null)
            return new CountryMatch(inside.Iso3, inside.Name, 0);

        double dLat = MaxNearestKm / (Sphere.RadiusKm * Sphere.DegreesToRadians);
        double cosLat = Math.Max(Math.Cos(Math.Min(89, Math.Abs(lat) + dLat) * Sphere.DegreesToRadians), 1e-6);
        double dLon = Math.Min(180, dLat / cosLat);
        var search = new Envelope(lon - dLon, lon + dLon, lat - dLat, lat + dLat);
        var pointGeometry = new Point(point);
        CountryMatch? best = null;
        foreach (var c in _index.Query(search))
        {
            double km = OutsideKm(c, pointGeometry);
            if (km > MaxNearestKm)
                continue;
            if (best is null || km < best.Value.DistanceKm || (km == best.Value.DistanceKm && string.CompareOrdinal(c.Iso3, best.Value.Iso3) < 0))
                best = new CountryMatch(c.Iso3, c.Name, Math.Max(km, double.Epsilon));
        }
        return best;
    }

    /// <summary>
    /// How far the point lies outside country <paramref name="iso3"/>: 0 when inside (or on the boundary), else the
    /// distance on the sphere to the nearest boundary point found in planar lon/lat, as <see cref="Locate"/> measures
    /// it (accurate to well under 1% within a few tens of km); null when the boundaries have no such country.
    /// </summary>
    public double? DistanceKm(double lon, double lat, string iso3)
    {
        if (!_byIso3.TryGetValue(iso3, out var parts))
            return null;
        var point = new Coordinate(lon, lat);
        var pointGeometry = new Point(point);
        double best = double.PositiveInfinity;
        foreach (var c in parts)
        {
            if (c.Locator.Locate(point) != Location.Exterior)
                return 0;
            best = Math.Min(best, OutsideKm(c, pointGeometry));
        }
        return best;
    }

    /// <summary>Sphere distance from a point outside a country to the country's nearest boundary point (found in planar lon/lat).</summary>
    private static double OutsideKm(Country country, Point point)
    {
        var nearest = DistanceOp.NearestPoints(country.Geometry, point)[0];
        return Sphere.DistanceKm(point.X, point.Y, nearest.X, nearest.Y);
    }
}
