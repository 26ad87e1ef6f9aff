namespace Maps.Import.Sources;

/// <summary>
/// Kenya Ministry of Education schools (2016) → <c>schools</c>. Id: <c>school-ken-&lt;objectid&gt;</c>
/// (objectid is unique; the school <c>code</c> is not: 3 codes repeat, so it is kept as a property only).
/// </summary>
internal sealed class KenyaSchools : ILayerSource
{
    public const string File = "kenya-schools/kenya_schools.geojson";

    public CollectionMetadata Metadata { get; } = new()
    {
        Id = "schools",
        Title = "Schools (Kenya, Ministry of Education 2016)",
        Description = "37,930 primary and secondary schools of Kenya from the Ministry of Education (2016), a sample for the nearest-backbone analysis; "
            + "planners post their own school lists. ownership is the source's public/private status.",
        Keywords = ["schools", "Kenya", "Giga"],
        License = "CC0-1.0",
        LicenseUrl = "https://creativecommons.org/publicdomain/zero/1.0/",
        Attribution = "Kenya Ministry of Education 2016, via World Bank Data Catalog (CC0)",
        Source = "Kenya Schools (MoE 2016) via GitHub anelda/schoolsKenya, commit 2f6c002e",
        SourceUrl = "https://github.com/anelda/schoolsKenya",
        GeometryType = "Point",
        Queryables =
        [
            Map.Country,
            Map.Q("level", "string", "School level", ["Primary", "Secondary"]),
            Map.Q("county", "string", "County"),
            Map.Q("ownership", "string", "Public or private", ["Public", "Private"]),
        ],
    };

    public void Build(ImportContext context, LayerIngest ingest)
    {
        var source = context.Read(File);
        Map.Features(source, ingest,
            f => f.GetInt64("objectid") is { } oid ? "school-ken-" + oid.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            (f, id, geometry) => new OutputFeature(id, geometry, new Props
            {
                ["name"] = Map.Clean(f.GetString("name")),
                ["code"] = Map.Clean(f.GetString("code")),
                ["level"] = Map.Clean(f.GetString("level")),
                ["ownership"] = Map.Clean(f.GetString("status")),
                ["county"] = Map.Clean(f.GetString("county")),
                ["sub_county"] = Map.Clean(f.GetString("sub_county")),
                ["country"] = "KEN",
                ["country_name"] = "Kenya",
            }));
    }
}
