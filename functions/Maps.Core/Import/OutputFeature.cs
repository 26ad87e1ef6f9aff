using NetTopologySuite.Geometries;

namespace Maps.Core.Import;

/// <summary>
/// A normalised feature ready to be written: its id, its lon/lat geometry and its properties in the
/// order they are written. Property values may be null, string, bool, int, long, double, or a list of
/// strings or numbers.
/// </summary>
public sealed record OutputFeature(string Id, Geometry Geometry, IReadOnlyList<KeyValuePair<string, object?>> Properties)
{
    /// <summary>Where it was read, for the report of a duplicate id.</summary>
    public Layers.FeatureSource? Source { get; init; }
}

/// <summary>Builds an ordered property list: <c>new Props { ["name"] = "x", ["status"] = "planned" }</c>.</summary>
public sealed class Props : List<KeyValuePair<string, object?>>
{
    public object? this[string name]
    {
        set => Add(new KeyValuePair<string, object?>(name, value));
    }
}
