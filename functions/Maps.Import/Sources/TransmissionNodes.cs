namespace Maps.Import.Sources;

/// <summary>
/// WATRA transmission nodes → <c>transmission-nodes</c>. Id: <c>node-&lt;node_id&gt;</c>.
/// Status comes from <c>node_status</c>, else from the status part of <c>type_infr</c>
/// ("Fibre Under Construction"); infrastructure from the first word of <c>type_infr</c>, else <c>infrastructure_type</c>.
/// </summary>
internal sealed class TransmissionNodes : ILayerSource
{
    public const string File = Watra.Folder + "transmission_nodes.geojson";

    public CollectionMetadata Metadata { get; } = new()
    {
        Id = "transmission-nodes",
        Title = "Transmission nodes (West Africa, WATRA)",
        Description = "Backbone transmission nodes (fibre and microwave points of presence) of the 16 WATRA countries, from ITU. "
            + "Status is the source node_status, or the status in its type_infr label when node_status is empty. "
            + "The source has no capacities, so equipped_capacity_mbps and potential_capacity_mbps are null.",
        Keywords = [.. Watra.Keywords, "nodes"],
        License = Watra.License,
        LicenseUrl = Watra.LicenseUrl,
        Attribution = Watra.Attribution,
        Source = Watra.Source,
        SourceUrl = Watra.SourceUrl,
        GeometryType = "Point",
        DateProperty = "data_year",
        Queryables =
        [
            Map.Status,
            Map.Country,
            Map.Q("operator", "string", "Operator name as given by the source"),
            Map.Q("infrastructure", "string", "Transmission medium", ["fibre", "microwave", "other", "unknown"]),
            Map.Q("data_year", "integer", "Year of the source map"),
            Map.Q("equipped_capacity_mbps", "number", "Equipped capacity in Mbit/s (null: not in the source)"),
            Map.Q("potential_capacity_mbps", "number", "Potential capacity in Mbit/s (null: not in the source)"),
        ],
    };

    public void Build(ImportContext context, LayerIngest ingest)
    {
        var source = context.Read(File);
        Map.Features(source, ingest,
            f => Map.Clean(f.GetString("node_id")) is { } id ? "node-" + id : null,
            (f, id, geometry) =>
            {
                var (iso3, countryName) = context.CountryOf(geometry, f.GetString("country"));
                string? typeInfr = Map.Clean(f.GetString("type_infr"));
                return new OutputFeature(id, geometry, new Props
                {
                    ["name"] = Map.Clean(f.GetString("name")),
                    ["operator"] = Map.Clean(f.GetString("operator_name")),
                    ["status"] = Status(Map.Clean(f.GetString("node_status")), typeInfr),
                    ["infrastructure"] = Infrastructure(typeInfr, Map.Clean(f.GetString("infrastructure_type"))),
                    ["equipped_capacity_mbps"] = f.GetDouble("equipped_capacity_mbps"),
                    ["potential_capacity_mbps"] = f.GetDouble("potential_capacity_mbps"),
                    ["country"] = iso3,
                    ["country_name"] = countryName,
                    ["data_source"] = Map.Clean(f.GetString("data_source")),
                    ["data_year"] = Map.Year(f.GetString("data_source_year")),
                    ["source_id"] = Map.Clean(f.GetString("node_id")),
                });
            });
    }

    internal static string Status(string? nodeStatus, string? typeInfr)
    {
        string status = StatusNormaliser.Normalise(nodeStatus);
        if (status != StatusNormaliser.Unknown || typeInfr is null)
            return status;
        int space = typeInfr.IndexOf(' ');
        return space < 0 ? StatusNormaliser.Unknown : StatusNormaliser.Normalise(typeInfr[(space + 1)..]);
    }

    internal static string Infrastructure(string? typeInfr, string? infrastructureType)
    {
        string? word = (typeInfr ?? infrastructureType)?.Split(' ')[0].ToLowerInvariant();
        return word switch
        {
            "fibre" or "fiber" => "fibre",
            "microwave" => "microwave",
            null => "unknown",
            _ => "other",
        };
    }
}
