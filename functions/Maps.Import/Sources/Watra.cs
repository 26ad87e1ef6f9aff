namespace Maps.Import.Sources;

/// <summary>Facts shared by the WATRA (ITU) layers.</summary>
internal static class Watra
{
    public const string Folder = "watra-itu/";
    public const string License = "MIT";
    public const string LicenseUrl = "https://github.com/FNS-Division/WATRA-fiber-data/blob/fa852d403f9d817a4b02ab3423c8c75fcadac2d7/LICENSE";
    public const string Attribution = "ITU Future Networks and Spectrum Management Division, WATRA backbone data (MIT licence, © 2025)";
    public const string Source = "ITU WATRA fibre data, GitHub FNS-Division/WATRA-fiber-data, commit fa852d40";
    public const string SourceUrl = "https://github.com/FNS-Division/WATRA-fiber-data";
    public static readonly IReadOnlyList<string> Keywords = ["WATRA", "ITU", "West Africa", "backbone"];
}
