using System.Globalization;
using Maps.Core.Layers;

namespace Maps.Core.Spatial;

/// <summary>
/// Which features one <see cref="SphericalIndex"/> holds: the features of <see cref="Collections"/>
/// whose <c>status</c> is one of <see cref="Statuses"/> (none: every feature, with or without a
/// status) and that pass <see cref="Match"/>, each weighted by <see cref="WeightProperty"/> (1 when
/// null). Collections and statuses are kept sorted and distinct, statuses lower-cased, so that two
/// selections that mean the same have the same <see cref="Key"/> and share an index.
/// </summary>
public sealed class IndexSelection
{
    public IndexSelection(IEnumerable<string> collections, IEnumerable<string>? statuses = null, PropertyMatch? match = null, string? weightProperty = null)
    {
        ArgumentNullException.ThrowIfNull(collections);
        Collections = collections.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        Statuses = (statuses ?? []).Select(s => s.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        Match = match;
        WeightProperty = weightProperty;
        Key = string.Join('\u001f', Collections) + '\u001e' + string.Join('\u001f', Statuses) + '\u001e'
            + (match is null ? "" : $"{match.Property}={match.Value}{(match.KeepMissing ? "?" : "")}") + '\u001e' + weightProperty;
    }

    public IReadOnlyList<string> Collections { get; }

    public IReadOnlyList<string> Statuses { get; }

    public PropertyMatch? Match { get; }

    public string? WeightProperty { get; }

    /// <summary>Equal for selections of the same features with the same weights.</summary>
    public string Key { get; }

    public bool Includes(LayerFeature feature)
    {
        if (Statuses.Count > 0 && (feature.GetString("status") is not string status || !Statuses.Contains(status.ToLowerInvariant())))
            return false;
        return Match is null || Match.Accepts(feature);
    }

    /// <summary>The feature's weight: the number in <see cref="WeightProperty"/> (0 when it is missing, null or not a finite number), else 1.</summary>
    public double Weight(LayerFeature feature)
    {
        if (WeightProperty is null)
            return 1;
        var value = feature.Value(WeightProperty);
        return value.Kind switch
        {
            PropertyKind.Integer or PropertyKind.Number when double.IsFinite(value.Number) => value.Number,
            PropertyKind.String when double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) && double.IsFinite(parsed) => parsed,
            _ => 0,
        };
    }

    public override string ToString() => Key;
}

/// <summary>
/// Keeps a feature whose string property <see cref="Property"/> equals <see cref="Value"/> (ignoring
/// case); a feature without the property is kept only when <see cref="KeepMissing"/>. So the fibre of
/// a selection of links and nodes is every link (which has no <c>infrastructure</c>) and the nodes
/// whose <c>infrastructure</c> is <c>fibre</c>.
/// </summary>
public sealed record PropertyMatch(string Property, string Value, bool KeepMissing = false)
{
    public bool Accepts(LayerFeature feature) => feature.GetString(Property) is string value
        ? value.Equals(Value, StringComparison.OrdinalIgnoreCase)
        : KeepMissing;
}
