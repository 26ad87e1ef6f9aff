using System.Text;
using Maps.Core.Import;

namespace Maps.Core.Tests.Import;

/// <summary>The one CSV tokenizer's field rules, as the import, the uploads and the analyses read them.</summary>
public class CsvRecordReaderTests
{
    private static async Task<List<string[]>> RecordsAsync(string csv, int maxRecordBytes = int.MaxValue)
    {
        using var reader = new CsvRecordReader(new MemoryStream(Encoding.UTF8.GetBytes(csv)), message => new InvalidDataException(message), maxRecordBytes);
        await reader.DetectDelimiterAsync(default);
        var records = new List<string[]>();
        while (await reader.ReadAsync(default))
            records.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.Field).ToArray());
        return records;
    }

    [Theory]
    [InlineData("a,b\n\"ab\"c,d\n", "abc")]
    [InlineData("a,b\n\"say \"\"hi\"\"\" there,d\n", "say \"hi\" there")]
    [InlineData("a,b\n\"x\ny\",d\n", "x\ny")]
    [InlineData("a;b\r\n\"1;2\";d\r\n", "1;2")]
    public async Task A_quoted_field_keeps_what_follows_its_closing_quote_and_undoes_doubled_quotes(string csv, string expected)
    {
        var records = await RecordsAsync(csv);

        Assert.Equal(2, records.Count);
        Assert.Equal(expected, records[1][0]);
        Assert.Equal("d", records[1][1]);
    }

    [Fact]
    public async Task A_record_longer_than_the_bound_is_the_callers_error_naming_the_record()
    {
        string csv = "a,b\nx,y\n\"" + new string('z', 300_000);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => RecordsAsync(csv, maxRecordBytes: 100_000));

        Assert.StartsWith("CSV record 3 is longer than", e.Message);
    }

    [Theory]
    [InlineData("6,52", ';', 6.52)]
    [InlineData(" 6.52 ", ',', 6.52)]
    [InlineData("1e3", ',', 1000)]
    public void One_number_rule_for_bytes_and_text(string field, char delimiter, double expected)
    {
        Assert.True(CsvConventions.TryNumber(Encoding.UTF8.GetBytes(field), (byte)delimiter, out double fromBytes));
        Assert.Equal(expected, fromBytes);
        Assert.Equal(expected, CsvConventions.Number(field, delimiter));
    }
}
