using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Maps.Core.Layers;
using Maps.Storage.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace Maps.Storage.Tests;

/// <summary>
/// The import and a publish are one ingest path: every shipped layer, published back through the manage API as the
/// GeoJSON it serves, gives a version whose features are the same bytes (ids, geometry, properties and their order)
/// and whose queryables and geometry type are the same. A rule applied twice (a status normalised, a length
/// measured, a date-time made UTC) must give what it gave once.
/// </summary>
public sealed class ImportPublishParityTests
{
    public static TheoryData<string> ShippedLayers()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(Path.Combine(RepoRoot.Path, "data", "layers"), "*.fgb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedLayers))]
    public async Task A_shipped_layer_published_as_it_is_served_is_the_same_layer(string id)
    {
        var shipped = Layer.Open(Path.Combine(RepoRoot.Path, "data", "layers", id + ".fgb"));
        var features = shipped.ReadAll().ToArray();
        var body = new MemoryStream();
        body.Write("{\"type\":\"FeatureCollection\",\"features\":["u8);
        for (int i = 0; i < features.Length; i++)
        {
            if (i > 0)
                body.WriteByte((byte)',');
            body.Write(features[i].GeoJson.Span);
        }
        body.Write("]}"u8);
        var store = new LocalStore();
        using var storeFactory = store.Factory();
        // The shipped schools are over the tests' 4 MB upload bound.
        using var factory = storeFactory.WithWebHostBuilder(builder => builder.UseSetting("Maps:Manage:MaxUploadBytes", (64 << 20).ToString()));
        using var client = factory.CreateClient();
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
        var post = new HttpRequestMessage(HttpMethod.Post, $"/api/manage/collections/{id}/versions") { Content = content };
        post.Headers.Add("x-functions-key", StorageApiFactory.Key);

        var report = await ManageApiTests.JsonAsync(await client.SendAsync(post), HttpStatusCode.Created);

        Assert.Equal(features.Length, report.GetProperty("written").GetInt32());
        var published = Layer.Open(Path.Combine(store.Directory, "versions", id, report.GetProperty("version").GetString()!, "layer.fgb"));
        var republished = published.ReadAll().ToDictionary(f => f.Id);
        var differing = features.Where(f => !republished[f.Id].GeoJson.Span.SequenceEqual(f.GeoJson.Span)).Take(3)
            .Select(f => $"{Encoding.UTF8.GetString(f.GeoJson.Span)}\n  became {Encoding.UTF8.GetString(republished[f.Id].GeoJson.Span)}").ToArray();
        Assert.True(differing.Length == 0, $"{id}: features differ:\n{string.Join("\n", differing)}");
        Assert.Equal(shipped.Metadata.GeometryType, published.Metadata.GeometryType);
        Assert.Equal(Json(shipped.Metadata.Queryables), Json(published.Metadata.Queryables));
    }

    private static string Json(IReadOnlyList<QueryableProperty> queryables) =>
        string.Join("\n", queryables.Select(q => JsonSerializer.Serialize(q)));
}
