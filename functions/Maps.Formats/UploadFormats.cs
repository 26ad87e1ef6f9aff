namespace Maps.Formats;

/// <summary>
/// The upload formats, and how a request picks one: <c>?format=</c> (<see cref="ById"/>), the content type
/// (<see cref="ByMediaType"/>) or a multipart part's file name (<see cref="ByFileName"/>). Each returns null
/// when nothing matches, for the caller to answer 415 with the list.
/// </summary>
public static class UploadFormats
{
    /// <summary>Every format, in the order a listing shows them.</summary>
    public static IReadOnlyList<IUploadFormat> All { get; } =
    [
        new GeoJsonFormat(),
        new GeoJsonSeqFormat(),
        new CsvFormat(),
        new GeoPackageFormat(),
        new ShapefileFormat(),
        new Ofds.OfdsFormat(),
    ];

    public static IUploadFormat? ById(string? id) =>
        string.IsNullOrWhiteSpace(id) ? null : All.FirstOrDefault(f => string.Equals(f.Id, id.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>By content type, parameters (<c>; charset=utf-8</c>) ignored.</summary>
    public static IUploadFormat? ByMediaType(string? mediaType)
    {
        if (string.IsNullOrWhiteSpace(mediaType))
            return null;
        int semicolon = mediaType.IndexOf(';');
        string type = (semicolon < 0 ? mediaType : mediaType[..semicolon]).Trim();
        return All.FirstOrDefault(f => f.MediaTypes.Contains(type, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>By the longest file name ending that a format claims (<c>.shp.zip</c> before <c>.zip</c>).</summary>
    public static IUploadFormat? ByFileName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
            return null;
        string name = fileName.Trim();
        return All
            .SelectMany(f => f.Extensions.Select(e => (Format: f, Extension: e)))
            .Where(p => name.EndsWith(p.Extension, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(p => p.Extension.Length)
            .Select(p => p.Format)
            .FirstOrDefault();
    }
}
