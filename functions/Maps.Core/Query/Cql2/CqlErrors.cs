namespace Maps.Core.Query.Cql2;

/// <summary>
/// A filter that cannot be parsed or typed: the message names the token or property, where it is,
/// and what was expected. Surfaces as a 400 on the <c>filter</c> parameter.
/// </summary>
public static class CqlErrors
{
    public static InvalidParameterException At(string where, string message) =>
        new("filter", where.Length == 0 ? message : $"{message} (at {where})");
}
