namespace Maps.Core.Query;

/// <summary>A request parameter that cannot be understood; the message says which and why (HTTP 400).</summary>
public sealed class InvalidParameterException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}
