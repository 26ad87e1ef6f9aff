namespace Maps.Analysis;

/// <summary>
/// The request body of a batch analysis cannot be read further (unterminated quote, truncated or
/// invalid JSON, not a FeatureCollection). Before the first output byte it becomes a 400; after,
/// the answer is closed with an error marker (see the batch writers).
/// </summary>
public sealed class MalformedBodyException(string message) : Exception(message);
