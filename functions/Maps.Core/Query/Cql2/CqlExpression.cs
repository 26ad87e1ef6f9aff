using NetTopologySuite.Geometries;

namespace Maps.Core.Query.Cql2;

/// <summary>
/// A parsed CQL2 expression (OGC 21-065r2). CQL2 text and CQL2 JSON parse to the same tree, shaped
/// like CQL2 JSON: operations carry the JSON <c>op</c> name and their arguments; literals and
/// property references are leaves. Trees are compared through <see cref="CqlText.Write"/>, not by
/// record equality (lists compare by reference).
/// </summary>
public abstract record CqlExpression
{
    /// <summary>
    /// Where the expression starts in the request, for error messages: <c>position 12</c> (1-based
    /// character of CQL2 text) or a JSON Pointer into CQL2 JSON (<c>/args/0</c>).
    /// </summary>
    public string Where { get; init; } = "";
}

/// <summary>
/// An operator, predicate or function applied to arguments. <see cref="Op"/> is spelled as in CQL2
/// JSON: <c>and</c>, <c>or</c>, <c>not</c>, <c>=</c>, <c>&lt;&gt;</c>, <c>&lt;</c>, <c>&gt;</c>,
/// <c>&lt;=</c>, <c>&gt;=</c>, <c>like</c>, <c>between</c>, <c>in</c> (args: value, array),
/// <c>isNull</c>, <c>casei</c>, <c>accenti</c>, <c>s_intersects</c> … <c>t_after</c> …
/// <c>a_equals</c> …, <c>+</c> <c>-</c> <c>*</c> <c>/</c> <c>%</c> <c>div</c> <c>^</c> (a negation
/// is <c>-1 * x</c>). Any other name is a function call as written.
/// <c>and</c>/<c>or</c> hold two or more arguments, flattened.
/// </summary>
public sealed record CqlOperation(string Op, IReadOnlyList<CqlExpression> Args) : CqlExpression;

/// <summary>A property (queryable) by name, as written (case-sensitive).</summary>
public sealed record CqlProperty(string Name) : CqlExpression;

public sealed record CqlString(string Value) : CqlExpression;

public sealed record CqlNumber(double Value) : CqlExpression;

public sealed record CqlBoolean(bool Value) : CqlExpression;

/// <summary><c>DATE('2022-04-16')</c> / <c>{"date": "2022-04-16"}</c>.</summary>
public sealed record CqlDate(DateOnly Value) : CqlExpression;

/// <summary><c>TIMESTAMP('2022-04-16T10:13:19Z')</c> / <c>{"timestamp": …}</c>, in UTC.</summary>
public sealed record CqlTimestamp(DateTimeOffset Value) : CqlExpression;

/// <summary><c>INTERVAL(a, b)</c>; a null end is <c>'..'</c> (open). Ends are dates, timestamps, properties or functions.</summary>
public sealed record CqlInterval(CqlExpression? Start, CqlExpression? End) : CqlExpression;

/// <summary>A WKT or GeoJSON geometry literal in CRS84 (heights dropped).</summary>
public sealed record CqlGeometry(Geometry Value) : CqlExpression;

/// <summary><c>BBOX(w, s, e, n)</c> (heights dropped); <see cref="West"/> &gt; <see cref="East"/> is the box across ±180°.</summary>
public sealed record CqlBbox(double West, double South, double East, double North) : CqlExpression;

/// <summary>An array literal: <c>('a', 'b')</c> in text, a JSON array in JSON.</summary>
public sealed record CqlArray(IReadOnlyList<CqlExpression> Items) : CqlExpression;
