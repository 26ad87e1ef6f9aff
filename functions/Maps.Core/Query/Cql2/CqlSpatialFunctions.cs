using Maps.Core.Layers;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.RelateNG;
using NetTopologySuite.Operation.Valid;

namespace Maps.Core.Query.Cql2;

/// <summary>
/// The eight spatial functions with their DE-9IM meaning (OGC Simple Features) in CRS84, computed by
/// NetTopologySuite's RelateNG (robust where the older relate throws on a country split at ±180°,
/// such as Natural Earth's Russia). A literal side is prepared once per request. BBOX with west &gt; east is the
/// two boxes either side of ±180°.
/// </summary>
internal static class CqlSpatialFunctions
{
    /// <summary>Each function's predicate, and its converse for the literal on the left (within ↔ contains; the rest are symmetric).</summary>
    private static readonly Dictionary<string, (Func<TopologyPredicate> Predicate, Func<TopologyPredicate> Converse)> Functions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["s_intersects"] = (RelatePredicate.Intersects, RelatePredicate.Intersects),
        ["s_disjoint"] = (RelatePredicate.Disjoint, RelatePredicate.Disjoint),
        ["s_equals"] = (RelatePredicate.EqualsTopologically, RelatePredicate.EqualsTopologically),
        ["s_touches"] = (RelatePredicate.Touches, RelatePredicate.Touches),
        ["s_within"] = (RelatePredicate.Within, RelatePredicate.Contains),
        ["s_overlaps"] = (RelatePredicate.Overlaps, RelatePredicate.Overlaps),
        ["s_crosses"] = (RelatePredicate.Crosses, RelatePredicate.Crosses),
        ["s_contains"] = (RelatePredicate.Contains, RelatePredicate.Within),
    };

    public static bool IsKnown(string op) => Functions.ContainsKey(op);

    public static CqlNode Compile(CqlCompiler compiler, CqlOperation operation)
    {
        var args = compiler.Arguments(operation, 2);
        for (int i = 0; i < 2; i++)
        {
            if (args[i].Type is not (CqlType.Geometry or CqlType.Null))
                throw CqlErrors.At(args[i].Where.Length > 0 ? args[i].Where : operation.Where,
                    $"'{operation.Op}' relates geometries, but {CqlCompiler.Describe(operation.Args[i])} is {CqlCompiler.Article(args[i].Type)}.");
            if (args[i].Constant is { Type: CqlType.Geometry } literal)
                RequireValid(literal.Geometry, args[i].Where);
        }
        var (left, right) = (args[0], args[1]);
        var (predicate, converse) = Functions[operation.Op];
        if (right.Constant is { Type: CqlType.Geometry } constant && left.Constant is null)
        {
            // The literal prepared once (its indexes kept), as the first operand: hence the converse.
            var literal = RelateNG.Prepare(constant.Geometry);
            return CqlNode.Of(CqlType.Boolean, f => Safely(left.Evaluate(f), g => literal.Evaluate(g, converse())), operation.Where);
        }
        return CqlNode.Derived(CqlType.Boolean, args, f =>
        {
            var b = right.Evaluate(f);
            return b.IsNull ? CqlValue.Null : Safely(left.Evaluate(f), a => RelateNG.Relate(a, b.Geometry, predicate()));
        }, operation.Where);
    }

    private static CqlValue Safely(CqlValue value, Func<Geometry, bool> relate)
    {
        if (value.Type != CqlType.Geometry)
            return CqlValue.Null;
        try
        {
            return CqlValue.Of(relate(value.Geometry));
        }
        catch (TopologyException)
        {
            return CqlValue.Null;
        }
    }

    private static void RequireValid(Geometry geometry, string where)
    {
        var check = new IsValidOp(geometry);
        if (!check.IsValid)
            throw CqlErrors.At(where, $"The {geometry.GeometryType} literal is not a valid geometry: {check.ValidationError.Message} at {check.ValidationError.Coordinate}.");
    }

    /// <summary>The box as a polygon, or as two polygons when it crosses ±180°.</summary>
    public static Geometry BoxGeometry(CqlBbox box)
    {
        var factory = GeoJsonOptions.Factory;
        var bounds = new BoundingBox(box.West, box.South, box.East, box.North).Envelopes();
        // A box of no width or height is a line or a point: ToGeometry gives those, not a degenerate polygon.
        var parts = bounds.Select(factory.ToGeometry).ToArray();
        return parts.Length == 1 ? parts[0] : factory.BuildGeometry(parts);
    }
}
