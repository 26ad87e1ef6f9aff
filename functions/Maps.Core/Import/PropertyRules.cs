using System.Globalization;
using Maps.Core.Geodesy;
using Maps.Core.Layers;
using NetTopologySuite.Geometries;

namespace Maps.Core.Import;

/// <summary>
/// The rules every written feature's properties go through, import and publish alike (<see cref="LayerIngest"/>),
/// applied to the properties a source mapper or an upload gives, in their order:
/// <list type="bullet">
/// <item><c>status</c> through <see cref="StatusNormaliser"/>; for a cell site <see cref="CellSiteRules.Status"/>
/// (<c>operational</c> when missing, added after the others when absent).</item>
/// <item><c>radio_type</c> becomes <see cref="RadioTypes"/>' value when it has one (and stays as given otherwise); a
/// cell site's is always the normalised value, from OpenCelliD's <c>radio</c> when it has no <c>radio_type</c>
/// (added after the others).</item>
/// <item>A date-time without a zone becomes UTC (<see cref="TemporalText.ToUtc"/>).</item>
/// <item>When the layer derives them (<see cref="IngestRules.DeriveFields"/>): a line's <c>length_km</c>
/// (<see cref="LengthKm"/>) replaces any given, in its place or after the others; and a missing or null
/// <c>country</c> is located (<see cref="CountryLocator.CountryOf"/>), with <c>country_name</c> when absent too, unless
/// the feature names its <c>countries</c> (a cable between several has no one country).</item>
/// </list>
/// </summary>
public static class PropertyRules
{
    /// <summary>A line's length in km on the sphere, to the metre: the one <c>length_km</c> of every layer.</summary>
    public static double LengthKm(Geometry geometry) => Math.Round(Sphere.LengthKm(geometry), 3, MidpointRounding.AwayFromZero);

    /// <summary>The report's name for a date-time read as UTC.</summary>
    public const string UtcFix = "date-times without a zone read as UTC";

    /// <summary>The properties as the layer writes them; what was fixed is counted in <paramref name="report"/> when given.</summary>
    public static List<KeyValuePair<string, PropertyValue>> Apply(IReadOnlyList<KeyValuePair<string, PropertyValue>> given, Geometry geometry, IngestRules rules, LayerReport? report = null)
    {
        bool cellSite = rules.CellSites;
        double? lengthKm = rules.DeriveFields && geometry is LineString or MultiLineString ? LengthKm(geometry) : null;
        string? radioType = cellSite ? CellSiteRules.RadioType(Radio(given, "radio_type"), Radio(given, "radio")) : null;
        var result = new List<KeyValuePair<string, PropertyValue>>(given.Count + 3);
        bool wroteRadioType = false, wroteStatus = false, wroteLength = false, hasCountryName = false, hasCountry = false;
        foreach (var (name, value) in given)
        {
            switch (name)
            {
                case "status":
                    string? status = TextOf(value);
                    result.Add(new(name, PropertyValue.Of(cellSite ? CellSiteRules.Status(status) : StatusNormaliser.Normalise(status))));
                    wroteStatus = true;
                    break;
                case "radio_type" when cellSite || RadioTypes.Normalise(Radio(value)) is not null:
                    result.Add(new(name, cellSite ? Text(radioType) : PropertyValue.Of(RadioTypes.Normalise(Radio(value))!)));
                    wroteRadioType = true;
                    break;
                case "length_km" when lengthKm is { } km:
                    result.Add(new(name, PropertyValue.Of(km)));
                    wroteLength = true;
                    break;
                default:
                    hasCountryName |= name == "country_name";
                    hasCountry |= name is "country" or "countries" && !value.IsNull;
                    if (value.AsString is { } text && TemporalText.ToUtc(text) is { } utc)
                    {
                        result.Add(new(name, PropertyValue.Of(utc)));
                        report?.Fix(UtcFix);
                    }
                    else
                        result.Add(new(name, value));
                    break;
            }
        }
        if (lengthKm is { } length && !wroteLength)
            result.Add(new("length_km", PropertyValue.Of(length)));
        if (rules.DeriveFields && !hasCountry && rules.Countries?.CountryOf(geometry) is ({ } iso3, var countryName))
        {
            int at = result.FindIndex(p => p.Key == "country");
            if (at >= 0)
                result[at] = new("country", PropertyValue.Of(iso3));
            else
                result.Add(new("country", PropertyValue.Of(iso3)));
            if (!hasCountryName && countryName is not null)
                result.Add(new("country_name", PropertyValue.Of(countryName)));
        }
        if (cellSite && !wroteRadioType)
            result.Add(new("radio_type", Text(radioType)));
        if (cellSite && !wroteStatus)
            result.Add(new("status", PropertyValue.Of(StatusNormaliser.Operational)));
        return result;
    }

    private static PropertyValue Text(string? text) => text is null ? PropertyValue.Null : PropertyValue.Of(text);

    /// <summary>A value as text: a string as is, null for null, anything else as its JSON.</summary>
    public static string? TextOf(in PropertyValue value) => value.Kind switch
    {
        PropertyKind.Null => null,
        PropertyKind.String or PropertyKind.Json => value.Text,
        PropertyKind.Boolean => value.Boolean ? "true" : "false",
        PropertyKind.Integer => value.Integer.ToString(CultureInfo.InvariantCulture),
        _ => value.Number.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>A radio technology as a source gives it: a string, or a number's text.</summary>
    private static string? Radio(in PropertyValue value) => value.Kind switch
    {
        PropertyKind.String => value.Text,
        PropertyKind.Integer or PropertyKind.Number => TextOf(value),
        _ => null,
    };

    private static string? Radio(IReadOnlyList<KeyValuePair<string, PropertyValue>> properties, string name)
    {
        foreach (var (key, value) in properties)
            if (key == name)
                return Radio(value);
        return null;
    }
}
