using Maps.Import.Sources;

namespace Maps.Import;

/// <summary>The outcome of an import: one report per layer built, in layer order, and the optional layers skipped with why.</summary>
internal sealed record ImportResult(IReadOnlyList<LayerReport> Layers, IReadOnlyList<string> Skipped);

/// <summary>
/// Turns <c>data/sources</c> into <c>data/layers</c>, every feature through the one ingest path
/// (<see cref="LayerIngest"/>, rounded to 7 decimals). Every layer file is written to a temporary file first; a
/// whole-file problem in any source (<see cref="ImportFileException"/>) stops the import before any is renamed.
/// Rejected features are reported and left out; they do not fail the import. Writing is all-or-nothing
/// per run: temporary files for every layer, then renames (<see cref="LayerFileWriter.WriteAll"/>).
/// Every feature is held to its layer's declared geometry type (<see cref="DeclaredGeometry"/>): singles are
/// promoted to a declared Multi type, and a feature that still does not fit fails the import.
/// An <see cref="IOptionalLayerSource"/> whose sources hold nothing is skipped, and its old files in the
/// output are removed once the other layers are written. Every layer's queryables are derived from the
/// features it writes (<see cref="LayerFileWriter.WriteAll"/>); a source's own list only gives
/// descriptions and enums, and the order (its properties first). An id used twice is found as the
/// layer file is written, and rejected in the layer's report.
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
        new MaliSchools(),
        new GigaSchools(),
        new CellSites(),
    ];

    public static ImportResult Run(string sourcesDirectory, string outputDirectory, IReadOnlyList<ILayerSource>? sources = null)
    {
        var context = new ImportContext(sourcesDirectory);
        var layers = new List<(CollectionMetadata, Action<LayerIngest>, LayerReport?)>();
        var reports = new List<LayerReport>();
        var skipped = new List<IOptionalLayerSource>();
        foreach (var source in sources ?? Sources)
        {
            var metadata = source is IOptionalLayerSource optional ? optional.MetadataFor(context) : source.Metadata;
            if (metadata is null)
            {
                skipped.Add((IOptionalLayerSource)source);
                continue;
            }
            var report = new LayerReport(metadata.Id);
            layers.Add((metadata, ingest =>
            {
                source.Build(context, ingest);
                DeclaredGeometry.Check(metadata, ingest.Geometry);
            }, report));
            reports.Add(report);
        }
        LayerFileWriter.WriteAll(outputDirectory, layers);
        foreach (var source in skipped)
            File.Delete(LayerFileWriter.PathOf(outputDirectory, source.Metadata.Id));
        return new ImportResult(reports, skipped.Select(s => $"{s.Metadata.Id}: not built ({s.Absent})").ToList());
    }
}
