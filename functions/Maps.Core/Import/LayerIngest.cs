using Maps.Core.Layers;
using NetTopologySuite.Geometries;

namespace Maps.Core.Import;

/// <summary>
/// The one ingest path, for the import of <c>data/sources</c> and for every publish: each feature a reader or a
/// source mapper gives is validated (<see cref="FeatureValidator"/>: refused with its reason, or noise clamped and
/// counted), split at the antimeridian (<see cref="AntimeridianSplitter"/>), held to the layer's geometry type
/// (<see cref="GeometryFit"/>), rounded as the layer's <see cref="IngestRules.Decimals"/> say, given its properties
/// through <see cref="PropertyRules"/>, and written to the layer file (<see cref="LayerFileBuilder"/>, the one
/// writer). <see cref="Seal"/> then rejects ids given twice, and <see cref="Queryables"/> derives the queryables
/// the metadata record carries. Not thread-safe; one per layer version.
/// </summary>
public sealed class LayerIngest(IngestRules rules, LayerFileBuilder builder, LayerReport? report = null)
{
    private readonly FeatureValidator _validator = new(report ?? new LayerReport(rules.CollectionId));

    public IngestRules Rules { get; } = rules;

    public LayerReport Report => _validator.Report;

    public GeometryFit Geometry { get; } = new(rules.GeometryType);

    /// <summary>Features written so far.</summary>
    public int Count => builder.Count;

    /// <summary>
    /// Takes one feature as read: its id, its geometry or why there is none (<paramref name="geometryError"/>), why
    /// the layer's own rules refuse it (<paramref name="featureError"/>, a cell site's radio say), and its properties,
    /// asked for only once it is accepted, with its final geometry (a mapper may derive from it). What the reader
    /// fixed (<paramref name="fixedOnRead"/>) and what the ingest fixes are counted in the report when it is written.
    /// True when written.
    /// </summary>
    public bool Add(string file, int index, string? id, Geometry? geometry, string? geometryError, string? featureError,
        Func<Geometry, IReadOnlyList<KeyValuePair<string, PropertyValue>>> properties, string? fixedOnRead = null)
    {
        if (!_validator.Accept(file, index, id, geometry, geometryError, featureError))
            return false;
        var split = AntimeridianSplitter.Split(geometry!);
        var fitted = Geometry.Fit(split, id);
        if (fitted is null)
        {
            Report.Written--; // counted by the fit instead: the layer fails with those counts
            return false;
        }
        if (fixedOnRead is not null)
            Report.Fix(fixedOnRead);
        if (!ReferenceEquals(split, geometry))
            Report.Fix(SplitFix);
        if (fitted.GeometryType != split.GeometryType)
            Report.Fix(FitFix(fitted));
        if (!double.IsNaN(fitted.Coordinate.Z))
            Report.Fix(HeightsFix);
        if (Rules.Decimals is int decimals)
            fitted = CoordinateRounding.Round(fitted, decimals);
        builder.Add(id!, fitted, PropertyRules.Apply(properties(fitted), fitted, Rules, Report), new FeatureSource(file, index));
        return true;
    }

    /// <summary>The report's name for a geometry fitted to the collection's type, made once per type (a publish of lines may fit millions).</summary>
    private string FitFix(Geometry fitted)
    {
        if (!_fitFixes.TryGetValue(fitted.GeometryType, out var fix))
            _fitFixes[fitted.GeometryType] = fix = fitted is GeometryCollection
                ? $"single geometries made one-part {fitted.GeometryType}s, the collection's type"
                : $"one-part Multi geometries made {fitted.GeometryType}s, the collection's type";
        return fix;
    }

    private readonly Dictionary<string, string> _fitFixes = new(StringComparer.Ordinal);

    /// <summary>The report's name for a line split at ±180°.</summary>
    public const string SplitFix = "lines crossing ±180° split there into a MultiLineString";

    /// <summary>The report's name for a geometry whose heights were left out.</summary>
    public const string HeightsFix = "heights (z) left out: layers are 2D";

    /// <summary>Ends the adding: features whose id an earlier one had are left out and rejected in the report.</summary>
    public void Seal(CancellationToken cancellationToken = default) => Report.RejectDuplicates(builder.Seal(cancellationToken));

    /// <summary>The queryables of the features written, <paramref name="curated"/> giving descriptions, enums and order (<see cref="QueryableAccumulator.Build"/>).</summary>
    public IReadOnlyList<QueryableProperty> Queryables(IReadOnlyList<QueryableProperty>? curated) => builder.Queryables(curated);
}
