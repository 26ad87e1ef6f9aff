namespace Maps.Storage.Local;

/// <summary>
/// Settings under <c>Maps:LocalStore</c> (environment: <c>Maps__LocalStore__Directory</c>, ...): the layer
/// store of the embedded mode, used when no Table Storage is configured.
/// </summary>
public sealed class LocalStoreOptions
{
    public const string Section = "Maps:LocalStore";

    /// <summary>
    /// Where published versions live. Default: <c>maps/store</c> under the user's local application data
    /// (<c>~/.local/share/maps/store</c> on Linux), outside any checkout, so a fresh clone starts empty and
    /// publishing never touches the repository's files.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>How often an instance re-reads the catalog file for versions another process published, in seconds.</summary>
    public int RefreshSeconds { get; set; } = 5;

    /// <summary>Complete versions kept per collection, the current one among them; a publish deletes older ones.</summary>
    public int KeepVersions { get; set; } = 5;

    /// <summary>Versions being written after this many minutes whose writer still holds its lock are left alone; a writer whose process is gone is cleaned up at once.</summary>
    public int OrphanMinutes { get; set; } = 30;

    /// <summary>The steps a version file is written in, each one a <see cref="Publishing.PublishHooks.AfterBatchAsync"/> (tests use small ones).</summary>
    public int BlockBytes { get; set; } = 4 << 20;

    public string ResolvedDirectory => string.IsNullOrWhiteSpace(Directory)
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "maps", "store")
        : Path.GetFullPath(Directory);

    public StoreSettings Settings => new() { OrphanMinutes = OrphanMinutes, KeepVersions = KeepVersions, WriteConcurrency = 1, BlockBytes = BlockBytes };
}
