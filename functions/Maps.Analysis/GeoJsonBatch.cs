using System.Text.Json;

namespace Maps.Analysis;

/// <summary>
/// A streamed GeoJSON batch (nearest, gaps and profile on a FeatureCollection of Points): features are
/// read one at a time (<see cref="GeoJsonBody"/>), answered a chunk at a time and written
/// with their original members in order, the <c>properties</c> extended with
/// <see cref="IBatchAnswer.AddedColumns"/> (replacing properties of the same name). The answer is a
/// FeatureCollection with a <c>query</c> member, and the analysis' summary members after the features. Output starts with the
/// first answered chunk; a malformed body found before that is thrown (<see cref="MalformedBodyException"/>: a 400 over HTTP). Found after it, the features
/// read so far are answered, the array is closed and a top-level <c>"error"</c> member says what
/// was wrong (the status stays 200; clients must check for <c>error</c>).
/// </summary>
public sealed class GeoJsonBatch
{
    /// <summary>The media type of a GeoJSON answer.</summary>
    public const string ContentType = "application/geo+json";

    private readonly BatchSink _sink;
    private readonly IBatchAnswer _analysis;
    private readonly BatchSettings _settings;
    private readonly bool _summaryOnly;
    // The chunk being read, and the answered one being written beside it (ChunkWriting).
    private List<PendingFeature> _reading = [], _written = [];
    private readonly ChunkWriting _writing;
    private Utf8JsonWriter? _writer;

    private GeoJsonBatch(BatchSink sink, IBatchAnswer analysis, BatchSettings settings, bool summaryOnly)
    {
        _sink = sink;
        _analysis = analysis;
        _settings = settings;
        _summaryOnly = summaryOnly;
        _writing = new ChunkWriting(settings.Timings);
    }

    internal static async Task<BatchOutcome> RunAsync(BatchInput input, IBatchAnswer analysis, BatchSink sink, BatchSettings settings, CancellationToken cancellationToken)
    {
        var batch = new GeoJsonBatch(sink, analysis, settings, input.SummaryOnly) { _added = [.. analysis.AddedColumns] };
        try
        {
            return new BatchOutcome((byte)',', await batch.RunAsync(input.Body, cancellationToken));
        }
        finally
        {
            await batch._writing.DrainAsync();
            foreach (var pending in batch._reading.Concat(batch._written))
                pending.Document.Dispose();
            if (batch._writer is not null)
                await batch._writer.DisposeAsync();
        }
    }

    private bool Started => _writer is not null;

    private async Task<string?> RunAsync(Stream body, CancellationToken cancellationToken)
    {
        using var reader = GeoJsonBody.Open(body);
        string? failure = null;
        try
        {
            long rows = 0;
            while (await reader.ReadDocumentAsync(cancellationToken) is { } feature)
            {
                if (++rows > _settings.MaxRows)
                {
                    feature.Dispose();
                    throw BatchLimitException.TooManyRows(_settings.MaxRows);
                }
                Queue(feature);
                if (_reading.Count >= _settings.ChunkRows)
                    await AnswerChunkAsync(cancellationToken);
            }
        }
        catch (Exception e) when (Started && (e is MalformedBodyException || _settings.CutsInput(e)))
        {
            failure = e.Message;
        }
        await AnswerChunkAsync(cancellationToken);
        await _writing.WaitAsync();
        if (_summaryOnly)
            return failure;
        var writer = Start();
        writer.Flush();
        _sink.Begin(BatchPart.Close);
        writer.WriteEndArray();
        if (_analysis.Summary is { } summary)
        {
            writer.Flush();
            _sink.Begin(BatchPart.Summary);
            summary.WriteMembers(writer);
        }
        writer.Flush();
        _sink.Begin(BatchPart.End);
        if (failure is not null)
            writer.WriteString("error", failure + " The rest of the body was not read.");
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
        await _sink.FlushAsync(cancellationToken);
        return failure;
    }

    private void Queue(JsonDocument document)
    {
        var root = document.RootElement;
        var (lon, lat, error, country) = ReadPoint(root);
        bool echo = Echoable(root);
        if (!echo)
            error = "a string of the feature is not valid text (a lone UTF-16 surrogate escape); the feature is not echoed";
        int slot = error is null ? _analysis.Add(lon, lat) : -1;
        _reading.Add(new PendingFeature(document, slot, error, echo ? country : null, echo));
    }

