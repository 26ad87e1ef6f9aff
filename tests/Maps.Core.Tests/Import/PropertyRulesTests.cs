using System.Buffers;
using System.Text;
using System.Text.Json;
using Maps.Core.Import;
using Maps.Core.Layers;
using NetTopologySuite.Geometries;

namespace Maps.Core.Tests.Import;

/// <summary>The property rules of the one ingest path on their own (the cell sites' and every layer's), no storage.</summary>
public sealed class PropertyRulesTests
{
    private static string Write(string properties, bool cellSite)
    {
        using var document = JsonDocument.Parse(properties);
        var given = PropertyValue.ListFromJson(document.RootElement);
        var applied = PropertyRules.Apply(given, new Point(1.123456789, 2), new IngestRules(cellSite ? "cell-sites" : "nodes") { DeriveFields = true });
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, FeatureJson.Options))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in applied)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Theory]
    [InlineData("""{"t":"2022-04-16T10:13:19","u":"2022-04-16T10:13:19+02:00","d":"2022-04-16","s":"2022-04-16T10:13"}""",
        """{"t":"2022-04-16T10:13:19Z","u":"2022-04-16T10:13:19+02:00","d":"2022-04-16","s":"2022-04-16T10:13"}""")]
    [InlineData("""{"t":"2022-04-16T10:13:19.250","n":"2022-02-30T10:13:19"}""", """{"t":"2022-04-16T10:13:19.250Z","n":"2022-02-30T10:13:19"}""")]
    public void A_date_time_without_a_zone_becomes_UTC_and_anything_else_is_kept(string properties, string expected)
    {
        Assert.Equal(expected, Write(properties, cellSite: false));
    }

    [Theory]
    [InlineData("""{"radio_type":"lte"}""", """{"radio_type":"4G","status":"operational"}""")]
    [InlineData("""{"radio":"UMTS","status":"In Service"}""", """{"radio":"UMTS","status":"operational","radio_type":"3G"}""")]
    [InlineData("""{"status":"","radio_type":"5G NR"}""", """{"status":"operational","radio_type":"5G"}""")]
    [InlineData("""{"radio_type":"2g","status":"decommissioned"}""", """{"radio_type":"2G","status":"unknown"}""")]
    public void A_cell_site_gets_the_ITU_radio_type_and_a_status(string properties, string expected)
    {
        Assert.Equal(expected, Write(properties, cellSite: true));
    }

    [Theory]
    [InlineData("""{"radio_type":"lte"}""", """{"radio_type":"4G"}""")]
    [InlineData("""{"radio_type":"WiMAX","radio":"x"}""", """{"radio_type":"WiMAX","radio":"x"}""")]
    [InlineData("""{"status":""}""", """{"status":"unknown"}""")]
    public void Another_feature_keeps_its_properties_with_status_and_a_known_radio_type_normalised(string properties, string expected)
    {
        Assert.Equal(expected, Write(properties, cellSite: false));
    }
}
