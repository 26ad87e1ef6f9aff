namespace Maps.Import;

/// <summary>Finds the repository root: the nearest ancestor folder holding <c>Maps.sln</c>.</summary>
internal static class RepositoryRoot
{
    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Maps.sln")))
                return dir.FullName;
        return null;
    }
}