    /// <summary>The feature's Point position, or the row error that says why it has none; and its <c>properties.country</c>.</summary>
    public static (double Lon, double Lat, string? Error, string? Country) ReadPoint(JsonElement root)
    {
        string? error = null;
        string? country = null;
        double lon = 0, lat = 0;
        try
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || !type.ValueEquals("Feature"))
                return (0, 0, "not a GeoJSON Feature", null);
            if (root.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
                && properties.TryGetProperty("country", out var countryValue) && countryValue.ValueKind == JsonValueKind.String)
                country = StringOrNull(countryValue);
            if (!root.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
                error = "missing geometry";
            else if (!geometry.TryGetProperty("type", out var geometryType) || geometryType.ValueKind != JsonValueKind.String || !geometryType.ValueEquals("Point"))
                error = $"geometry is {(StringOrNull(geometryType) is string kind ? "a " + kind : "of no type")}, not a Point";
            else if (!geometry.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array)
                error = "missing coordinates";
            else
            {
                int length = coordinates.GetArrayLength();
                bool hasLon = length > 0, hasLat = length > 1;
                bool lonParsed = hasLon && coordinates[0].ValueKind == JsonValueKind.Number && coordinates[0].TryGetDouble(out lon);
                bool latParsed = hasLat && coordinates[1].ValueKind == JsonValueKind.Number && coordinates[1].TryGetDouble(out lat);
                error = BatchAnalysis.CheckPosition(hasLon, lonParsed, lon, hasLat, latParsed, lat);
            }
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape ("\ud800") in a member the check compares: valid JSON, but no text.
            error = "a string of the feature is not valid text (a lone UTF-16 surrogate escape)";
        }
        return (lon, lat, error, country);
    }

    /// <summary>The string, or null when it is not one or is no valid UTF-16 (a lone surrogate escape such as "\ud800").</summary>
    private static string? StringOrNull(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
            return null;
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private Utf8JsonWriter Start()
    {
        if (_writer is not null)
            return _writer;
        _sink.ContentType = ContentType;
        _sink.Begin(BatchPart.Head);
        var writer = _writer = new Utf8JsonWriter(_sink.Output, JsonOutput.Options);
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        writer.WriteStartObject("query");
        _analysis.WriteQuery(writer);
        writer.WriteEndObject();
        writer.WriteStartArray("features");
        writer.Flush();
        _sink.Begin(BatchPart.Rows);
        return writer;
    }

    /// <summary>
    /// Answers the chunk read (after the last one is written, whose answers this replaces), starts the
    /// output here, on the reading thread, so whether it has started is known where a malformed body
    /// is caught, then writes the chunk beside the reading of the next.
    /// </summary>
    private async ValueTask AnswerChunkAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync();
        var timings = _settings.Timings;
        timings.Rows += _reading.Count;
        timings.Answer.Start();
        _analysis.Run(cancellationToken);
        timings.Answer.Stop();
        var writer = _summaryOnly ? null : Start();
        var answered = _reading;
        (_reading, _written) = (_written, answered);
        _writing.Start(() => WriteAsync(answered, writer, cancellationToken));
    }

    private async Task WriteAsync(List<PendingFeature> chunk, Utf8JsonWriter? writer, CancellationToken cancellationToken)
    {
        var timings = _settings.Timings;
        timings.Format.Start();
        foreach (var pending in chunk)
        {
            if (_analysis.Keep(pending.Slot, pending.Country) && writer is not null)
                WriteFeature(writer, pending.Echo ? pending.Document.RootElement : default, pending.Slot, pending.Error);
            pending.Document.Dispose();
        }
        chunk.Clear();
        timings.Format.Stop();
        if (writer is not null)
        {
            timings.Send.Start();
            await writer.FlushAsync(cancellationToken);
            await _sink.FlushAsync(cancellationToken);
            timings.Send.Stop();
        }
    }

    private HashSet<string> _added = [];

    private void WriteFeature(Utf8JsonWriter writer, JsonElement feature, int slot, string? error)
    {
        writer.WriteStartObject();
        bool wroteProperties = false;
        if (feature.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in feature.EnumerateObject())
            {
                if (member.NameEquals("properties"))
                {
                    WriteProperties(writer, member.Value, slot, error);
                    wroteProperties = true;
                }
                else
                {
                    member.WriteTo(writer);
                }
            }
        }
        else
        {
            writer.WriteString("type", "Feature");
            writer.WriteNull("geometry");
        }
        if (!wroteProperties)
            WriteProperties(writer, default, slot, error);
        writer.WriteEndObject();
    }

    private void WriteProperties(Utf8JsonWriter writer, JsonElement properties, int slot, string? error)
    {
        writer.WriteStartObject("properties");
        if (properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                if (!_added.Contains(property.Name))
                    property.WriteTo(writer);
            }
        }
        _analysis.WriteJsonProperties(writer, slot);
        JsonOutput.StringOrNull(writer, "error", error);
        writer.WriteEndObject();
    }

    private readonly record struct PendingFeature(JsonDocument Document, int Slot, string? Error, string? Country, bool Echo);

    /// <summary>
    /// False when the feature cannot be written back: a surrogate escape that does not form a pair
    /// ("\ud800") is valid JSON but no text, and <see cref="Utf8JsonWriter"/> refuses it. Only features
    /// whose text has a surrogate escape at all (rare) pay for the trial write.
    /// </summary>
    public static bool Echoable(JsonElement feature)
    {
        if (System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(feature).IndexOf("\\u"u8) < 0)
            return true;
        try
        {
            using var trial = new Utf8JsonWriter(System.IO.Stream.Null);
            feature.WriteTo(trial);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
