namespace Maps.Functions.Http;

/// <summary>The one query parameter most resources share: <c>f</c>, the output format.</summary>
public static class StandardParameters
{
    public static readonly QueryParameter F = QueryParameter.Choice("f", "Output format: json or html (overrides Accept).", "json", "html");

    /// <summary>The <c>f</c> of a resource that has no HTML page.</summary>
    public static readonly QueryParameter[] JsonOnly = [QueryParameter.Choice("f", "Output format: json, the only one this resource has.", "json")];

    /// <summary>The parameters of a resource that takes only <c>f</c>.</summary>
    public static readonly QueryParameter[] FormatOnly = [F];
}
