using Maps.Core.Query;
using Maps.Core.Query.Cql2;
using NetTopologySuite.Geometries;

namespace Maps.Core.Tests.Query.Cql2;

public sealed class CqlTextParserTests
{
    private static string Canonical(string text) => CqlText.Write(CqlTextParser.Parse(text));

    [Theory]
    [InlineData("a = 1 OR b = 2 AND c = 3", "(\"a\" = 1) OR ((\"b\" = 2) AND (\"c\" = 3))")]
    [InlineData("NOT a = 1 AND b = 2", "(NOT (\"a\" = 1)) AND (\"b\" = 2)")]
    [InlineData("x = 1 + 2 * 3 ^ 2", "\"x\" = (1 + (2 * (3 ^ 2)))")]
    [InlineData("x = 8 - 2 - 1", "\"x\" = ((8 - 2) - 1)")]
    [InlineData("x = a div 2 % 3", "\"x\" = ((\"a\" DIV 2) % 3)")]
    [InlineData("x = -a ^ 2", "\"x\" = ((-1 * \"a\") ^ 2)")]
    [InlineData("x = - -5", "\"x\" = 5")]
    [InlineData("x = +.5e1", "\"x\" = 5")]
    [InlineData("a AND b AND c OR d", "(\"a\" AND \"b\" AND \"c\") OR \"d\"")]
    [InlineData("a AND (b AND c)", "\"a\" AND (\"b\" AND \"c\")")]
    [InlineData("x BETWEEN 1 AND 2 AND y", "(\"x\" BETWEEN 1 AND 2) AND \"y\"")]
    [InlineData("x NOT BETWEEN 1 AND 2", "NOT (\"x\" BETWEEN 1 AND 2)")]
    [InlineData("x IS NOT NULL", "NOT (\"x\" IS NULL)")]
    [InlineData("x NOT IN ('a')", "NOT (\"x\" IN ('a'))")]
    [InlineData("x not like casei('A%')", "NOT (\"x\" LIKE CASEI('A%'))")]
    public void Operators_bind_as_the_grammar_says(string text, string expected)
    {
        Assert.Equal(expected, Canonical(text));
    }

    [Fact]
    public void Keywords_and_standard_functions_are_case_insensitive_property_names_are_not()
    {
        Assert.Equal(
            Canonical("T_AFTER(Built, DATE('2020-01-01')) AND S_INTERSECTS(geom, BBOX(0, 0, 1, 1)) AND A_CONTAINS(tags, ('a'))"),
            Canonical("t_after(Built, date('2020-01-01')) and s_Intersects(geom, bbox(0, 0, 1, 1)) And a_contains(tags, ('a'))"));
        Assert.Equal("\"Built\" = \"built\"", Canonical("Built = built"));
        Assert.Equal("t_finishedBy", Assert.IsType<CqlOperation>(CqlTextParser.Parse("T_FINISHEDBY(a, b)")).Op);
    }

    [Fact]
    public void Words_of_literals_are_properties_when_no_parenthesis_follows()
    {
        Assert.Equal("(\"date\" > 1) AND (\"point\" IS NULL)", Canonical("date > 1 AND point IS NULL"));
    }

    [Fact]
    public void Other_calls_are_functions_named_as_written()
    {
        var call = Assert.IsType<CqlOperation>(CqlTextParser.Parse("myFunc(a, 'b', (1, 2), ())"));

        Assert.Equal("myFunc", call.Op);
        Assert.Equal(4, call.Args.Count);
        Assert.Equal(2, Assert.IsType<CqlArray>(call.Args[2]).Items.Count);
        Assert.Empty(Assert.IsType<CqlArray>(call.Args[3]).Items);
    }

    [Theory]
    [InlineData("A_CONTAINS(tags, ('a'))", "A_CONTAINS(\"tags\", ('a'))")]
    [InlineData("A_CONTAINS(tags, (('a', 'b')))", "A_CONTAINS(\"tags\", (('a', 'b')))")]
    [InlineData("A_CONTAINS((a - b) - c, ())", "A_CONTAINS((\"a\" - \"b\") - \"c\", ())")]
    [InlineData("A_CONTAINS((a - b), f(x))", "A_CONTAINS((\"a\" - \"b\"), f(\"x\"))")]
    [InlineData("x IN ()", "\"x\" IN ()")]
    public void An_array_operand_wholly_in_parentheses_is_an_array(string text, string expected)
    {
        Assert.Equal(expected, Canonical(text));
        Assert.Equal(expected, Canonical(expected));
    }

