namespace Maps.Functions.FunctionApp;

/// <summary>One Azure Functions HTTP function: the route the host matches (under the <c>api</c> prefix), its methods and auth level.</summary>
public sealed record FunctionDefinition(string Name, string Route, IReadOnlyList<string> Methods, string AuthLevel)
{
    public const string Anonymous = "anonymous";
    public const string FunctionKey = "function";
}
