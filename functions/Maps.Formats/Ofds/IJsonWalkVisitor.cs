using System.Text.Json;

namespace Maps.Formats.Ofds;

/// <summary>What <see cref="JsonStreamWalker"/> does with one value.</summary>
internal enum JsonWalkAction
{
    /// <summary>Step into the object or array (only for those).</summary>
    Enter,

    /// <summary>Hand the whole value to <see cref="IJsonWalkVisitor.Captured"/> as raw UTF-8.</summary>
    Capture,

    /// <summary>Step over the value.</summary>
    Skip,
}

/// <summary>
/// Steers a <see cref="JsonStreamWalker"/>. A path is the member names from the root to a value, with
/// <c>[]</c> for an array element (the root is the empty path).
/// </summary>
internal interface IJsonWalkVisitor
{
    /// <summary>
    /// What to do with the value starting with <paramref name="token"/> at <paramref name="path"/>. May be asked
    /// more than once for the same value (when the data ends inside it and the walker retries), so it must
    /// have no side effects; it may throw to reject the document's shape.
    /// </summary>
    JsonWalkAction Decide(IReadOnlyList<string> path, JsonTokenType token);

    /// <summary>An object or array was entered (<see cref="JsonWalkAction.Enter"/>).</summary>
    void Entered(IReadOnlyList<string> path);

    /// <summary>The object or array at <paramref name="path"/> was closed.</summary>
    void Exited(IReadOnlyList<string> path);

    /// <summary>A captured value, complete; the span is only valid during the call.</summary>
    void Captured(IReadOnlyList<string> path, ReadOnlySpan<byte> value);

    /// <summary>When true after a step, the walker returns to its caller's pause callback before going on.</summary>
    bool WantsPause { get; }
}
