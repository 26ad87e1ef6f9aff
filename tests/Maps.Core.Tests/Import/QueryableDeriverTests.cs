using System.Text.Json;
using Maps.Core.Import;
using Maps.Core.Layers;

namespace Maps.Core.Tests.Import;

public sealed class QueryableDeriverTests
{
    private static IReadOnlyList<QueryableProperty> Derive(IReadOnlyList<QueryableProperty>? curated, params string[] features)
    {
        var accumulator = new QueryableAccumulator();
        foreach (string json in features)
        {
            using var document = JsonDocument.Parse(json);
            accumulator.Add(document.RootElement); // the accumulator keeps nothing of the document
        }
        return accumulator.Build(curated);
    }

    private static IReadOnlyList<QueryableProperty> Derive(params string[] features) => Derive(null, features);

    private static QueryableProperty One(params string[] values) =>
        Assert.Single(Derive(values.Select(v => $$"""{"p":{{v}}}""").ToArray()));

    private static string[] Repeat(int times, params string[] values) =>
        Enumerable.Range(0, times).SelectMany(_ => values).ToArray();

    [Theory]
    [InlineData("string", null, "\"a\"", "\"b\"")]
    [InlineData("integer", null, "1", "-2", "30000000000")]
    [InlineData("integer", null, "1", "2.0", "1e3")]
    [InlineData("number", null, "1", "2.5")]
    [InlineData("number", null, "0.1")]
    [InlineData("boolean", null, "true", "false")]
    [InlineData("array", "string", "[\"a\"]", "[\"b\",\"c\"]", "[]")]
    [InlineData("array", "integer", "[1,2]", "[3]")]
    [InlineData("array", "number", "[1]", "[2.5]")]
    [InlineData("array", null, "[1,\"a\"]")]
    [InlineData("array", null, "[]", "[]")]
    [InlineData("object", null, "{\"a\":1}")]
    public void Types_come_from_the_values(string type, string? itemsType, params string[] values)
    {
        var q = One(values);

        Assert.Equal(type, q.Type);
        Assert.Equal(itemsType, q.ItemsType);
        Assert.Null(q.Format);
    }

    [Fact]
    public void Nulls_are_ignored_for_typing_and_an_all_null_property_has_type_null()
    {
        var queryables = Derive("""{"a":null,"b":1}""", """{"a":2,"b":null,"c":null}""", """{"a":null,"c":null,"d":[null,"x"]}""");

        Assert.Equal(["a", "b", "c", "d"], queryables.Select(q => q.Name));
        Assert.Equal(["integer", "integer", "null", "array"], queryables.Select(q => q.Type));
        Assert.Equal("string", queryables[3].ItemsType);
    }

    [Theory]
    [InlineData("\"a\"", "1")]
    [InlineData("\"a\"", "true")]
    [InlineData("1", "false")]
    [InlineData("[\"a\"]", "\"a\"")]
    [InlineData("\"2022-04-16\"", "2022")]
    public void Mixed_types_are_a_plain_string(params string[] values)
    {
        var q = One(values);

        Assert.Equal("string", q.Type);
        Assert.Null(q.Format);
        Assert.Null(q.ItemsType);
        Assert.Null(q.Values);
    }

    [Theory]
    [InlineData("date", "2022-04-16", "2024-02-29")]
    [InlineData("date-time", "2022-04-16T10:13:19Z", "2022-04-16T10:13:19.123+02:00", "2022-04-16t10:13:19z", "1998-12-31T23:59:60Z")]
    [InlineData(null, "2022")]
    [InlineData(null, "2022-04")]
    [InlineData(null, "2023-02-29")]
    [InlineData(null, "2022-4-16")]
    [InlineData(null, "16/04/2022")]
    [InlineData(null, "2022-04-16T10:13:19")]
    [InlineData(null, "2022-04-16 10:13:19Z")]
    [InlineData(null, "2022-04-16T25:13:19Z")]
    [InlineData(null, "2022-04-16T10:13:19.Z")]
    [InlineData(null, "2022-04-16T10:13:19+0200")]
    [InlineData(null, "2022-04-16", "2022-04-16T10:13:19Z")]
    [InlineData(null, "2022-04-16", "soon")]
    [InlineData(null, "2022-04-16", "")]
    public void Dates_and_timestamps_get_a_format_only_when_every_string_is_one(string? format, params string[] values)
    {
        var q = One(values.Select(v => JsonSerializer.Serialize(v)).Append("null").ToArray());

        Assert.Equal("string", q.Type);
        Assert.Equal(format, q.Format);
    }

