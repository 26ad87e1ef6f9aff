using System.Text.Json;

namespace Maps.Formats.Ofds;

/// <summary>
/// An OFDS node's properties in the <c>transmission-nodes</c> shape. <c>status</c> is the OFDS code as
/// given (the publisher normalises it); <c>infrastructure</c> is <c>fibre</c>, since OFDS describes fibre
/// networks; OFDS 0.x gives nodes no capacity, so both capacities are null. Codes of the standard's
/// codelists are kept as given, lists "; "-joined.
/// </summary>
internal static class OfdsNodeProperties
{
    public static void Write(Utf8JsonWriter writer, JsonElement node, OfdsNetwork network)
    {
        var address = OfdsJson.Member(node, "address");
        writer.WriteString("name", OfdsJson.Text(node, "name"));
        writer.WriteString("status", OfdsJson.Text(node, "status"));
        OfdsCommonProperties.WriteProviders(writer, node, network);
        OfdsCommonProperties.WriteCountry(writer, OfdsJson.Text(address, "country"));
        writer.WriteString("infrastructure", "fibre");
        writer.WriteString("node_type", OfdsJson.Joined(node, "type"));
        OfdsCommonProperties.WriteBoolean(writer, "access_point", OfdsJson.Boolean(node, "accessPoint"));
        OfdsCommonProperties.WriteBoolean(writer, "power", OfdsJson.Boolean(node, "power"));
        writer.WriteString("technologies", OfdsJson.Joined(node, "technologies"));
        writer.WriteString("international_connections", InternationalConnections(node));
        writer.WriteString("locality", OfdsJson.Text(address, "locality"));
        writer.WriteString("region", OfdsJson.Text(address, "region"));
        writer.WriteNull("equipped_capacity_mbps");
        writer.WriteNull("potential_capacity_mbps");
        OfdsCommonProperties.WriteSource(writer, network);
    }

    /// <summary>The ISO alpha-2 countries the node connects to, "; "-joined.</summary>
    private static string? InternationalConnections(JsonElement node)
    {
        var connections = OfdsJson.Member(node, "internationalConnections");
        if (connections.ValueKind != JsonValueKind.Array)
            return null;
        var countries = new List<string>();
        foreach (var connection in connections.EnumerateArray())
            if (OfdsJson.Text(connection, "country") is { } country && !countries.Contains(country))
                countries.Add(country);
        return OfdsJson.Join(countries);
    }
}
