using System.Text.Json;
using Maps.Core.Import;
using Maps.Core.Layers;
using NetTopologySuite.Geometries;

namespace Maps.Storage.Publishing;

/// <summary>
/// Fields a publish recomputes, as the import does: <c>length_km</c> of a line, and a <c>country</c> (with
/// its name) found by point-in-polygon. <see cref="Country"/> is given only for a feature whose own
/// <c>country</c> is missing or null (<see cref="PublishTarget"/> decides that once).
/// </summary>
public readonly record struct DerivedFields(double? LengthKm, string? Country, string? CountryName);

/// <summary>How a publish writes a feature it accepted.</summary>
public static class FeatureNormaliser
{
    /// <summary>
    /// The normalised feature: <c>{"type":"Feature","id":..,"geometry":..,"properties":{..}}</c>, geometry
    /// through <see cref="FeatureJson.WriteGeometry"/> with the coordinates as uploaded (no rounding:
    /// a steward's vertices are theirs, and CQL2's S_TOUCHES compares them exactly), properties as uploaded except
    /// <c>status</c>, which goes through <see cref="StatusNormaliser"/>, and <c>radio_type</c>, which becomes
    /// <see cref="RadioTypes"/>' value when it has one (and stays as uploaded otherwise), and a date-time
    /// without a zone, which becomes UTC (<see cref="TemporalText.ToUtc"/>).
    /// <paramref name="derived"/> replaces any <c>length_km</c> given and fills a missing or null <c>country</c> (and
    /// <c>country_name</c> when absent too), after the uploaded properties.
    /// For a cell site (<paramref name="cellSite"/>, already checked by <see cref="CellSiteRules.Reason"/>):
    /// <c>radio_type</c> is always the normalised value (from OpenCelliD's <c>radio</c> when the feature has
    /// no <c>radio_type</c>, added after the other properties), and <c>status</c> is
    /// <see cref="CellSiteRules.Status"/> (<c>operational</c> when missing, also added when absent).
    /// </summary>
    public static void WriteFeature(Utf8JsonWriter writer, string id, Geometry geometry, JsonElement properties, bool cellSite = false, DerivedFields derived = default)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WriteString("id", id);
        writer.WritePropertyName("geometry");
        FeatureJson.WriteGeometry(writer, geometry);
        writer.WritePropertyName("properties");
        writer.WriteStartObject();
        bool hasObject = properties.ValueKind == JsonValueKind.Object;
        string? radioType = cellSite
            ? CellSiteRules.RadioType(hasObject ? Radio(properties, "radio_type") : null, hasObject ? Radio(properties, "radio") : null)
            : null;
        bool wroteRadioType = false, wroteStatus = false, hasCountryName = false;
        if (hasObject)
        {
            foreach (var property in properties.EnumerateObject())
            {
                if (property.NameEquals("status"))
                {
                    string? status = Text(property.Value);
                    writer.WriteString("status", cellSite ? CellSiteRules.Status(status) : StatusNormaliser.Normalise(status));
                    wroteStatus = true;
                }
                else if (property.NameEquals("radio_type") && (cellSite || RadioTypes.Normalise(Radio(property.Value)) is not null))
                {
                    writer.WriteString("radio_type", cellSite ? radioType : RadioTypes.Normalise(Radio(property.Value)));
                    wroteRadioType = true;
                }
                else if ((property.NameEquals("length_km") && derived.LengthKm is not null) || (property.NameEquals("country") && derived.Country is not null))
                    continue; // written below, derived
                else if (property.Value.ValueKind == JsonValueKind.String && TemporalText.ToUtc(property.Value.GetString()!) is { } utc)
                    writer.WriteString(property.Name, utc);
                else
                {
                    hasCountryName |= property.NameEquals("country_name");
                    property.WriteTo(writer);
                }
            }
        }
        if (derived.LengthKm is { } km)
            writer.WriteNumber("length_km", km);
        if (derived.Country is not null)
        {
            writer.WriteString("country", derived.Country);
            if (!hasCountryName && derived.CountryName is not null)
                writer.WriteString("country_name", derived.CountryName);
        }
        if (cellSite && !wroteRadioType)
            writer.WriteString("radio_type", radioType);
        if (cellSite && !wroteStatus)
            writer.WriteString("status", StatusNormaliser.Operational);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>A property value as text: a string as is, null for null, anything else as its JSON.</summary>
    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };

    /// <summary>A radio technology as <see cref="SourceFeature.GetString"/> reads it (what <see cref="CellSiteRules.Reason"/> checked): a string, or a number's text.</summary>
    private static string? Radio(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    private static string? Radio(JsonElement properties, string name) => properties.TryGetProperty(name, out var value) ? Radio(value) : null;
}