    [Fact]
    public void A_date_property_with_few_values_has_no_enum()
    {
        var q = One(Repeat(10, "\"2022-04-16\"", "\"2023-01-01\""));

        Assert.Equal("date", q.Format);
        Assert.Null(q.Values);
    }

    [Fact]
    public void Low_cardinality_strings_are_enums_sorted_ordinally()
    {
        var q = One(Repeat(4, "\"b\"", "\"a\"", "\"B\"", "\"é\""));

        Assert.Equal(["B", "a", "b", "é"], q.Values);
    }

    [Fact]
    public void An_enum_needs_four_features_per_value_on_average()
    {
        // 3 values over 12 features: categorical; over 11 features: not (3 × 4 > 11).
        Assert.NotNull(One(Repeat(4, "\"x\"", "\"y\"", "\"z\"")).Values);
        Assert.Null(One(Repeat(4, "\"x\"", "\"y\"", "\"z\"").Skip(1).ToArray()).Values);
        // Nulls and features without the property do not count as features with a value.
        Assert.Null(One([.. Repeat(3, "\"x\"", "\"y\"", "\"z\""), .. Repeat(20, "null")]).Values);
        Assert.Null(Derive([.. Repeat(3, """{"p":"x"}"""), .. Repeat(20, "{}")]).Single().Values);
    }

    [Fact]
    public void An_enum_has_at_most_twelve_values()
    {
        string[] twelve = Enumerable.Range(0, 12).Select(i => $"\"v{i:00}\"").ToArray();
        string[] thirteen = [.. twelve, "\"v12\""];

        Assert.Equal(12, One(Repeat(10, twelve)).Values!.Count);
        Assert.Null(One(Repeat(10, thirteen)).Values);
    }

    [Fact]
    public void Ten_thousand_names_are_no_enum_and_two_kinds_are()
    {
        var accumulator = new QueryableAccumulator();
        for (int i = 0; i < 10_000; i++)
        {
            using var document = JsonDocument.Parse($$"""{"name":"n{{i}}","kind":"{{(i % 2 == 0 ? "even" : "odd")}}"}""");
            accumulator.Add(document.RootElement);
        }

        var queryables = accumulator.Build([]);

        Assert.Equal(10_000, accumulator.FeatureCount);
        Assert.Equal(["even", "odd"], queryables.Single(q => q.Name == "kind").Values);
        Assert.Null(queryables.Single(q => q.Name == "name").Values);
    }

    [Fact]
    public void Curated_entries_come_first_in_their_order_with_their_descriptions_and_enums()
    {
        IReadOnlyList<QueryableProperty> curated =
        [
            new() { Name = "status", Type = "string", Description = "Normalised status", Values = ["operational", "under-construction", "planned", "unknown"] },
            new() { Name = "country", Type = "string", Description = "ISO 3166-1 alpha-3" },
            new() { Name = "absent", Type = "string", Description = "No feature has it" },
            new() { Name = "year", Type = "string", Description = "Curated with the wrong type", Values = ["x"] },
            new() { Name = "capacity", Type = "number", Description = "Not known yet" },
        ];
        string[] features = Repeat(5,
            """{"z":1,"status":"planned","country":"KEN","year":2020,"capacity":null,"a":"q"}""",
            """{"z":2,"status":"operational","country":"MLI","year":2021,"capacity":null,"a":"r"}""");

        var queryables = Derive(curated, features);

        Assert.Equal(["status", "country", "year", "capacity", "a", "z"], queryables.Select(q => q.Name));
        Assert.Equal(curated[0].Values, queryables[0].Values); // the curated enum, not the two values seen
        Assert.Equal("Normalised status", queryables[0].Description);
        Assert.Equal(["KEN", "MLI"], queryables[1].Values); // derived: no curated enum
        Assert.Equal("ISO 3166-1 alpha-3", queryables[1].Description);
        Assert.Equal(("integer", null), (queryables[2].Type, queryables[2].Values)); // the data's type wins; a string enum does not fit it
        Assert.Equal("Curated with the wrong type", queryables[2].Description);
        Assert.Equal("number", queryables[3].Type); // all null: the curated type
        Assert.Null(queryables[4].Description);
        Assert.Equal(["q", "r"], queryables[4].Values);
        Assert.Equal("integer", queryables[5].Type);
    }

    [Fact]
    public void Features_without_properties_add_no_queryable()
    {
        var queryables = Derive("""{"p":"a"}""", "null", "{}", """{"p":"a"}""");

        Assert.Equal("p", queryables.Single().Name);
        Assert.Null(queryables.Single().Values); // 1 value over the 2 features that have it: not an enum
        Assert.Empty(Derive("null", "{}"));
    }
}
