using System.Text;
using System.Text.Json;

namespace Maps.Functions.Jobs;

/// <summary>
/// What a chunk's answer has besides its rows, kept beside them so that the chunks' rows can be
/// joined into one answer: the CSV header line, or the GeoJSON text up to the features array and
/// the members after it (summaries, merged over chunks), or a whole JSON summary.
/// </summary>
public sealed record ChunkFrame(string Kind, string Head, string? Trailer, string? ContentType, string? Notes)
{
    public const string Csv = "csv", GeoJson = "geojson", Json = "json";
}

/// <summary>Splits one chunk's answer (as the analysis endpoint wrote it) into its frame and its rows.</summary>
public static class ChunkAnswer
{
    public static (ChunkFrame Frame, ReadOnlyMemory<byte> Rows) Split(ReadOnlyMemory<byte> answer, AnalysisAnswer about)
    {
        string media = about.ContentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
        var span = answer.Span;
        if (media == "text/csv")
        {
            int end = HeaderEnd(span);
            return (new ChunkFrame(ChunkFrame.Csv, Encoding.UTF8.GetString(span[..end]), null, about.ContentType, about.Notes), answer[end..]);
        }
        if (media == "application/geo+json")
        {
            var (start, stop) = FeaturesArray(span);
            int close = span.LastIndexOf((byte)'}');
            string trailer = Encoding.UTF8.GetString(span[(stop + 1)..close]).Trim();
            return (new ChunkFrame(ChunkFrame.GeoJson, Encoding.UTF8.GetString(span[..start]), trailer.Length == 0 ? null : trailer, about.ContentType, about.Notes),
                answer[start..stop]);
        }
        return (new ChunkFrame(ChunkFrame.Json, Encoding.UTF8.GetString(span), null, about.ContentType, about.Notes), ReadOnlyMemory<byte>.Empty);
    }

    /// <summary>
    /// Why the analysis stopped before the chunk's last row, as it says in the answer itself once it
    /// has started (a last CSV row whose error is a request body error, a GeoJSON <c>error</c>
    /// member); null for a whole answer. The split keeps chunks within the limits, so this is a safety net.
    /// </summary>
    public static string? CutShort(ChunkFrame frame, ReadOnlyMemory<byte> rows)
    {
        if (frame.Kind == ChunkFrame.GeoJson && frame.Trailer is { } trailer
            && System.Text.Json.Nodes.JsonNode.Parse("{" + trailer.TrimStart(',') + "}")?["error"] is { } error)
            return error.ToString();
        if (frame.Kind != ChunkFrame.Csv)
            return null;
        var span = rows.Span.TrimEnd("\r\n"u8);
        var last = span[(span.LastIndexOf((byte)'\n') + 1)..];
        int at = last.IndexOf(Encoding.UTF8.GetBytes(Analysis.CsvBatch.BodyErrorPrefix));
        return at < 0 ? null : Encoding.UTF8.GetString(last[at..]).TrimEnd('"');
    }

    /// <summary>The end of the first CSV record, after its line break; a quoted field may hold line breaks.</summary>
    public static int HeaderEnd(ReadOnlySpan<byte> csv)
    {
        bool quoted = false;
        for (int i = 0; i < csv.Length; i++)
        {
            if (csv[i] == (byte)'"')
                quoted = !quoted;
            else if (csv[i] == (byte)'\n' && !quoted)
                return i + 1;
        }
        return csv.Length;
    }

    /// <summary>Just after the top-level <c>features</c> array's <c>[</c>, and at its <c>]</c>.</summary>
    private static (int Start, int Stop) FeaturesArray(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool features = reader.ValueTextEquals("features"u8);
            reader.Read();
            if (features && reader.TokenType == JsonTokenType.StartArray)
            {
                int start = (int)reader.TokenStartIndex + 1;
                reader.Skip();
                return (start, (int)reader.TokenStartIndex);
            }
            reader.Skip();
        }
        throw new InvalidDataException("The chunk's GeoJSON answer has no features array.");
    }
}
