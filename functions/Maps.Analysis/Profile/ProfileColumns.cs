using System.Globalization;

namespace Maps.Analysis.Profile;

/// <summary>What a profile column holds.</summary>
public enum ProfileColumnKind { Distance, Id, SchoolsWithin, PopulationWithin, Proximity }

/// <summary>One answer column: its name, what it holds, and the nearest role or radius it reads.</summary>
public sealed record ProfileColumn(string Name, ProfileColumnKind Kind, int Role = -1, int Radius = -1);

/// <summary>
/// The nearest-feature columns of the profile, in Giga's names: each role is a pair
/// <c>{prefix}_distance</c>, <c>{prefix}_id</c> (km; the id of the nearest feature).
/// </summary>
public static class ProfileRoles
{
    public const int Fibre = 0, Microwave = 1, NR = 2, LTE = 3, UMTS = 4, GSM = 5;

    /// <summary>Column prefix of each role, by role number.</summary>
    public static readonly string[] Prefixes = ["fiber_node", "microwave_node", "nearest_NR", "nearest_LTE", "nearest_UMTS", "nearest_GSM"];

    /// <summary>The <c>radio_type</c> of the cell-site roles (2 to 5), by role number; null for fibre and microwave.</summary>
    public static readonly string?[] RadioTypes = [null, null, "5G", "4G", "3G", "2G"];

    public static int Count => Prefixes.Length;
}

/// <summary>The ITU bands of the distance to fibre.</summary>
public static class ProximityBands
{
    /// <summary>Band names, nearest first; a distance d falls in the first band whose upper bound it does not exceed.</summary>
    public static readonly string[] Names = ["within 10km", "10-25km", "25-50km", "50-100km", ">100km"];

    private static readonly double[] UpperKm = [10, 25, 50, 100, double.PositiveInfinity];

    public static int Of(double distanceKm)
    {
        for (int i = 0; i < UpperKm.Length; i++)
        {
            if (distanceKm <= UpperKm[i])
                return i;
        }
        return UpperKm.Length - 1;
    }
}

/// <summary>Builds the column list of a request: every column in Giga's order, or the subset <c>columns=</c> names.</summary>
public static class ProfileColumnSet
{
    public static string RadiusName(double radiusKm) => radiusKm.ToString("R", CultureInfo.InvariantCulture) + "km";

    /// <summary>Every column for these radii, in answer order (without <c>error</c>).</summary>
    public static List<ProfileColumn> All(IReadOnlyList<double> radiiKm)
    {
        var columns = new List<ProfileColumn>();
        for (int role = 0; role < ProfileRoles.Count; role++)
        {
            columns.Add(new ProfileColumn(ProfileRoles.Prefixes[role] + "_distance", ProfileColumnKind.Distance, role));
            columns.Add(new ProfileColumn(ProfileRoles.Prefixes[role] + "_id", ProfileColumnKind.Id, role));
        }
        for (int r = 0; r < radiiKm.Count; r++)
            columns.Add(new ProfileColumn("schools_within_" + RadiusName(radiiKm[r]), ProfileColumnKind.SchoolsWithin, Radius: r));
        for (int r = 0; r < radiiKm.Count; r++)
            columns.Add(new ProfileColumn("pop_within_" + RadiusName(radiiKm[r]), ProfileColumnKind.PopulationWithin, Radius: r));
        columns.Add(new ProfileColumn("proximity", ProfileColumnKind.Proximity, ProfileRoles.Fibre));
        return columns;
    }
}
