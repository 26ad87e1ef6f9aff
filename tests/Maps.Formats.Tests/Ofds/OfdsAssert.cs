using System.Text.Json;

namespace Maps.Formats.Tests.Ofds;

internal static class OfdsAssert
{
    /// <summary>The same features in the same order: equal as JSON (whitespace aside), same index and CRS.</summary>
    public static void SameFeatures(IReadOnlyList<Collected> expected, IReadOnlyList<Collected> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Index, actual[i].Index);
            Assert.Equal(expected[i].Crs, actual[i].Crs);
            Assert.True(JsonElement.DeepEquals(expected[i].Element, actual[i].Element),
                $"feature {i} differs:\n{expected[i].Json}\n{actual[i].Json}");
        }
    }
}
