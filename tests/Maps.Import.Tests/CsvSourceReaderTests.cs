using System.Text;
using Maps.Core.Import;

namespace Maps.Import.Tests;

public sealed class CsvSourceReaderTests
{
    private static SourceCsv Parse(string text) => CsvSourceReader.Parse(Encoding.UTF8.GetBytes(text), "f.csv");

    [Fact]
    public void Quoted_fields_keep_delimiters_doubled_quotes_and_line_breaks()
    {
        var csv = Parse("name,lon\r\n\"A, \"\"B\"\"\",1\r\n\"two\nlines\",2\r\n");

        Assert.Equal(["name", "lon"], csv.Columns);
        Assert.Equal(["A, \"B\"", "1"], csv.Rows[0]);
        Assert.Equal(["two\nlines", "2"], csv.Rows[1]);
    }

    [Theory]
    [InlineData("a,b\nx,y\n")]
    [InlineData("a,b\r\nx,y\r\n")]
    [InlineData("a,b\rx,y\r")]
    [InlineData("a,b\nx,y")]
    [InlineData("\uFEFFa,b\n\nx,y\n\n")]
    public void Records_end_at_LF_CRLF_or_CR_and_a_BOM_and_blank_lines_are_skipped(string text)
    {
        var csv = Parse(text);

        Assert.Equal(["a", "b"], csv.Columns);
        Assert.Equal(["x", "y"], Assert.Single(csv.Rows));
    }

    [Fact]
    public void Empty_trailing_fields_are_kept_and_missing_fields_read_as_empty()
    {
        var csv = Parse("a,b,c\n1,,\n2\n");

        Assert.Equal(["1", "", ""], csv.Rows[0]);
        Assert.Equal("", SourceCsv.Field(csv.Rows[1], 2));
        Assert.Equal("", SourceCsv.Field(csv.Rows[1], -1));
    }

    [Fact]
    public void Columns_are_found_by_name_ignoring_case_and_blanks()
    {
        var csv = Parse(" Lat , LON \n1,2\n");

        Assert.Equal(0, csv.ColumnIndex("lat"));
        Assert.Equal(1, csv.ColumnIndex("longitude", "lon"));
        Assert.Equal(-1, csv.ColumnIndex("x"));
    }

    [Fact]
    public void A_semicolon_file_reads_decimal_commas_and_a_comma_file_does_not()
    {
        var semicolon = Parse("lon;lat\n6,52;-1,25\n");
        var comma = Parse("lon,lat\n\"6,52\",-1.25\n");

        Assert.Equal(';', semicolon.Delimiter);
        Assert.Equal(6.52, semicolon.Number(semicolon.Rows[0], 0));
        Assert.Equal(-1.25, semicolon.Number(semicolon.Rows[0], 1));
        Assert.Null(comma.Number(comma.Rows[0], 0));
        Assert.Equal(-1.25, comma.Number(comma.Rows[0], 1));
    }

    [Theory]
    [InlineData("", null)]
    [InlineData(" 12.5 ", 12.5)]
    [InlineData("abc", null)]
    [InlineData("1e3", 1000.0)]
    public void Numbers_are_invariant_culture_and_null_when_empty_or_not_numbers(string field, double? expected)
    {
        var csv = Parse("v,w\n" + field + ",x\n");

        Assert.Equal(expected, csv.Number(csv.Rows[0], 0));
    }

    [Fact]
    public void NaN_parses_as_NaN_so_the_validator_can_reject_it_with_its_value()
    {
        var csv = Parse("v\nnan\n");

        Assert.True(double.IsNaN(csv.Number(csv.Rows[0], 0)!.Value));
    }

    [Fact]
    public void An_unterminated_quote_fails_the_file_naming_it_and_the_record()
    {
        var e = Assert.Throws<ImportFileException>(() => Parse("a,b\n1,2\n\"open,3\n"));

        Assert.Equal("f.csv: CSV record 3 has a quoted field that is never closed.", e.Message);
    }

    [Fact]
    public void An_empty_file_or_invalid_UTF8_fails_the_file()
    {
        Assert.Contains("no header", Assert.Throws<ImportFileException>(() => Parse("")).Message);
        Assert.Contains("not UTF-8", Assert.Throws<ImportFileException>(() => CsvSourceReader.Parse([0x61, 0xFF, 0x0A], "f.csv")).Message);
    }
}
