using System.Text.Json;
using Maps.Core.Import;

namespace Maps.Formats.Ofds;

/// <summary>The properties nodes and spans share: who provides them, their phase, network and country.</summary>
internal static class OfdsCommonProperties
{
    /// <summary>
    /// <c>operator</c> (the network providers' names, "; "-joined; <c>networkProviders</c>, or 0.1's
    /// <c>networkProvider</c>), <c>physical_infrastructure_provider</c>, <c>phase</c>, <c>network_id</c>,
    /// <c>network_name</c>, <c>source_id</c>.
    /// </summary>
    public static void WriteProviders(Utf8JsonWriter writer, JsonElement item, OfdsNetwork network)
    {
        writer.WriteString("operator", Operators(item, network));
        writer.WriteString("physical_infrastructure_provider", network.OrganisationName(OfdsJson.Member(item, "physicalInfrastructureProvider")));
        writer.WriteString("phase", network.PhaseName(OfdsJson.Member(item, "phase")));
        writer.WriteString("network_id", network.Id);
        writer.WriteString("network_name", network.Name);
        writer.WriteString("source_id", OfdsJson.Text(item, "id"));
    }

    /// <summary><c>country</c> (ISO alpha-3, null when not in the import's table: the publisher locates it) and <c>country_name</c>.</summary>
    public static void WriteCountry(Utf8JsonWriter writer, string? iso2)
    {
        string? iso3 = CountryCodes.FromIso2(iso2);
        writer.WriteString("country", iso3);
        writer.WriteString("country_name", CountryCodes.NameOf(iso3));
    }

    /// <summary><c>data_source</c> (the network's publisher) and <c>data_year</c> (year of its collection, else publication, date).</summary>
    public static void WriteSource(Utf8JsonWriter writer, OfdsNetwork network)
    {
        writer.WriteString("data_source", network.Publisher);
        if (network.DataYear is { } year)
            writer.WriteNumber("data_year", year);
        else
            writer.WriteNull("data_year");
    }

    public static void WriteNumber(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v)
            writer.WriteNumber(name, v);
        else
            writer.WriteNull(name);
    }

    public static void WriteBoolean(Utf8JsonWriter writer, string name, bool? value)
    {
        if (value is { } v)
            writer.WriteBoolean(name, v);
        else
            writer.WriteNull(name);
    }

    private static string? Operators(JsonElement item, OfdsNetwork network)
    {
        var providers = OfdsJson.Member(item, "networkProviders");
        if (providers.ValueKind == JsonValueKind.Undefined)
            providers = OfdsJson.Member(item, "networkProvider");
        if (providers.ValueKind != JsonValueKind.Array)
            return network.OrganisationName(providers);
        var names = new List<string>();
        foreach (var provider in providers.EnumerateArray())
            if (network.OrganisationName(provider) is { } name && !names.Contains(name))
                names.Add(name);
        return OfdsJson.Join(names);
    }
}
