using System.Text.Json;
using Maps.Functions.Http;

namespace Maps.Functions.Analysis.Profile;

/// <summary>
/// Per-country counts of a profile: rows answered, rows in each ITU proximity band of the distance
/// to fibre, rows with no fibre to measure, rows with an error. The country is the row's country
/// column (<see cref="CsvBatch.CountryNames"/>) or <c>properties.country</c>; "unknown" otherwise.
/// </summary>
public sealed class ProfileSummary
{
    private readonly CountryCounts<Counts> _byCountry = new();

    public void Add(string? country, int? band)
    {
        var counts = _byCountry.For(country);
        counts.Points++;
        if (band is int b)
            counts.Bands[b]++;
        else
            counts.NoFibre++;
    }

    public void AddInvalid(string? country) => _byCountry.For(country).Invalid++;

    /// <summary>The summary as an HTML table, one row per country and a total, then the notes.</summary>
    public string ToHtml(IReadOnlyList<string> notes)
    {
        var html = new System.Text.StringBuilder("<p>Schools by distance to the nearest fibre (ITU proximity bands).</p><table><thead><tr><th>Country</th><th>Schools</th>");
        foreach (var band in ProximityBands.Names)
            html.Append("<th>").Append(Html.PageLayout.E(band)).Append("</th>");
        html.Append("<th>No fibre</th><th>Errors</th></tr></thead><tbody>");
        var total = new Counts();
        foreach (var (country, counts) in _byCountry.Sorted)
        {
            Row(html, country, counts);
            total.Add(counts);
        }
        Row(html, "total", total);
        html.Append("</tbody></table>");
        if (notes.Count > 0)
            html.Append("<ul>").Append(string.Concat(notes.Select(n => "<li>" + Html.PageLayout.E(n) + "</li>"))).Append("</ul>");
        return html.ToString();
    }

    private static void Row(System.Text.StringBuilder html, string country, Counts counts)
    {
        html.Append("<tr><td>").Append(Html.PageLayout.E(country)).Append("</td><td>").Append(counts.Points.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Append("</td>");
        foreach (long n in counts.Bands)
            html.Append("<td>").Append(n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Append("</td>");
        html.Append("<td>").Append(counts.NoFibre.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Append("</td><td>")
            .Append(counts.Invalid.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Append("</td></tr>");
    }

    public void WriteTo(Utf8JsonWriter writer, IReadOnlyList<string> notes)
    {
        writer.WriteStartObject();
        var total = new Counts();
        writer.WriteStartArray("countries");
        foreach (var (country, counts) in _byCountry.Sorted)
        {
            Write(writer, country, counts);
            total.Add(counts);
        }
        writer.WriteEndArray();
        writer.WritePropertyName("total");
        Write(writer, "total", total);
        NearestApi.WriteStrings(writer, "notes", notes);
        writer.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter writer, string country, Counts counts)
    {
        writer.WriteStartObject();
        writer.WriteString("country", country);
        writer.WriteNumber("points", counts.Points);
        writer.WriteStartObject("proximity");
        for (int b = 0; b < ProximityBands.Names.Length; b++)
            writer.WriteNumber(ProximityBands.Names[b], counts.Bands[b]);
        writer.WriteEndObject();
        writer.WriteNumber("no_fibre", counts.NoFibre);
        writer.WriteNumber("invalid", counts.Invalid);
        writer.WriteEndObject();
    }

    private sealed class Counts
    {
        public long Points, NoFibre, Invalid;
        public readonly long[] Bands = new long[ProximityBands.Names.Length];

        public void Add(Counts other)
        {
            Points += other.Points;
            NoFibre += other.NoFibre;
            Invalid += other.Invalid;
            for (int b = 0; b < Bands.Length; b++)
                Bands[b] += other.Bands[b];
        }
    }
}

/// <summary>The answer of <c>summary=only</c>: the query and the summary as JSON, or the summary as an HTML page for a browser.</summary>
public static class ProfileSummaryWriter
{
    public static async Task WriteAsync(HttpContext context, ProfileAnalysis analysis)
    {
        if (analysis.SummaryFormat == OutputFormat.Html)
        {
            context.Response.ContentType = MediaTypes.Html + "; charset=utf-8";
            Html.HtmlResults.AddSecurityHeaders(context.Response);
            await context.Response.WriteAsync(Html.PageLayout.Page("School connectivity profile", analysis.Summary.ToHtml(analysis.Notes)), context.RequestAborted);
            return;
        }
        context.Response.ContentType = MediaTypes.Json;
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, JsonDefaults.Writer);
        writer.WriteStartObject();
        writer.WriteStartObject("query");
        analysis.WriteQuery(writer);
        writer.WriteEndObject();
        writer.WritePropertyName("summary");
        analysis.Summary.WriteTo(writer, analysis.Notes);
        writer.WriteEndObject();
    }
}
