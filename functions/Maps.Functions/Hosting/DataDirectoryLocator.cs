namespace Maps.Functions.Hosting;

/// <summary>Finds the shipped <c>data/layers</c> folder when none is configured.</summary>
public static class DataDirectoryLocator
{
    public static string Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return Path.GetFullPath(configured);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data", "layers");
                if (Directory.Exists(candidate))
                    return candidate;
            }
        }
        throw new DirectoryNotFoundException(
            "No data/layers folder found from the working directory or the executable upwards; set Maps__DataDirectory.");
    }
}
