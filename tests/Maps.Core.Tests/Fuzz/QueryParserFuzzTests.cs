using System.Globalization;
using CsCheck;
using Maps.Core.Query;

namespace Maps.Core.Tests.Fuzz;

/// <summary>
/// Property-based tests of the query parsers: whatever text arrives, the parser either returns a
/// valid value or throws <see cref="InvalidParameterException"/> naming the parameter; nothing else.
/// </summary>
public sealed class QueryParserFuzzTests
{
    private static Gen<string> Pick(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly Gen<string> Number = Gen.OneOf(
        Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Int[-200, 200].Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Pick("NaN", "Infinity", "-Infinity", "1e400", "", " ", "0x10", "1,5", "٣", "--1", "+.5", "1e-400"));

    private static readonly Gen<string> Junk = Gen.String[Gen.Char, 0, 40];

    [Fact]
    public void Bbox_parser_accepts_valid_boxes_and_rejects_the_rest_cleanly()
    {
        var text = Gen.OneOf(
            Number.Array[0, 7].Select(parts => string.Join(",", parts)),
            Junk);

        text.Sample(t =>
        {
            try
            {
                var box = BoundingBox.Parse(t);
                Assert.InRange(box.West, -180, 180);
                Assert.InRange(box.East, -180, 180);
                Assert.InRange(box.South, -90, box.North);
                Assert.InRange(box.North, box.South, 90);
                Assert.All(box.Envelopes(), e => Assert.True(e.MinX <= e.MaxX));
            }
            catch (InvalidParameterException e)
            {
                Assert.Equal("bbox", e.Parameter);
            }
        }, iter: FuzzIterations.For(20_000));
    }

    [Fact]
    public void Valid_boxes_round_trip_through_their_text()
    {
        var box = from west in Gen.Double[-180, 180]
                  from east in Gen.Double[-180, 180]
                  from a in Gen.Double[-90, 90]
                  from b in Gen.Double[-90, 90]
                  select new BoundingBox(west, Math.Min(a, b), east, Math.Max(a, b));

        box.Sample(b =>
        {
            string text = string.Join(",", new[] { b.West, b.South, b.East, b.North }.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            Assert.Equal(b, BoundingBox.Parse(text));
        }, iter: FuzzIterations.For(20_000));
    }

    [Fact]
    public void Datetime_parser_accepts_intervals_and_rejects_the_rest_cleanly()
    {
        var instant = Gen.DateTime[new DateTime(1, 1, 1), new DateTime(9999, 12, 30)].Select(d => d.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        var part = Gen.OneOf(instant, instant.Select(s => s[..10]), Gen.Int[0, 9999].Select(y => y.ToString(CultureInfo.InvariantCulture)),
            Pick("..", "", "2020-02-30", "2020-01-01T25:00:00Z", "T", "/"), Junk);
        var text = Gen.OneOf(part, part.Select(part).Select((a, b) => a + "/" + b), Junk);

        text.Sample(t =>
        {
            try
            {
                var interval = DateInterval.Parse(t);
                Assert.True(interval.Start is null || interval.End is null || interval.Start <= interval.End);
                Assert.False(interval.Start is null && interval.End is null);
            }
            catch (InvalidParameterException e)
            {
                Assert.Equal("datetime", e.Parameter);
            }
        }, iter: FuzzIterations.For(20_000));
    }
}
