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
    public static long ResidentBytes(int pid) => StatusBytes(pid, "VmRSS:");

    /// <summary>The most resident memory the process has had, in bytes (VmHWM), 0 when it is gone.</summary>
    public static long PeakResidentBytes(int pid) => StatusBytes(pid, "VmHWM:");

    /// <summary>A <c>/proc/{pid}/status</c> line such as <c>VmRSS:\t 123456 kB</c>, in bytes (the name is followed by a tab, then spaces).</summary>
    private static long StatusBytes(int pid, string name)
    {
        foreach (var line in SafeRead($"/proc/{pid}/status").Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
                return long.Parse(line[name.Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture) * 1024;
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
