using System.Globalization;

namespace Maps.EndToEnd.Tests.Support;

/// <summary>What /proc says of a process: its descendants (the Functions host's worker) and its resident memory. Shared with the benchmarks.</summary>
public static class ProcFs
{
    /// <summary>The process and its descendants.</summary>
    public static IReadOnlyList<int> Tree(int pid)
    {
        var tree = new List<int> { pid };
        for (int i = 0; i < tree.Count; i++)
        {
            foreach (var task in SafeDirectories($"/proc/{tree[i]}/task"))
            {
                string children = SafeRead(Path.Combine(task, "children"));
                tree.AddRange(children.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
            }
        }
        return tree.Distinct().ToArray();
    }

    /// <summary>Resident memory of one process in bytes (VmRSS), 0 when it is gone.</summary>
    public static long ResidentBytes(int pid)
    {
        foreach (var line in SafeRead($"/proc/{pid}/status").Split('\n'))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        return 0;
    }

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string[] SafeDirectories(string path)
    {
        try
        {
            return Directory.GetDirectories(path);
        }
        catch (IOException)
        {
            return [];
        }
    }
}
