namespace Maps.Import;

/// <summary>
/// A layer has features that are not of its declared geometry type and cannot be promoted to it
/// (<see cref="GeometryTypes"/>). It fails the whole import, like an unreadable source: the declared type is
/// the mapper's promise, so the mapper must change, not the data be written under a false type.
/// </summary>
internal sealed class GeometryTypeMismatchException(string layer, string message) : Exception($"{layer}: {message}")
{
    public string Layer { get; } = layer;
}
