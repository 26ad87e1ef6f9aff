namespace Maps.Storage.Jobs;

/// <summary>The names of a job's files (blobs in Azure Storage, files locally), all under <c>{job}/</c>.</summary>
public static class JobFiles
{
    public static string Prefix(string job) => job + "/";

    /// <summary>The points given by value, as sent.</summary>
    public static string Input(string job) => $"{job}/input";

    /// <summary>The positions of the input's distinct schools, for a profile counting them (every chunk needs all of them).</summary>
    public static string Schools(string job) => $"{job}/schools.bin";

    public static string ChunkInput(string job, int chunk) => $"{job}/chunks/{chunk:D6}.in";

    /// <summary>A chunk's answer rows (CSV records without the header, or GeoJSON features comma-joined).</summary>
    public static string ChunkOutput(string job, int chunk) => $"{job}/chunks/{chunk:D6}.out";

    /// <summary>What an answer has besides rows: the CSV header, or the GeoJSON head and trailer; and a summary to merge.</summary>
    public static string ChunkFrame(string job, int chunk) => $"{job}/chunks/{chunk:D6}.frame.json";
}
