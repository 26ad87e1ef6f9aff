namespace Maps.Core.Tests.Query.Cql2;

/// <summary>The standard's examples (tests/cql2): each text and the JSON of the same expression.</summary>
public static class Cql2Examples
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "cql2", "examples");

    /// <summary>Base names of the text examples; <c>example36-alt01</c> is another spelling of <c>example36</c>.</summary>
    public static readonly string[] Names = Directory.GetFiles(Path.Combine(Folder, "text"), "*.txt")
        .Select(path => Path.GetFileNameWithoutExtension(path)!)
        .Order(StringComparer.Ordinal)
        .ToArray();

    public static string Text(string name) => File.ReadAllText(Path.Combine(Folder, "text", name + ".txt"));

    public static string Json(string name) => File.ReadAllText(Path.Combine(Folder, "json", JsonName(name) + ".json"));

    public static string JsonName(string name) => name.EndsWith("-alt01", StringComparison.Ordinal) ? name[..^"-alt01".Length] : name;

    public static readonly string[] Texts = Names.Select(Text).ToArray();

    public static readonly string[] Jsons = Names.Select(JsonName).Distinct().Select(name => Json(name)).ToArray();

    public static TheoryData<string> All() => new(Names);
}
