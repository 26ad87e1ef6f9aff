using System.Text.Json;
using Maps.Core.Import;

namespace Maps.Core.Tests.Import;

public sealed class JsonTextTests
{
    [Theory]
    [InlineData("""{"a":"\ud800"}""", true)]
    [InlineData("""{"\udc00":1}""", true)]
    [InlineData("""{"a":[1,{"b":["ok","\ud800x"]}]}""", true)]
    [InlineData("""{"a":"\ud83d\ude00","b":"é","c":[1,null,true]}""", false)]
    [InlineData("""[]""", false)]
    public void Lone_surrogates_anywhere_are_found(string json, bool expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expected, JsonText.HasInvalidUtf16(document.RootElement));
    }
}
