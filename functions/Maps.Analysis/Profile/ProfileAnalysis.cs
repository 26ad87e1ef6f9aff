using System.Collections.Concurrent;
using System.Text.Json;
using Maps.Core.Geodesy;
using Maps.Core.Spatial;

namespace Maps.Analysis.Profile;

/// <summary>
/// The school connectivity profile of each row, a chunk at a time: the nearest feature of each
/// role (fibre, microwave, the four cell-site technologies) with one uncapped search per role,
/// and for every radius the schools and the population within it with one range search per source
/// for all radii. <see cref="ProfileSources"/> builds an index only for what the asked columns need,
/// so a role or source without one leaves its columns empty. All cores answer a chunk together. One instance per request.
/// </summary>
public sealed class ProfileAnalysis : IBatchAnswer
{
    private readonly ProfileRequest _request;
    private readonly ProfileSources _sources;
    private readonly IReadOnlyList<ProfileColumn> _columns;
    private readonly string[] _added;
    private readonly SphericalIndex?[] _roles;
    private readonly SphericalIndex? _schools, _population;
    private readonly double[] _radii;
    private readonly List<LonLat> _points = [];
    private NearestResult?[] _nearest = [];
    private RangeTotals[] _schoolTotals = [], _populationTotals = [];
    private int _answered;

    public ProfileAnalysis(ProfileRequest request, ProfileSources sources)
    {
        _request = request;
        _sources = sources;
        _columns = request.Columns;
        _added = [.. _columns.Select(c => c.Name), "error"];
        _radii = [.. request.RadiiKm];
        _roles = sources.Roles;
        _schools = sources.Schools;
        _population = sources.Population;
        Bands = new ProfileSummary { Notes = [.. sources.Notes] };
    }

    public IReadOnlyList<string> AddedColumns => _added;

    public bool UsesCountry => true;

    /// <summary>Why columns are empty (a default collection that is not loaded), for the header and the summary.</summary>
    public IReadOnlyList<string> Notes => _sources.Notes;

    /// <summary>The per-country proximity bands, with the notes.</summary>
    public ProfileSummary Bands { get; }

    public IBatchSummary? Summary => Bands;

    public int Add(double lon, double lat)
    {
        _points.Add(new LonLat(lon, lat));
        return _points.Count - 1;
    }

    public void Run(CancellationToken cancellationToken)
    {
        int n = _points.Count, roles = ProfileRoles.Count, radii = _radii.Length;
        if (_nearest.Length < n * roles)
        {
            _nearest = new NearestResult?[n * roles];
            _schoolTotals = new RangeTotals[n * radii];
            _populationTotals = new RangeTotals[n * radii];
        }
        _answered = n;
        if (n > 0)
        {
            var order = QueryOrder.Of(_points);
            var options = new ParallelOptions { CancellationToken = cancellationToken };
            int chunk = Math.Clamp(n / (Environment.ProcessorCount * 4), 64, 4_096);
            Parallel.ForEach(Partitioner.Create(0, n, chunk), options, range => Answer(order, range.Item1, range.Item2));
        }
        _points.Clear();
    }

    private void Answer(int[] order, int from, int to)
    {
        int roles = ProfileRoles.Count, radii = _radii.Length;
        for (int k = from; k < to; k++)
        {
            int i = order[k];
            var (lon, lat) = _points[i];
            for (int role = 0; role < roles; role++)
                _nearest[i * roles + role] = _roles[role] is { } index && index.TryNearest(lon, lat, out var result) ? result : null;
            _schools?.Within(lon, lat, _radii, _schoolTotals.AsSpan(i * radii, radii));
            _population?.Within(lon, lat, _radii, _populationTotals.AsSpan(i * radii, radii));
        }
    }

    private NearestResult? Nearest(int slot, int role) => slot >= 0 && slot < _answered ? _nearest[slot * ProfileRoles.Count + role] : null;

    public bool Keep(int slot, string? country)
    {
        if (slot < 0)
            Bands.AddInvalid(country);
        else
            Bands.Add(country, Nearest(slot, ProfileRoles.Fibre) is { } fibre ? ProximityBands.Of(fibre.DistanceKm) : null);
        return true;
    }

    public void WriteCsvFields(CsvOutput output, int slot)
    {
        for (int c = 0; c < _columns.Count; c++)
        {
            if (c > 0)
                output.Separator();
            var column = _columns[c];
            if (slot < 0)
                continue;
            switch (column.Kind)
            {
                case ProfileColumnKind.Distance when Nearest(slot, column.Role) is { } result:
                    output.Number(result.DistanceKm);
                    break;
                case ProfileColumnKind.Id when Nearest(slot, column.Role) is { } result:
                    output.Raw(Encoded(result.FeatureId, output.Delimiter));
                    break;
                case ProfileColumnKind.Proximity when Nearest(slot, column.Role) is { } result:
                    output.Raw(Encoded(ProximityBands.Names[ProximityBands.Of(result.DistanceKm)], output.Delimiter));
                    break;
                case ProfileColumnKind.SchoolsWithin when _schools is not null:
                    output.Number(_schoolTotals[slot * _radii.Length + column.Radius].Count);
                    break;
                case ProfileColumnKind.PopulationWithin when _population is not null:
                    double people = _populationTotals[slot * _radii.Length + column.Radius].WeightSum;
                    if (people == Math.Floor(people) && Math.Abs(people) < 1e15)
                        output.Number((long)people);
                    else
                        output.Number(people);
                    break;
            }
        }
    }

    // The CSV form of each id and band, once per string instance (the index returns one instance per
    // feature); concurrent, as a CSV chunk's rows are written on several threads (IBatchAnswer).
    private readonly ConcurrentDictionary<string, byte[]> _encoded = new(ReferenceEqualityComparer.Instance);

    private byte[] Encoded(string value, byte delimiter) => _encoded.GetOrAdd(value, static (v, d) => CsvOutput.Encode(v, d), delimiter);

    public void WriteJsonProperties(Utf8JsonWriter writer, int slot)
    {
        foreach (var column in _columns)
        {
            var result = slot >= 0 && column.Role >= 0 ? Nearest(slot, column.Role) : null;
            switch (column.Kind)
            {
                case ProfileColumnKind.Distance:
                    JsonOutput.NumberOrNull(writer, column.Name, result?.DistanceKm);
                    break;
                case ProfileColumnKind.Id:
                    JsonOutput.StringOrNull(writer, column.Name, result?.FeatureId);
                    break;
                case ProfileColumnKind.Proximity:
                    JsonOutput.StringOrNull(writer, column.Name, result is { } r ? ProximityBands.Names[ProximityBands.Of(r.DistanceKm)] : null);
                    break;
                case ProfileColumnKind.SchoolsWithin:
                    JsonOutput.NumberOrNull(writer, column.Name, slot >= 0 && _schools is not null ? _schoolTotals[slot * _radii.Length + column.Radius].Count : null);
                    break;
                case ProfileColumnKind.PopulationWithin:
                    JsonOutput.NumberOrNull(writer, column.Name, slot >= 0 && _population is not null ? _populationTotals[slot * _radii.Length + column.Radius].WeightSum : null);
                    break;
            }
        }
    }

    public void WriteQuery(Utf8JsonWriter writer) => _request.WriteTo(writer, _sources);

    /// <summary>A profile summary document begins with the query.</summary>
    public void WriteSummaryHead(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("query");
        WriteQuery(writer);
        writer.WriteEndObject();
    }
}
