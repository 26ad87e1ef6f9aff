using Maps.Core.Query.Cql2;

namespace Maps.Core.Tests.Query.Cql2;

/// <summary>
/// Every example of the standard (OGC 21-065r2, tests/cql2) parses from text and from JSON to the
/// same tree, compared through its canonical text.
/// </summary>
public sealed class CqlExampleTests
{
    [Fact]
    public void Every_json_example_has_a_text_example()
    {
        var jsons = Directory.GetFiles(Path.Combine(Cql2Examples.Folder, "json"), "*.json").Select(Path.GetFileNameWithoutExtension);

        Assert.Equal(109, Cql2Examples.Names.Select(Cql2Examples.JsonName).Distinct().Count());
        Assert.Equal(jsons.Order(StringComparer.Ordinal), Cql2Examples.Names.Select(Cql2Examples.JsonName).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cql2Examples.All), MemberType = typeof(Cql2Examples))]
    public void Text_and_json_parse_to_the_same_tree(string name)
    {
        string fromText = CqlText.Write(CqlTextParser.Parse(Cql2Examples.Text(name)));
        string fromJson = CqlText.Write(CqlJsonParser.Parse(Cql2Examples.Json(name)));

        Assert.Equal(fromJson, fromText);
    }

    [Theory]
    [MemberData(nameof(Cql2Examples.All), MemberType = typeof(Cql2Examples))]
    public void The_canonical_text_parses_back_to_the_same_tree(string name)
    {
        foreach (var tree in new[] { CqlTextParser.Parse(Cql2Examples.Text(name)), CqlJsonParser.Parse(Cql2Examples.Json(name)) })
        {
            string text = CqlText.Write(tree);
            Assert.Equal(text, CqlText.Write(CqlTextParser.Parse(text)));
        }
    }
}