    [Fact]
    public void Unary_minus_folds_into_number_literals()
    {
        var comparison = Assert.IsType<CqlOperation>(CqlTextParser.Parse("x = -5.5"));

        Assert.Equal(-5.5, Assert.IsType<CqlNumber>(comparison.Args[1]).Value);
    }

    [Fact]
    public void Strings_unescape_both_quote_escapes()
    {
        var comparison = Assert.IsType<CqlOperation>(CqlTextParser.Parse(@"x = 'it''s' OR x = 'it\'s'"));

        Assert.All(comparison.Args, arg => Assert.Equal("it's", Assert.IsType<CqlString>(((CqlOperation)arg).Args[1]).Value));
    }

    [Fact]
    public void Every_node_says_where_it_starts()
    {
        var and = Assert.IsType<CqlOperation>(CqlTextParser.Parse("a = 1 AND (b LIKE 'x')"));
        var like = Assert.IsType<CqlOperation>(and.Args[1]);

        Assert.Equal("position 1", and.Where);
        Assert.Equal("position 5", ((CqlOperation)and.Args[0]).Args[1].Where);
        Assert.Equal("position 12", like.Where);
        Assert.Equal("position 19", like.Args[1].Where);
    }

    [Fact]
    public void Both_multipoint_forms_are_the_same_and_heights_are_dropped()
    {
        Assert.Equal(Canonical("S_EQUALS(g, MULTIPOINT((1 2), (3 4)))"), Canonical("S_EQUALS(g, MULTIPOINT Z (1 2 9, 3 4 9))"));
        var geometry = Assert.IsType<CqlGeometry>(((CqlOperation)CqlTextParser.Parse("S_EQUALS(g, POINT Z (1 2 3))")).Args[1]);
        Assert.True(double.IsNaN(geometry.Value.Coordinate.Z));
        Assert.Equal(4326, geometry.Value.SRID);
    }

    [Fact]
    public void A_bbox_of_six_numbers_drops_the_heights()
    {
        var box = Assert.IsType<CqlBbox>(((CqlOperation)CqlTextParser.Parse("S_WITHIN(g, BBOX(170, -10, -100, -170, 10, 100))")).Args[1]);

        Assert.Equal(new CqlBbox(170, -10, -170, 10) { Where = "position 13" }, box);
    }

    [Fact]
    public void Geometry_collections_nest_and_polygons_keep_their_holes()
    {
        var collection = Assert.IsType<CqlGeometry>(((CqlOperation)CqlTextParser.Parse(
            "S_WITHIN(g, GEOMETRYCOLLECTION(POLYGON((0 0, 10 0, 10 10, 0 0), (1 1, 2 1, 2 2, 1 1)), GEOMETRYCOLLECTION(POINT(1 1))))")).Args[1]).Value;

        Assert.Equal(1, ((Polygon)collection.GetGeometryN(0)).NumInteriorRings);
        Assert.IsType<GeometryCollection>(collection.GetGeometryN(1));
    }

    [Fact]
    public void Timestamps_keep_their_fraction()
    {
        var t = Assert.IsType<CqlTimestamp>(((CqlOperation)CqlTextParser.Parse("T_AFTER(t, TIMESTAMP('2020-02-29T23:59:59.1234567891Z'))")).Args[1]);

        Assert.Equal(new DateTimeOffset(2020, 2, 29, 23, 59, 59, TimeSpan.Zero).AddTicks(1234567), t.Value);
    }

