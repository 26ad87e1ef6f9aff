namespace Maps.Import.Sources;

/// <summary>
/// Hand-written illustrative SMART (Science Monitoring And Reliable Telecommunications) cable segments
/// → <c>smart-cables</c>. No open data exists for SMART cable routes; the source file is a small sample in the
/// full schema so that real data can be loaded later without code changes. Ids are the source's Feature ids.
/// </summary>
internal sealed class SmartCables : ILayerSource
{
    public const string File = "smart-cables/smart_cables_illustrative.geojson";

    public CollectionMetadata Metadata { get; } = new()
    {
        Id = "smart-cables",
        Title = "SMART cables (illustrative sample)",
        Description = "ILLUSTRATIVE DATA, NOT REAL ROUTES. No open data on SMART (sensor-equipped) submarine cables exists, so this is a small hand-drawn sample "
            + "in the real schema: the planned Portuguese CAM ring (mainland – Azores – Madeira) and two Pacific segments. Routes, years and repeater spacings are "
            + "plausible guesses for demonstration only. Schema as submarine-cables plus sensors, repeater_spacing_km and sensing_status; every feature has illustrative: true.",
        Keywords = ["SMART cable", "submarine cable", "illustrative"],
        License = "CC0-1.0",
        LicenseUrl = "https://creativecommons.org/publicdomain/zero/1.0/",
        Attribution = "Illustrative sample written for this project (CC0); not real data",
        Source = "Hand-written sample, data/sources/smart-cables",
        GeometryType = "MultiLineString",
        DateProperty = "rfs_year",
        Illustrative = true,
        Queryables =
        [
            Map.Status,
            Map.Q("rfs_year", "integer", "Ready-for-service year"),
            Map.Q("sensing_status", "string", "Status of the sensing function", StatusNormaliser.All),
            Map.Q("length_km_reported", "number", "Length in km as the source gives it (null: not given)"),
            Map.Q("capacity_tbps", "number", "Capacity in Tbit/s (null: not given)"),
        ],
    };

    public void Build(ImportContext context, LayerIngest ingest)
    {
        var source = context.Read(File);
        Map.Features(source, ingest,
            f => Map.Clean(f.Id),
            (f, id, geometry) => new OutputFeature(id, geometry, new Props
            {
                ["name"] = Map.Clean(f.GetString("name")),
                ["status"] = StatusNormaliser.Normalise(f.GetString("status")),
                ["rfs_year"] = f.GetInt64("rfs_year"),
                ["length_km"] = PropertyRules.LengthKm(geometry),
                ["length_km_reported"] = f.GetDouble("length_km_reported"),
                ["capacity_tbps"] = f.GetDouble("capacity_tbps"),
                ["owners"] = f.Properties.TryGetProperty("owners", out var o) && o.ValueKind == System.Text.Json.JsonValueKind.Array ? f.GetStrings("owners") : null,
                ["landing_point_ids"] = Array.Empty<string>(),
                ["landing_point_names"] = f.GetStrings("landing_point_names"),
                ["countries"] = f.GetStrings("countries"),
                ["sensors"] = f.GetStrings("sensors"),
                ["repeater_spacing_km"] = f.GetDouble("repeater_spacing_km"),
                ["sensing_status"] = StatusNormaliser.Normalise(f.GetString("sensing_status")),
                ["illustrative"] = true,
            }));
    }
}
