using System.Text.Json;

namespace Maps.Formats.Ofds;

/// <summary>
/// An OFDS span's properties in the <c>fibre-links</c> shape. <c>status</c> is the OFDS code as given (the
/// publisher normalises it); <c>from</c> / <c>to</c> are the names of the start and end nodes (their ids in
/// <c>from_node_id</c> / <c>to_node_id</c>, the nodes' <c>source_id</c>), and <c>name</c> is "from – to" when
/// the span has none. <c>capacity</c> is in Gbit/s in OFDS and is the equipped capacity, so
/// <c>equipped_capacity_mbps</c> is it times 1000. <c>country</c> is set only for a span in one country.
/// </summary>
internal static class OfdsSpanProperties
{
    public static void Write(Utf8JsonWriter writer, JsonElement span, OfdsNetwork network)
    {
        var start = OfdsEndpoint.Read(OfdsJson.Member(span, "start"));
        var end = OfdsEndpoint.Read(OfdsJson.Member(span, "end"));
        string? from = start is null ? null : network.NodeName(start);
        string? to = end is null ? null : network.NodeName(end);
        var countries = OfdsJson.Texts(span, "countries");
        var media = OfdsJson.Texts(span, "transmissionMedium");

        writer.WriteString("name", OfdsJson.Text(span, "name") ?? (from is not null && to is not null ? $"{from} – {to}" : null));
        writer.WriteString("status", OfdsJson.Text(span, "status"));
        OfdsCommonProperties.WriteProviders(writer, span, network);
        writer.WriteString("supplier", network.OrganisationName(OfdsJson.Member(span, "supplier")));
        writer.WriteString("from", from);
        writer.WriteString("to", to);
        writer.WriteString("from_node_id", start?.Id);
        writer.WriteString("to_node_id", end?.Id);
        OfdsCommonProperties.WriteCountry(writer, countries.Count == 1 ? countries[0] : null);
        writer.WriteString("countries", OfdsJson.Join(countries));
        writer.WriteString("infrastructure", Infrastructure(media));
        writer.WriteString("transmission_medium", OfdsJson.Join(media));
        writer.WriteString("deployment", OfdsJson.Joined(span, "deployment"));
        OfdsCommonProperties.WriteBoolean(writer, "dark_fibre", OfdsJson.Boolean(span, "darkFibre"));
        writer.WriteString("fibre_type", OfdsJson.Text(span, "fibreType"));
        OfdsCommonProperties.WriteNumber(writer, "fibre_count", OfdsJson.Integer(span, "fibreCount"));
        OfdsCommonProperties.WriteNumber(writer, "fibre_length_km", OfdsJson.Number(span, "fibreLength"));
        writer.WriteString("technologies", OfdsJson.Joined(span, "technologies"));
        OfdsCommonProperties.WriteNumber(writer, "equipped_capacity_mbps",
            OfdsJson.Number(span, "capacity") is { } gbps ? Math.Round(gbps * 1000, 6) : null);
        writer.WriteString("capacity_details", OfdsJson.Text(OfdsJson.Member(span, "capacityDetails"), "description"));
        OfdsCommonProperties.WriteBoolean(writer, "directed", OfdsJson.Boolean(span, "directed"));
        writer.WriteString("ready_for_service_date", OfdsJson.Text(span, "readyForServiceDate"));
        OfdsCommonProperties.WriteSource(writer, network);
    }

    /// <summary>The <c>transmission-nodes</c> medium vocabulary: fibre when any medium is fibre.</summary>
    internal static string Infrastructure(IReadOnlyList<string> media) =>
        media.Count == 0 ? "unknown"
        : media.Contains("fibre") ? "fibre"
        : media.Contains("microwave") ? "microwave"
        : "other";
}
