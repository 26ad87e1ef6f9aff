using System.Globalization;
using System.Text;
using Maps.Core.Analysis;
using Maps.Core.Layers;
using Maps.Functions.Countries;
using Maps.Functions.Tiles;
using static Maps.Functions.Html.PageLayout;

namespace Maps.Functions.Html;

/// <summary>The countries as HTML: the sortable list, and one country's figures with their sources beside a map of its backbone from the tiles.</summary>
public static class CountryPages
{
    public static string List(IReadOnlyList<CountryProfile> rows, IReadOnlyList<(string Column, Func<CountryProfile, double> Value)> columns, string root)
    {
        var body = new StringBuilder($"<p class=\"lead\">What each country has, from the layers loaded now. {E(CountriesApi.Counting)} ")
            .Append("Sort by a column's heading.</p><table><thead><tr>")
            .Append($"<th><a href=\"{E(root)}/countries?f=html&amp;sortby=name\">Country</a></th>");
        foreach (var (column, _) in columns)
            body.Append($"<th><a href=\"{E(root)}/countries?f=html&amp;sortby=-{E(column)}\">{E(column.Replace('_', ' '))}</a></th>");
        body.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            body.Append($"<tr><td><a href=\"{E(root)}/countries/{E(row.Iso3)}?f=html\">{E(row.Name)}</a> <span class=\"muted\">{E(row.Iso3)}</span></td>");
            foreach (var (_, value) in columns)
                body.Append($"<td>{Format(value(row))}</td>");
            body.Append("</tr>");
        }
        body.Append("</tbody></table>");
        return Page("Countries", body.ToString(), $"{root}/countries");
    }

    public static string Country(CountryProfile profile, LayerSet layers, string root)
    {
        var body = new StringBuilder($"<p class=\"lead\">{E(CountriesApi.Counting)}</p>");
        var fibre = layers.Layers.FirstOrDefault(l => CountryStatistics.Role(l.Id) == "fibre");
        bool map = fibre is not null && profile.Bounds is not null;
        if (map)
            body.Append("<div class=\"split\"><div>");
        foreach (var (section, figures) in profile.Sections)
        {
            body.Append($"<h2>{E(Title(section))}</h2><table><thead><tr><th>Figure</th><th>Value</th><th>From</th></tr></thead><tbody>");
            foreach (var figure in figures)
                body.Append($"<tr><td>{E(figure.Name)}</td><td>{Format(figure.Value)}</td><td class=\"muted\">{E(string.Join(", ", figure.Sources))}</td></tr>");
            body.Append("</tbody></table>");
        }
        if (profile.LandingCables.Count > 0)
            body.Append("<h2>Submarine cables landing here</h2><ul class=\"links\">").AppendJoin("", profile.LandingCables.Select(c => $"<li>{E(c)}</li>")).Append("</ul>");
        body.Append("<h2>The features</h2><ul class=\"links\">");
        foreach (var layer in layers.Layers.Where(l => CountryStatistics.Role(l.Id) is not null and not "submarine-cables"))
            body.Append($"<li><a href=\"{E(root)}/collections/{E(layer.Id)}/items?country={E(profile.Iso3)}&amp;f=html\">{E(layer.Metadata.Title)}</a></li>");
        body.Append("</ul>");
        if (map)
        {
            var box = profile.Bounds!;
            var schools = profile.Sections.Where(s => s.Section.StartsWith("schools: ", StringComparison.Ordinal))
                .Select(s => layers.Find(s.Section["schools: ".Length..])).OfType<Layer>().ToArray();
            body.Append("</div>").Append(Map(fibre!, $"Map of the backbone and schools of {profile.Name}", tileJson: TilesApi.TileJsonUrl(Hosting.ApiRoutes.Prefix, fibre!.Id),
                bounds: (box.MinX, box.MinY, box.MaxX, box.MaxY), also: schools)).Append("</div>");
        }
        return Page($"{profile.Name} ({profile.Iso3})", body.ToString(), $"{root}/countries/{profile.Iso3}", map: map);
    }

    private static string Title(string section) => section switch
    {
        "fibre" => "Fibre",
        "nodes" => "Transmission nodes",
        "microwave" => "Microwave",
        "exchange" => "Internet exchange points",
        "submarine" => "Submarine cables",
        "satellite" => "Satellite",
        "cell sites" => "Cell sites by generation",
        "population" => "People within reach of fibre",
        _ when section.StartsWith("schools: ", StringComparison.Ordinal) => $"Schools ({section[9..]}) within reach of fibre",
        _ => section,
    };

    private static string Format(double value) =>
        value == Math.Floor(value) ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("N1", CultureInfo.InvariantCulture);
}
