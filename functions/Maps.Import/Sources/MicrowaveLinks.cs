namespace Maps.Import.Sources;

/// <summary>NYC Mesh point-to-point links (OpenMesh sample) → <c>microwave-links</c>. Id: <c>mw-&lt;source id&gt;</c> (e.g. mw-cml1-sublink_1).</summary>
internal sealed class MicrowaveLinks : ILayerSource
{
    public const string File = "microwave-links-openmesh/microwave_links_nycmesh.geojson";

    public CollectionMetadata Metadata { get; } = new()
    {
        Id = "microwave-links",
        Title = "Microwave / mmWave point-to-point links (NYC Mesh)",
        Description = "Point-to-point radio links (5, 24 and 60 GHz sub-links) of the NYC Community Mesh Network from the OpenMesh sample dataset, Oct 2023 – Jul 2024. "
            + "A community network, not carrier backhaul; all links were live during the observation period, so status is operational. length_km is the great-circle length.",
        Keywords = ["microwave", "mmWave", "point-to-point", "NYC Mesh"],
        License = "CC-BY-4.0",
        LicenseUrl = "https://creativecommons.org/licenses/by/4.0/",
        Attribution = "OpenMesh dataset (Zenodo 10.5281/zenodo.15287692), NYC Mesh, CC BY 4.0",
        Source = "OpenMesh Sample Dataset v1.0 via GitHub gabrielawr/OpenMesh_pynncml, commit 689e78a0",
        SourceUrl = "https://doi.org/10.5281/zenodo.15287692",
        GeometryType = "LineString",
        Queryables =
        [
            Map.Status,
            Map.Country,
            Map.Q("operator", "string", "Network operator"),
            Map.Q("band", "string", "Frequency band"),
            Map.Q("frequency_mhz", "number", "Centre frequency in MHz"),
        ],
    };

    public void Build(ImportContext context, LayerIngest ingest)
    {
        var source = context.Read(File);
        Map.Features(source, ingest,
            f => Map.Clean(f.Id ?? f.GetString("id")) is { } id ? "mw-" + id : null,
            (f, id, geometry) =>
            {
                var (iso3, countryName) = context.CountryOf(geometry);
                return new OutputFeature(id, geometry, new Props
                {
                    ["operator"] = Map.Clean(f.GetString("network")) ?? "NYC Mesh",
                    ["status"] = StatusNormaliser.Operational,
                    ["frequency_mhz"] = f.GetDouble("frequency_mhz"),
                    ["band"] = Map.Clean(f.GetString("band")),
                    ["polarization"] = Map.Clean(f.GetString("polarization")),
                    ["length_km"] = PropertyRules.LengthKm(geometry),
                    ["country"] = iso3,
                    ["country_name"] = countryName,
                    ["link_id"] = f.GetInt64("cml_id"),
                    ["sublink_id"] = Map.Clean(f.GetString("sublink_id")),
                });
            });
    }
}
