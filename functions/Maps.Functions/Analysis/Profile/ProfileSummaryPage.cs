using Maps.Functions.Http;

namespace Maps.Functions.Analysis.Profile;

/// <summary>The profile's <c>summary=only</c> for a browser: the proximity bands per country as an HTML page.</summary>
public static class ProfileSummaryPage
{
    public static async Task WriteAsync(HttpContext context, ProfileSummary summary)
    {
        context.Response.ContentType = MediaTypes.Html + "; charset=utf-8";
        Html.HtmlResults.AddSecurityHeaders(context.Response);
        await context.Response.WriteAsync(Html.PageLayout.Page("School connectivity profile", Table(summary)), context.RequestAborted);
    }

    /// <summary>The summary as an HTML table, one row per country and a total, then the notes.</summary>
    private static string Table(ProfileSummary summary)
    {
        var html = new System.Text.StringBuilder("<p>Schools by distance to the nearest fibre (ITU proximity bands).</p><table><thead><tr><th>Country</th><th>Schools</th>");
        foreach (var band in ProximityBands.Names)
            html.Append("<th>").Append(Html.PageLayout.E(band)).Append("</th>");
        html.Append("<th>No fibre</th><th>Errors</th></tr></thead><tbody>");
        var total = new ProfileCounts();
        foreach (var (country, counts) in summary.ByCountry.Sorted)
        {
            Row(html, country, counts);
            total.Add(counts);
        }
        Row(html, "total", total);
        html.Append("</tbody></table>");
        if (summary.Notes.Count > 0)
            html.Append("<ul>").Append(string.Concat(summary.Notes.Select(n => "<li>" + Html.PageLayout.E(n) + "</li>"))).Append("</ul>");
        return html.ToString();
    }

    private static void Row(System.Text.StringBuilder html, string country, ProfileCounts counts)
    {
        html.Append("<tr><td>").Append(Html.PageLayout.E(country)).Append("</td><td>").Append(counts.Points.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Append("</td>");
        foreach (long n in counts.Bands)
            html.Append("<td>").Append(n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Append("</td>");
        html.Append("<td>").Append(counts.NoFibre.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Append("</td><td>")
            .Append(counts.Invalid.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Append("</td></tr>");
    }
}
