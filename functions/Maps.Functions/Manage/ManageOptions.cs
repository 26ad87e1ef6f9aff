namespace Maps.Functions.Manage;

/// <summary>Settings under <c>Maps:Manage</c> (environment: <c>Maps__Manage__MaxUploadBytes</c>).</summary>
public sealed class ManageOptions
{
    public const string Section = "Maps:Manage";

    /// <summary>
    /// The most bytes one publish reads, counted decoded (a gzip body, a file given by href): 2 GiB
    /// by default. What crosses the wire to the Functions host is capped apart, at 100 MB; a
    /// larger upload is sent compressed or by href. Publishing holds a few bytes per feature in
    /// memory whatever the size; the rest is spooled to disk.
    /// </summary>
    public long MaxUploadBytes { get; set; } = 2L << 30;
}
