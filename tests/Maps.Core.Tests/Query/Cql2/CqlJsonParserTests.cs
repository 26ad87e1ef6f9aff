using Maps.Core.Query;
using Maps.Core.Query.Cql2;

namespace Maps.Core.Tests.Query.Cql2;

public sealed class CqlJsonParserTests
{
    private static string Canonical(string json) => CqlText.Write(CqlJsonParser.Parse(json));

    [Fact]
    public void Every_node_says_where_it_is_as_a_json_pointer()
    {
        var and = Assert.IsType<CqlOperation>(CqlJsonParser.Parse(
            """{"op":"and","args":[{"op":"=","args":[{"property":"a"},1]},{"op":"in","args":[{"property":"b"},["x","y"]]}]}"""));
        var list = Assert.IsType<CqlArray>(((CqlOperation)and.Args[1]).Args[1]);

        Assert.Equal("", and.Where);
        Assert.Equal("/args/0/args/1", ((CqlOperation)and.Args[0]).Args[1].Where);
        Assert.Equal("/args/1/args/1", list.Where);
        Assert.Equal("/args/1/args/1/1", list.Items[1].Where);
    }

    [Fact]
    public void Standard_ops_are_recognised_whatever_their_case_and_others_are_functions()
    {
        Assert.Equal("S_INTERSECTS(\"g\", BBOX(0, 0, 1, 1))", Canonical("""{"op":"S_Intersects","args":[{"property":"g"},{"bbox":[0,0,1,1]}]}"""));
        Assert.Equal("\"a\" IS NULL", Canonical("""{"op":"ISNULL","args":[{"property":"a"}]}"""));
        Assert.Equal("myFunc()", Canonical("""{"op":"myFunc","args":[]}"""));
    }

    [Fact]
    public void Geometries_and_intervals_read_like_their_text()
    {
        Assert.Equal(
            CqlText.Write(CqlTextParser.Parse("S_WITHIN(MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0))), GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 1 1)))")),
            Canonical("""
                {"op":"s_within","args":[
                  {"type":"MultiPolygon","coordinates":[[[[0,0,5],[1,0,5],[1,1,5],[0,0,5]]]],"bbox":[0,0,1,1]},
                  {"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"LineString","coordinates":[[0,0],[1,1]]}]}]}
                """));
        Assert.Equal(
            CqlText.Write(CqlTextParser.Parse("T_DURING(INTERVAL(a, f(b)), INTERVAL('2020-01-01', '..'))")),
            Canonical("""{"op":"t_during","args":[{"interval":[{"property":"a"},{"op":"f","args":[{"property":"b"}]}]},{"interval":["2020-01-01",".."]}]}"""));
    }

