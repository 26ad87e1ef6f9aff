using Maps.Import.Sources;

namespace Maps.Import;

/// <summary>The outcome of an import: one report per layer, in layer order.</summary>
internal sealed record ImportResult(IReadOnlyList<LayerReport> Layers);

/// <summary>
/// Turns <c>data/sources</c> into <c>data/layers</c>. All layers are built in memory first; a whole-file
/// problem in any source (<see cref="ImportFileException"/>) stops the import before anything is written.
/// Rejected features are reported and left out; they do not fail the import. Writing is all-or-nothing
/// per run: temporary files for every layer, then renames (<see cref="LayerFileWriter.WriteAll"/>).
/// </summary>
internal static class Importer
{
    public static IReadOnlyList<ILayerSource> Sources { get; } =
    [
        new FibreLinks(),
        new TransmissionNodes(),
        new Ixps(),
        new SubmarineCables(),
        new LandingPoints(),
        new SmartCables(),
        new EarthStations(),
        new MicrowaveLinks(),
        new Population(),
        new KenyaSchools(),
        new GigaSchools(),
    ];

    public static ImportResult Run(string sourcesDirectory, string outputDirectory, IReadOnlyList<ILayerSource>? sources = null)
    {
        var context = new ImportContext(sourcesDirectory);
        var built = new List<(CollectionMetadata, IEnumerable<OutputFeature>)>();
        var reports = new List<LayerReport>();
        foreach (var source in sources ?? Sources)
        {
            var validator = new FeatureValidator(new LayerReport(source.Metadata.Id));
            built.Add((source.Metadata, source.Build(context, validator)));
            reports.Add(validator.Report);
        }
        LayerFileWriter.WriteAll(outputDirectory, built);
        return new ImportResult(reports);
    }
}