    [Theory]
    [InlineData("", "The filter is empty (at position 1)")]
    [InlineData("   ", "The filter is empty (at position 1)")]
    [InlineData("(a = 1 AND b = 2", "Expected ',' or ')' to close '(' at position 1, found the end of the filter (at position 17)")]
    [InlineData("S_INTERSECTS(g, POINT(1 2) x", "Expected ',' or ')' to close '(' at position 13, found 'x' (at position 28)")]
    [InlineData("a = 1 b", "Expected an operator or the end of the filter, found 'b' (at position 7)")]
    [InlineData("a = 'abc", "Unterminated string: expected a closing \"'\" (write '' or \\' for a quote inside) (at position 5)")]
    [InlineData("\"abc = 1", "Unterminated quoted property name: expected a closing '\"' (at position 1)")]
    [InlineData("a # 1", "Unexpected character '#' (at position 3)")]
    [InlineData("a = 1e999", "Number '1e999' is out of range (at position 5)")]
    [InlineData("a = AND", "Expected a property, a literal or a function, found 'AND' (at position 5)")]
    [InlineData("a NOT = 1", "Expected LIKE, BETWEEN or IN after NOT, found '=' (at position 7)")]
    [InlineData("a IS 1", "Expected NULL or NOT NULL after IS, found '1' (at position 6)")]
    [InlineData("a BETWEEN 1 OR 2", "Expected AND between the bounds of BETWEEN, found 'OR' (at position 13)")]
    [InlineData("a IN 1", "Expected '(' to open the list after IN, found '1' (at position 6)")]
    [InlineData("d = DATE('2021-02-29')", "Invalid date '2021-02-29': expected a calendar date yyyy-MM-dd such as '2022-04-16' (at position 10)")]
    [InlineData("d = DATE(2021)", "Expected a quoted DATE string such as '2022-04-16', found '2021' (at position 10)")]
    [InlineData("t = TIMESTAMP('2021-01-01T00:00:00+01:00')", "Invalid timestamp '2021-01-01T00:00:00+01:00': expected an RFC 3339 UTC instant such as '2022-04-16T10:13:19Z' (at position 15)")]
    [InlineData("t = TIMESTAMP('2021-01-01T24:00:00Z')", "Invalid timestamp '2021-01-01T24:00:00Z'")]
    [InlineData("T_DURING(t, INTERVAL('2021', '..'))", "Invalid interval end '2021'")]
    [InlineData("T_DURING(t, INTERVAL(1, '..'))", "Expected an interval end: '..', a date or timestamp string, a property or a function, found '1' (at position 22)")]
    [InlineData("S_WITHIN(g, BBOX(0, 10, 1, 5))", "BBOX south 10 is north of north 5 (at position 13)")]
    [InlineData("S_WITHIN(g, BBOX(0, 0, 181, 5))", "BBOX east 181 is outside [-180, 180] (at position 13)")]
    [InlineData("S_WITHIN(g, BBOX(0, 0, 1))", "BBOX takes 4 numbers (west, south, east, north) or 6")]
    [InlineData("S_WITHIN(g, POLYGON((0 0, 1 0, 1 1, 0 1)))", "A polygon ring must be closed: it starts at (0 0) and ends at (0 1) (at position 21)")]
    [InlineData("S_WITHIN(g, POLYGON((0 0, 1 0, 0 0)))", "A polygon ring needs at least 4 points, found 3 (at position 21)")]
    [InlineData("S_WITHIN(g, LINESTRING(0 0))", "A linestring needs at least 2 points, found 1 (at position 23)")]
    [InlineData("S_WITHIN(g, POINT(0))", "Expected a number, found ')' (at position 20)")]
    [InlineData("S_WITHIN(g)", "S_WITHIN takes 2 arguments, found 1 (at position 1)")]
    [InlineData("CASEI(a, b) = 'x'", "CASEI takes 1 argument, found 2 (at position 1)")]
    [InlineData("isNull(a)", "'isNull' cannot be called as a function (at position 1)")]
    [InlineData("a = -", "Expected a property, a literal or a function, found the end of the filter (at position 6)")]
    [InlineData("a = 1 ^ 2 ^ 3", "Expected an operator or the end of the filter, found '^' (at position 11)")]
    public void Malformed_text_names_the_token_its_position_and_what_was_expected(string text, string message)
    {
        var error = Assert.Throws<InvalidParameterException>(() => CqlTextParser.Parse(text));

        Assert.Equal("filter", error.Parameter);
        Assert.StartsWith(message, error.Message);
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("NOT ", "")]
    [InlineData("- ", "")]
    [InlineData("f(", ")")]
    [InlineData("A_EQUALS(x, (", "))")]
    [InlineData("GEOMETRYCOLLECTION(", ")")]
    public void Deep_nesting_is_rejected_not_a_stack_overflow(string open, string close)
    {
        string inner = open.StartsWith("GEOMETRY") ? "POINT(1 1)" : "1";
        string text = (open.StartsWith("GEOMETRY") ? "S_WITHIN(g, " : "") + string.Concat(Enumerable.Repeat(open, 1000)) + inner + string.Concat(Enumerable.Repeat(close, 1000)) + (open.StartsWith("GEOMETRY") ? ")" : "");

        var error = Assert.Throws<InvalidParameterException>(() => CqlTextParser.Parse(text));

        Assert.Contains("nested too deeply", error.Message);
    }

    [Fact]
    public void Nesting_within_the_limit_parses()
    {
        string text = new string('(', 200) + "a = 1" + new string(')', 200);

        Assert.Equal("\"a\" = 1", Canonical(text));
    }
}