    [Theory]
    [InlineData("", "The filter is not valid JSON")]
    [InlineData("{\"op\":\"=\",\"args\":[1,}", "The filter is not valid JSON: '}' is an invalid start of a value (at line 1, byte 21)")]
    [InlineData("null", "Expected a CQL2 expression, found null (at the root)")]
    [InlineData("{}", "Expected an operation {\"op\", \"args\"}, a property {\"property\"}, {\"date\"}, {\"timestamp\"}, {\"interval\"}, {\"bbox\"} or a GeoJSON geometry, found {} (at the root)")]
    [InlineData("{\"foo\":1}", "Expected an operation {\"op\", \"args\"}, a property {\"property\"}, {\"date\"}, {\"timestamp\"}, {\"interval\"}, {\"bbox\"} or a GeoJSON geometry, found an object with 'foo' (at the root)")]
    [InlineData("{\"op\":\"=\",\"args\":[1]}", "'=' takes 2 arguments, found 1 (at /args)")]
    [InlineData("{\"op\":\"and\",\"args\":[true]}", "'and' takes at least 2 arguments, found 1 (at /args)")]
    [InlineData("{\"op\":\"not\",\"args\":[true],\"extra\":1}", "Unexpected member 'extra' in an operation (allowed: op, args) (at /extra)")]
    [InlineData("{\"op\":\"not\"}", "The operation 'not' has no \"args\" (at the root)")]
    [InlineData("{\"op\":\"not\",\"args\":true}", "Expected an array of arguments of 'not', found true (at /args)")]
    [InlineData("{\"op\":\"no such op\",\"args\":[]}", "Unknown op 'no such op': expected a CQL2 operator or a function name (at /op)")]
    [InlineData("{\"op\":\"date\",\"args\":[]}", "Unknown op 'date'")]
    [InlineData("{\"op\":\"in\",\"args\":[1,2]}", "Expected the list of 'in' as an array (at /args/1)")]
    [InlineData("{\"op\":\"=\",\"args\":[{\"property\":\"\"},1]}", "Invalid property name \"\"")]
    [InlineData("{\"op\":\"=\",\"args\":[{\"property\":\"a\",\"property\":\"b\"},1]}", "Duplicate member 'property' in a property reference (at /args/0/property)")]
    [InlineData("{\"op\":\"=\",\"args\":[{\"property\":\"a\"},1e400]}", "Number 1e400 is out of range (at /args/1)")]
    [InlineData("{\"op\":\"=\",\"args\":[{\"property\":\"a\"},{\"date\":\"2021-02-29\"}]}", "Invalid date '2021-02-29'")]
    [InlineData("{\"op\":\"=\",\"args\":[{\"property\":\"a\"},{\"timestamp\":\"2021-02-01\"}]}", "Invalid timestamp '2021-02-01'")]
    [InlineData("{\"op\":\"t_after\",\"args\":[{\"property\":\"a\"},{\"interval\":[\"..\"]}]}", "An interval has 2 ends, found 1 (at /args/1/interval)")]
    [InlineData("{\"op\":\"t_after\",\"args\":[{\"property\":\"a\"},{\"interval\":[\"..\",5]}]}", "Expected an interval end: \"..\", a date or timestamp string, a property or a function, found the number 5 (at /args/1/interval/1)")]
    [InlineData("{\"op\":\"s_within\",\"args\":[{\"property\":\"g\"},{\"bbox\":[0,0,1,1,2]}]}", "BBOX takes 4 numbers")]
    [InlineData("{\"op\":\"s_within\",\"args\":[{\"property\":\"g\"},{\"bbox\":[0,\"0\",1,1]}]}", "Expected a number, found the string \"0\" (at /args/1/bbox/1)")]
    [InlineData("{\"op\":\"s_within\",\"args\":[{\"property\":\"g\"},{\"type\":\"Circle\",\"coordinates\":[0,0]}]}", "Unknown GeoJSON geometry type 'Circle' (at /args/1/type)")]
    [InlineData("{\"op\":\"s_within\",\"args\":[{\"property\":\"g\"},{\"type\":\"Point\",\"coordinates\":[0]}]}", "A position has 2 or 3 numbers, found 1 (at /args/1/coordinates)")]
    [InlineData("{\"op\":\"s_within\",\"args\":[{\"property\":\"g\"},{\"type\":\"Point\"}]}", "The GeoJSON Point has no \"coordinates\" (at /args/1)")]
    [InlineData("{\"op\":\"s_within\",\"args\":[{\"property\":\"g\"},{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}]}", "A polygon ring must be closed")]
    [InlineData("{\"op\":\"s_within\",\"args\":[{\"property\":\"g\"},{\"type\":\"MultiPoint\",\"coordinates\":[]}]}", "A MultiPoint needs at least one member (at /args/1/coordinates)")]
    public void Malformed_json_names_the_node_and_what_was_expected(string json, string message)
    {
        var error = Assert.Throws<InvalidParameterException>(() => CqlJsonParser.Parse(json));

        Assert.Equal("filter", error.Parameter);
        Assert.StartsWith(message, error.Message);
    }

    [Theory]
    [InlineData("{\"op\":\"not\",\"args\":[", "]}", "true")]
    [InlineData("[", "]", "1")]
    [InlineData("{\"type\":\"GeometryCollection\",\"geometries\":[", "]}", "{\"type\":\"Point\",\"coordinates\":[1,1]}")]
    public void Deep_nesting_is_rejected_not_a_stack_overflow(string open, string close, string inner)
    {
        foreach (int levels in new[] { 300, 1000, 100_000 })
        {
            string json = string.Concat(Enumerable.Repeat(open, levels)) + inner + string.Concat(Enumerable.Repeat(close, levels));

            var error = Assert.Throws<InvalidParameterException>(() => CqlJsonParser.Parse(json));

            Assert.Matches("nested too deeply|maximum configured depth", error.Message);
        }
    }
}
