using Maps.Core.Geodesy;
using Maps.Core.Spatial;

namespace Maps.Core.Analysis;

/// <summary>A populated place: position, number of people and ISO 3166-1 alpha-3 country code.</summary>
public readonly record struct PopulationPoint(double Lon, double Lat, double Population, string Country)
{
    /// <summary>Country of a feature that names none.</summary>
    public const string UnknownCountry = "unknown";

    /// <summary>
    /// A point layer's points, read in one pass over its file: each weighted by <paramref name="weightProperty"/>
    /// (a missing or negative value counts 0), or 1 each when it is null (schools); the country of its
    /// <c>country</c> property, else <see cref="UnknownCountry"/>, one string per country.
    /// </summary>
    public static PopulationPoint[] FromLayer(Layers.Layer? layer, string? weightProperty)
    {
        if (layer is null)
            return [];
        var points = new List<PopulationPoint>(layer.Count);
        var countries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var feature in layer.All())
        {
            if (feature.Geometry is not NetTopologySuite.Geometries.Point { IsEmpty: false } point)
                continue;
            double weight = weightProperty is null ? 1 : feature.Value(weightProperty) is { IsNumeric: true } value ? Math.Max(value.Number, 0) : 0;
            string country = feature.GetString("country") ?? UnknownCountry;
            if (!countries.TryGetValue(country, out var shared))
                countries[country] = shared = country;
            points.Add(new PopulationPoint(point.X, point.Y, weight, shared));
        }
        return points.ToArray();
    }
}

/// <summary>Population of one country (or of all points) within each requested distance of the backbone.</summary>
/// <param name="PopulationWithin">Per distance of <see cref="CoverageReport.DistancesKm"/>, in the same order.</param>
/// <param name="Shares">PopulationWithin / TotalPopulation per distance (0 when the total is 0).</param>
public sealed record CountryCoverage(string Country, double TotalPopulation, IReadOnlyList<double> PopulationWithin, IReadOnlyList<double> Shares);

/// <summary>The answer of <see cref="CoverageCalculator"/>: countries in ordinal order, plus the total over all points.</summary>
public sealed record CoverageReport(IReadOnlyList<double> DistancesKm, IReadOnlyList<CountryCoverage> Countries, CountryCoverage Total);

/// <summary>
/// ITU's "population within reach of the backbone" indicator: for each population point, the
/// distance to the nearest indexed feature capped at the largest requested distance (one capped
/// nearest query per point, in parallel over all cores), then per country and per distance the
/// population within that distance (inclusive), the country's total and the share. Sums are taken
/// in input order, so the result is deterministic. Cost: one index query per point plus O(points ×
/// distances). Thread-safe (stateless).
/// </summary>
public sealed class CoverageCalculator
{
    /// <summary>Name of the <see cref="CoverageReport.Total"/> row.</summary>
    public const string TotalCountry = "*";

    private readonly SphericalIndex _index;
    private readonly IReadOnlyList<PopulationPoint> _points;
    private readonly double[] _distancesKm;

    private CoverageCalculator(SphericalIndex index, IReadOnlyList<PopulationPoint> points, double[] distancesKm)
    {
        _index = index;
        _points = points;
        _distancesKm = distancesKm;
    }

    /// <summary>
    /// Coverage of <paramref name="points"/> by the features of <paramref name="index"/> at each of
    /// <paramref name="distancesKm"/> (sorted ascending and de-duplicated in the report).
    /// </summary>
    public static CoverageReport Calculate(SphericalIndex index, IReadOnlyList<PopulationPoint> points, IEnumerable<double> distancesKm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(distancesKm);
        var distances = distancesKm.Distinct().Order().ToArray();
        if (distances.Length == 0)
            throw new ArgumentException("At least one distance is required.", nameof(distancesKm));
        if (distances.Any(d => !double.IsFinite(d) || d < 0))
            throw new ArgumentOutOfRangeException(nameof(distancesKm), "Distances must be finite and not negative.");
        return new CoverageCalculator(index, points, distances).Run(cancellationToken);
    }

    private CoverageReport Run(CancellationToken cancellationToken)
    {
        var positions = new LonLat[_points.Count];
        for (int i = 0; i < positions.Length; i++)
        {
            var point = _points[i];
            if (!double.IsFinite(point.Population) || point.Population < 0)
                throw new ArgumentException($"Population point #{i} has an invalid population ({point.Population}).");
            positions[i] = new LonLat(point.Lon, point.Lat);
        }
        double[] nearest = _index.NearestDistancesKm(positions, _distancesKm[^1], cancellationToken);

        var byCountry = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
        var total = new Accumulator(_distancesKm.Length);
        for (int i = 0; i < nearest.Length; i++)
        {
            var point = _points[i];
            string country = point.Country ?? "";
            if (!byCountry.TryGetValue(country, out var accumulator))
                byCountry.Add(country, accumulator = new Accumulator(_distancesKm.Length));
            accumulator.Add(point.Population, nearest[i], _distancesKm);
            total.Add(point.Population, nearest[i], _distancesKm);
        }
        var countries = byCountry.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value.ToCoverage(p.Key)).ToArray();
        return new CoverageReport(_distancesKm, countries, total.ToCoverage(TotalCountry));
    }

    private sealed class Accumulator(int distances)
    {
        private readonly double[] _within = new double[distances];
        private double _total;

        public void Add(double population, double nearestKm, double[] distancesKm)
        {
            _total += population;
            for (int d = distancesKm.Length - 1; d >= 0 && nearestKm <= distancesKm[d]; d--)
                _within[d] += population;
        }

        public CountryCoverage ToCoverage(string country)
        {
            var shares = new double[_within.Length];
            for (int d = 0; d < shares.Length; d++)
                shares[d] = _total > 0 ? _within[d] / _total : 0;
            return new CountryCoverage(country, _total, _within, shares);
        }
    }
}
