namespace Maps.Import.Sources;

/// <summary>
/// WATRA submarine cables and landing points (EPSG:3857 in the source, reprojected on read).
/// Cable ids are <c>cable-&lt;slug of name&gt;</c>, landing point ids <c>landing-&lt;slug of name&gt;</c>.
/// The source links a landing point to one cable only (<c>first_cable_name</c>), so cable ↔ landing point
/// links are that one link; <c>cables_count</c> keeps the source's full count.
/// </summary>
internal static class Submarine
{
    public const string CablesFile = Watra.Folder + "submarine_cables_epsg3857.geojson";
    public const string LandingPointsFile = Watra.Folder + "landing_points_epsg3857.geojson";

    /// <summary>Cables whose ready-for-service year is at most this are taken as operational, later ones as planned.</summary>
    public const int LastOperationalRfsYear = 2026;

    public static string CableId(string name) => "cable-" + Slug.Make(name);

    public static string LandingPointId(string name) => "landing-" + Slug.Make(name);

    public static string StatusFromRfs(long? rfsYear) => rfsYear switch
    {
        null => StatusNormaliser.Unknown,
        <= LastOperationalRfsYear => StatusNormaliser.Operational,
        _ => StatusNormaliser.Planned,
    };

    /// <summary>Landing points with their id, first cable name and country (point-in-polygon, nearest within 50 km).</summary>
    public static List<(string Id, string? FirstCable, string? Iso3)> LandingPoints(ImportContext context)
    {
        var points = new List<(string, string?, string?)>();
        foreach (var f in context.Read(LandingPointsFile).Features)
            if (Map.Clean(f.GetString("name")) is { } name && f.Geometry is not null && FeatureValidator.Check(name, f.Geometry) is null)
                points.Add((LandingPointId(name), Map.Clean(f.GetString("first_cable_name")), context.CountryOf(f.Geometry).Iso3));
        return points;
    }
}

/// <summary>WATRA submarine cables → <c>submarine-cables</c>.</summary>
internal sealed class SubmarineCables : ILayerSource
{
    public CollectionMetadata Metadata { get; } = new()
    {
        Id = "submarine-cables",
        Title = "Submarine cables serving West Africa (WATRA)",
        Description = "Submarine cable systems landing in or serving the WATRA countries, from ITU (reprojected from EPSG:3857). "
            + $"The source gives only the ready-for-service year, so status is 'operational' when rfs_year ≤ {Submarine.LastOperationalRfsYear} and 'planned' after. "
            + "length_km is computed on the sphere from the drawn route (split at ±180°); length_km_reported is the source's figure. "
            + "landing_point_ids and countries come from the landing points whose first listed cable is this one (the source lists one cable per landing point), "
            + "so they are incomplete for cables sharing landings. Owners are not in the source (null).",
        Keywords = [.. Watra.Keywords, "submarine cable"],
        License = Watra.License,
        LicenseUrl = Watra.LicenseUrl,
        Attribution = Watra.Attribution,
        Source = Watra.Source,
        SourceUrl = Watra.SourceUrl,
        GeometryType = "MultiLineString",
        DateProperty = "rfs_year",
        Queryables = [Map.Status, Map.Q("rfs_year", "integer", "Ready-for-service year"), Map.Q("name", "string", "Cable system name"),
            Map.Q("owners", "array", "Owners of the cable system (null: not in the source)", itemsType: "string")],
    };

    public void Build(ImportContext context, LayerIngest ingest)
    {
        var landing = Submarine.LandingPoints(context);
        var source = context.Read(Submarine.CablesFile);
        Map.Features(source, ingest,
            f => Map.Clean(f.GetString("name")) is { } name ? Submarine.CableId(name) : null,
            (f, id, geometry) =>
            {
                string name = Map.Clean(f.GetString("name"))!;
                var lands = landing.Where(l => l.FirstCable == name).ToList();
                long? rfs = f.GetInt64("year_service");
                return new OutputFeature(id, geometry, new Props
                {
                    ["name"] = name,
                    ["status"] = Submarine.StatusFromRfs(rfs),
                    ["rfs_year"] = rfs,
                    ["length_km"] = PropertyRules.LengthKm(geometry),
                    ["length_km_reported"] = f.GetDouble("length_km"),
                    ["capacity_tbps"] = f.GetDouble("capacity_Tbps"),
                    ["owners"] = null,
                    ["landing_point_ids"] = lands.Select(l => l.Id).Order(StringComparer.Ordinal).ToArray(),
                    ["countries"] = lands.Select(l => l.Iso3).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray(),
                });
            });
    }
}

/// <summary>WATRA cable landing points → <c>landing-points</c>.</summary>
internal sealed class LandingPoints : ILayerSource
{
    public CollectionMetadata Metadata { get; } = new()
    {
        Id = "landing-points",
        Title = "Submarine cable landing points (WATRA)",
        Description = "Landing stations of the submarine cables in the WATRA data, from ITU (reprojected from EPSG:3857). "
            + "country is found by point-in-polygon on the Natural Earth 50m boundaries, or the nearest country within 50 km for stations just offshore. "
            + "cable_ids links the one cable the source names per landing point; cables_count is the source's total.",
        Keywords = [.. Watra.Keywords, "submarine cable", "landing point"],
        License = Watra.License,
        LicenseUrl = Watra.LicenseUrl,
        Attribution = Watra.Attribution + "; country boundaries: Natural Earth (public domain)",
        Source = Watra.Source,
        SourceUrl = Watra.SourceUrl,
        GeometryType = "Point",
        Queryables = [Map.Country, Map.Q("cables_count", "integer", "Number of cables landing here (source count)")],
    };

    public void Build(ImportContext context, LayerIngest ingest)
    {
        var cableIds = context.Read(Submarine.CablesFile).Features
            .Select(f => Map.Clean(f.GetString("name"))).OfType<string>()
            .ToDictionary(n => n, Submarine.CableId, StringComparer.Ordinal);
        var source = context.Read(Submarine.LandingPointsFile);
        Map.Features(source, ingest,
            f => Map.Clean(f.GetString("name")) is { } name ? Submarine.LandingPointId(name) : null,
            (f, id, geometry) =>
            {
                var (iso3, countryName) = context.CountryOf(geometry);
                string? cable = Map.Clean(f.GetString("first_cable_name"));
                return new OutputFeature(id, geometry, new Props
                {
                    ["name"] = Map.Clean(f.GetString("name")),
                    ["country"] = iso3,
                    ["country_name"] = countryName,
                    ["cable_ids"] = cable is not null && cableIds.TryGetValue(cable, out var cableId) ? new[] { cableId } : Array.Empty<string>(),
                    ["cables_count"] = f.GetInt64("cables_count"),
                });
            });
    }
}
