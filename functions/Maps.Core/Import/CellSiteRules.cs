using NetTopologySuite.Geometries;

namespace Maps.Core.Import;

/// <summary>
/// What a cell-sites collection promises, for the import and the manage API's publish alike: every
/// feature is a Point with a <c>radio_type</c> of exactly <c>2G</c>, <c>3G</c>, <c>4G</c> or <c>5G</c>
/// (<see cref="RadioTypes"/>; from OpenCelliD's <c>radio</c> when there is no <c>radio_type</c>), and a
/// normalised <c>status</c> that is <c>operational</c> when the source says nothing (a cell site in a
/// cell database is on air unless it says otherwise). A feature that breaks the first two is rejected
/// with <see cref="Reason"/>. Stateless and thread-safe.
/// </summary>
public static class CellSiteRules
{
    /// <summary>The collection the profile analysis reads cell sites from by default.</summary>
    public const string CollectionId = "cell-sites";

    /// <summary>
    /// True for <c>cell-sites</c> and <c>cell-sites-&lt;anything&gt;</c> (a planner's
    /// <c>cell-sites-ken</c>, say): the collections these rules apply to.
    /// </summary>
    public static bool AppliesTo(string collectionId) =>
        collectionId == CollectionId || collectionId.StartsWith(CollectionId + "-", StringComparison.Ordinal);

    /// <summary>The <c>status</c> of a cell site: <c>operational</c> when the value is missing or blank, else <see cref="StatusNormaliser.Normalise"/>.</summary>
    public static string Status(string? value) =>
        string.IsNullOrWhiteSpace(value) ? StatusNormaliser.Operational : StatusNormaliser.Normalise(value);

    /// <summary>
    /// Why a feature cannot be a cell site, or null when it can: its geometry is not a Point (checked only
    /// when there is one; the validator reports a missing geometry), or its radio technology
    /// (<paramref name="radioType"/>, else <paramref name="radio"/>) is not one <see cref="RadioTypes"/> knows.
    /// </summary>
    public static string? Reason(Geometry? geometry, string? radioType, string? radio)
    {
        if (geometry is not null and not Point)
            return $"a cell site is a Point, not a {geometry.GeometryType}";
        string? given = string.IsNullOrWhiteSpace(radioType) ? radio : radioType;
        return RadioTypes.Normalise(given) is null ? RadioTypes.RejectionReason(given) : null;
    }

    /// <summary>The normalised <c>radio_type</c> (from <paramref name="radioType"/>, else <paramref name="radio"/>), or null.</summary>
    public static string? RadioType(string? radioType, string? radio) =>
        RadioTypes.Normalise(string.IsNullOrWhiteSpace(radioType) ? radio : radioType);
}
