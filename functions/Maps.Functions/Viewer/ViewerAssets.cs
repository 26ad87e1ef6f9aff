using System.Collections.Frozen;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;

namespace Maps.Functions.Viewer;

/// <summary>One file of the viewer: its bytes, gzip-compressed bytes, media type and strong ETag.</summary>
public sealed record ViewerAsset(string Path, byte[] Content, byte[] Gzip, string ContentType, string ETag, string CacheControl);

/// <summary>
/// The viewer's static files (<c>wwwroot/viewer/**</c>), embedded in the handler assembly as
/// resources named <c>viewer/&lt;relative path&gt;</c>, so the published executable is
/// self-contained and <c>dotnet run</c> needs no npm or file-system layout. Read and gzip-compressed
/// once, on first use (about 2 MB in, 0.5 MB compressed); lookups are a frozen dictionary and
/// thread-safe. Unknown extensions are not served (only the types below).
/// </summary>
public static class ViewerAssets
{
    public const string ResourcePrefix = "viewer/";
    public const string IndexPath = "index.html";

    private const string NoCache = "no-cache";
    private const string ShortCache = "public, max-age=300";
    private const string VendorCache = "public, max-age=86400";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".mjs"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".geojson"] = "application/geo+json",
        [".json"] = "application/json",
        [".txt"] = "text/plain; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<FrozenDictionary<string, ViewerAsset>> All = new(Load);

    /// <summary>Every asset by its path below <c>/api/viewer/</c> (ordinal, case-sensitive, as URLs are).</summary>
    public static IReadOnlyDictionary<string, ViewerAsset> Assets => All.Value;

    public static ViewerAsset? Find(string path) => All.Value.GetValueOrDefault(path);

    private static FrozenDictionary<string, ViewerAsset> Load()
    {
        var assembly = typeof(ViewerAssets).Assembly;
        var assets = new Dictionary<string, ViewerAsset>(StringComparer.Ordinal);
        foreach (string name in assembly.GetManifestResourceNames())
        {
            // RecursiveDir in the resource name uses the build machine's separator.
            string normalized = name.Replace('\\', '/');
            if (!normalized.StartsWith(ResourcePrefix, StringComparison.Ordinal))
                continue;
            string path = normalized[ResourcePrefix.Length..];
            if (!ContentTypes.TryGetValue(Path.GetExtension(path), out string? contentType))
                continue;
            byte[] content = Read(assembly, name);
            string cacheControl = path == IndexPath ? NoCache : path.StartsWith("vendor/", StringComparison.Ordinal) ? VendorCache : ShortCache;
            string etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..20] + "\"";
            assets[path] = new ViewerAsset(path, content, Gzip(content), contentType, etag, cacheControl);
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static byte[] Gzip(byte[] content)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(content);
        return memory.ToArray();
    }
}
