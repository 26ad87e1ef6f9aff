namespace Maps.Analysis;

/// <summary>
/// The input of a batch cannot be answered as given (an empty CSV, no position column, a parameter
/// out of range): nothing has been written, and the caller says so (HTTP: 400; a job: failed, with
/// this message).
/// </summary>
public sealed class BatchInputException(string message) : Exception(message);

/// <summary>
/// The input is over a limit (rows, bytes). Before any output the caller refuses it (HTTP: 413); after,
/// the batch answers the rows read so far and closes the answer with an error that says so.
/// </summary>
public class BatchLimitException(string message) : IOException(message)
{
    /// <summary>The error for a batch with more than <paramref name="maxRows"/> rows.</summary>
    public static BatchLimitException TooManyRows(long maxRows) =>
        new($"The body has more than {maxRows:N0} rows (Maps:Analysis:MaxRows); split it into smaller batches.");
}
