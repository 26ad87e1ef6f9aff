using System.Text.Json.Nodes;

namespace Maps.Functions.Extracts;

/// <summary>
/// The W3C CSV on the Web (CSVW) metadata document that describes a CSV extract: which URL it
/// describes, its licence, attribution, source and version (Dublin Core terms), and its table
/// schema (column names and datatypes, <c>id</c> as primary key). Served at
/// <c>/api/extracts/{collectionId}.csv-metadata.json</c> (the CSVW default location) and linked
/// from every CSV response with <c>Link: &lt;…&gt;; rel="describedby"</c>.
/// </summary>
public static class CsvwMetadata
{
    public const string MediaType = "application/csvm+json";
    public const string Suffix = ".csv-metadata";

    public static JsonObject For(Extract extract, string csvUrl)
    {
        var metadata = extract.Metadata;
        var columns = new JsonArray { Column("id", "string", "Feature id (stable across versions).", required: true) };
        foreach (var column in extract.Columns)
            columns.Add(Column(column.Name, Datatype(column.Kind), null));
        if (extract.Schema.IsPoint)
        {
            columns.Add(Column("lon", "double", "Longitude, degrees east (CRS84)."));
            columns.Add(Column("lat", "double", "Latitude, degrees north (CRS84)."));
        }
        columns.Add(Column("wkt", "string", "Geometry as OGC Well-Known Text, lon/lat (CRS84)."));

        var document = new JsonObject
        {
            ["@context"] = "http://www.w3.org/ns/csvw",
            ["url"] = csvUrl,
            ["dc:title"] = metadata.Title,
            ["dc:description"] = metadata.Description,
            ["dc:license"] = metadata.LicenseUrl is null ? metadata.License : new JsonObject { ["@id"] = metadata.LicenseUrl },
            ["dc:rights"] = $"{metadata.License}. Attribution: {metadata.Attribution}",
            ["dc:source"] = metadata.SourceUrl is null ? metadata.Source : new JsonObject { ["@id"] = metadata.SourceUrl },
            ["dc:hasVersion"] = extract.Layer.Version,
            ["dc:creator"] = Extract.GeneratedBy,
            ["dialect"] = new JsonObject { ["header"] = true, ["lineTerminators"] = new JsonArray("\r\n") },
            ["tableSchema"] = new JsonObject { ["columns"] = columns, ["primaryKey"] = "id", ["aboutUrl"] = "#{id}" },
        };
        if (extract.Query.Length > 0)
            document["maps:query"] = extract.Query;
        if (metadata.Illustrative)
            document["maps:illustrative"] = true;
        return document;
    }

    private static JsonObject Column(string name, string datatype, string? description, bool required = false)
    {
        var column = new JsonObject { ["name"] = name, ["titles"] = name, ["datatype"] = datatype };
        if (description is not null)
            column["dc:description"] = description;
        if (required)
            column["required"] = true;
        return column;
    }

    // Text columns may hold ';'-joined arrays; they are strings to CSVW.
    private static string Datatype(ColumnKind kind) => kind switch
    {
        ColumnKind.Integer => "integer",
        ColumnKind.Real => "double",
        ColumnKind.Boolean => "boolean",
        _ => "string",
    };
}
