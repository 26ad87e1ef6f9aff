using CsCheck;
using Maps.Core.Import;

namespace Maps.Formats.Tests.Ofds;

/// <summary>
/// Mutated and truncated examples either read or fail with <see cref="ImportFileException"/>; nothing
/// else escapes. Runs <c>MAPS_FUZZ_ITERATIONS</c> cases when set.
/// </summary>
public sealed class OfdsFuzzTests
{
    private static readonly byte[] Package = OfdsTestData.Bytes("network-package.json");
    private static readonly byte[] Spans = OfdsTestData.Bytes("spans.geojson");
    private static readonly byte[] Pair = OfdsTestData.ExamplePair();

    /// <summary>Bytes JSON is made of, so mutations reach past the tokenizer.</summary>
    private static readonly byte[] Interesting = "{}[]\",:0123456789.-eEtrufalsn \\u".Select(c => (byte)c).ToArray();

    private static long Iterations => long.TryParse(Environment.GetEnvironmentVariable("MAPS_FUZZ_ITERATIONS"), out long n) && n > 0 ? n : 300;

    [Fact]
    public void Mutated_packages_read_or_fail_as_a_file_error() => Mutations(Package).Sample(ReadsOrFails, iter: Iterations);

    [Fact]
    public void Mutated_geojson_read_or_fails_as_a_file_error() => Mutations(Spans).Sample(ReadsOrFails, iter: Iterations);

    [Fact]
    public void Mutated_zips_read_or_fail_as_a_file_error() => Mutations(Pair).Sample(ReadsOrFails, iter: Iterations);

    [Fact]
    public void Truncated_examples_read_or_fail_as_a_file_error()
    {
        foreach (var example in new[] { Package, Spans, Pair })
            Gen.Int[0, example.Length - 2].Sample(n => ReadsOrFails(example[..n]), iter: Iterations);
    }

    /// <summary>One to eight byte replacements, insertions or deletions.</summary>
    private static Gen<byte[]> Mutations(byte[] source) =>
        Gen.Select(Gen.Int[0, source.Length - 1], Gen.Int[0, 2], Gen.OneOf(Gen.Byte, Gen.Int[0, Interesting.Length - 1].Select(i => Interesting[i])))
            .Array[1, 8]
            .Select(edits =>
            {
                var bytes = source.ToList();
                foreach (var (at, kind, value) in edits)
                {
                    int i = Math.Min(at, bytes.Count - 1);
                    if (i < 0)
                        break;
                    switch (kind)
                    {
                        case 0:
                            bytes[i] = value;
                            break;
                        case 1:
                            bytes.Insert(i, value);
                            break;
                        default:
                            bytes.RemoveAt(i);
                            break;
                    }
                }
                return bytes.ToArray();
            });

    private static void ReadsOrFails(byte[] body)
    {
        try
        {
            var run = OfdsTestData.Read(body);
            Assert.Equal(run.Spans.Count + run.Nodes.Count, run.Count);
        }
        catch (ImportFileException)
        {
        }
    }
}
