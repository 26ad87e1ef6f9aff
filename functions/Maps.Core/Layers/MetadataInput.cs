namespace Maps.Core.Layers;

/// <summary>
/// Metadata given for a collection, every member optional: a publish's query parameters or its
/// <c>&lt;id&gt;.collection.json</c> sidecar, or the import's <c>metadata.json</c> beside a cell-site CSV. The one
/// shape of given metadata; <see cref="CollectionMetadata"/> is the one record it completes (<see cref="ApplyTo"/>).
/// Blank text counts as not given, and given text is trimmed.
/// </summary>
public sealed record MetadataInput
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? License { get; init; }
    public string? LicenseUrl { get; init; }
    public string? Attribution { get; init; }
    public string? Source { get; init; }
    public string? SourceUrl { get; init; }
    public string? DateProperty { get; init; }
    public string? GeometryType { get; init; }

    /// <summary>From a sidecar only: keywords, and curated queryables (descriptions, enums, order).</summary>
    public IReadOnlyList<string>? Keywords { get; init; }

    public IReadOnlyList<QueryableProperty>? Queryables { get; init; }

    /// <summary>What a collection needs before it has a record: <c>title</c>, <c>license</c>, <c>attribution</c>, <c>source</c>.</summary>
    public IReadOnlyList<string> MissingForNew() =>
        new (string Name, string? Value)[] { ("title", Title), ("license", License), ("attribution", Attribution), ("source", Source) }
            .Where(p => Given(p.Value) is null).Select(p => p.Name).ToArray();

    /// <summary>This input, with what it does not give taken from <paramref name="lower"/>.</summary>
    public MetadataInput Over(MetadataInput lower) => new()
    {
        Title = Given(Title) ?? Given(lower.Title),
        Description = Given(Description) ?? Given(lower.Description),
        License = Given(License) ?? Given(lower.License),
        LicenseUrl = Given(LicenseUrl) ?? Given(lower.LicenseUrl),
        Attribution = Given(Attribution) ?? Given(lower.Attribution),
        Source = Given(Source) ?? Given(lower.Source),
        SourceUrl = Given(SourceUrl) ?? Given(lower.SourceUrl),
        DateProperty = Given(DateProperty) ?? Given(lower.DateProperty),
        GeometryType = Given(GeometryType) ?? Given(lower.GeometryType),
        Keywords = Keywords ?? lower.Keywords,
        Queryables = Queryables ?? lower.Queryables,
    };

    /// <summary>
    /// <paramref name="current"/> with what this input gives. A licence's URL goes with it, as does a source's: a
    /// different licence or source without a URL leaves none, so the old URL is never shown beside a licence it does not name.
    /// The geometry type and the curated queryables are not the record's to take: the ingest derives both.
    /// </summary>
    public CollectionMetadata ApplyTo(CollectionMetadata current) => current with
    {
        Title = Given(Title) ?? current.Title,
        Description = Given(Description) ?? current.Description,
        Keywords = Keywords ?? current.Keywords,
        License = Given(License) ?? current.License,
        LicenseUrl = Changes(License, current.License) ? Given(LicenseUrl) : Given(LicenseUrl) ?? current.LicenseUrl,
        Attribution = Given(Attribution) ?? current.Attribution,
        Source = Given(Source) ?? current.Source,
        SourceUrl = Changes(Source, current.Source) ? Given(SourceUrl) : Given(SourceUrl) ?? current.SourceUrl,
        DateProperty = Given(DateProperty) ?? current.DateProperty,
    };

    private static bool Changes(string? given, string current) => Given(given) is { } value && value != current;

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
