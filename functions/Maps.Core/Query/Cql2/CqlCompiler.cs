using Maps.Core.Layers;

namespace Maps.Core.Query.Cql2;

/// <summary>
/// Types a CQL2 expression against a collection's queryables and compiles it to a predicate over
/// features, once per request. Unknown properties, functions and type mismatches are 400s that say
/// where. Evaluation follows CQL2's three-valued logic: a comparison with a null is null (unknown),
/// and a feature matches only when the whole filter is true.
/// </summary>
public sealed class CqlCompiler
{
    private readonly CollectionMetadata _metadata;

    private CqlCompiler(CollectionMetadata metadata) => _metadata = metadata;

    /// <summary>The filter as a predicate: true only when the expression evaluates to TRUE.</summary>
    public static Func<LayerFeature, bool> CompilePredicate(CqlExpression expression, CollectionMetadata metadata)
    {
        var node = new CqlCompiler(metadata).CompileBoolean(expression);
        if (node.Constant is { } constant)
        {
            bool always = constant.Type == CqlType.Boolean && constant.Boolean;
            return _ => always;
        }
        var evaluate = node.Evaluate;
        return feature => evaluate(feature) is { Type: CqlType.Boolean, Number: not 0 };
    }

    /// <summary>The value of a property-free expression (a literal geometry, a date), or null when it reads features.</summary>
    public static CqlValue? ConstantValue(CqlExpression expression, CollectionMetadata metadata) =>
        new CqlCompiler(metadata).Compile(expression).Constant;

    internal CqlNode CompileBoolean(CqlExpression expression)
    {
        var node = Compile(expression);
        if (node.Type is not (CqlType.Boolean or CqlType.Any or CqlType.Null))
            throw CqlErrors.At(expression.Where, $"Expected a predicate (true or false), found {Describe(expression)}, which is {Article(node.Type)}.");
        return node;
    }

    internal CqlNode Compile(CqlExpression expression) => expression switch
    {
        CqlProperty property => CompileProperty(property),
        CqlString s => CqlNode.Const(CqlValue.Of(s.Value), s.Where),
        CqlNumber n => CqlNode.Const(CqlValue.Of(n.Value), n.Where),
        CqlBoolean b => CqlNode.Const(CqlValue.Of(b.Value), b.Where),
        CqlDate d => CqlNode.Const(CqlValue.Of(d.Value), d.Where),
        CqlTimestamp t => CqlNode.Const(CqlValue.Of(t.Value), t.Where),
        CqlInterval interval => CqlTemporalFunctions.CompileInterval(this, interval),
        CqlGeometry g => CqlNode.Const(CqlValue.Of(g.Value), g.Where),
        CqlBbox box => CqlNode.Const(CqlValue.Of(CqlSpatialFunctions.BoxGeometry(box)), box.Where),
        CqlArray array => CompileArray(array),
        CqlOperation operation => CompileOperation(operation),
        _ => throw CqlErrors.At(expression.Where, "Unsupported expression."),
    };

    private CqlNode CompileProperty(CqlProperty property)
    {
        if (property.Name == _metadata.GeometryQueryable)
            return CqlNode.Of(CqlType.Geometry, f => CqlValue.Of(f.Geometry), property.Where);
        if (_metadata.FindQueryable(property.Name) is { } queryable)
            return CqlNode.Of(CqlPropertyReader.TypeOf(queryable.Kind), CqlPropertyReader.For(queryable), property.Where);
        if (property.Name == "id")
            return CqlNode.Of(CqlType.String, f => CqlValue.Of(f.Id), property.Where);
        var names = _metadata.Queryables.Select(q => q.Name).Prepend(_metadata.GeometryQueryable).Take(40);
        throw CqlErrors.At(property.Where,
            $"'{property.Name}' is not a queryable of '{_metadata.Id}'; it has: {string.Join(", ", names)} (see /collections/{_metadata.Id}/queryables).");
    }

    private CqlNode CompileArray(CqlArray array)
    {
        var items = array.Items.Select(Compile).ToArray();
        return CqlNode.Derived(CqlType.Array, items, f =>
        {
            var values = new CqlValue[items.Length];
            for (int i = 0; i < items.Length; i++)
                values[i] = items[i].Evaluate(f);
            return CqlValue.Of(values);
        }, array.Where);
    }

    private CqlNode CompileOperation(CqlOperation operation)
    {
        string op = operation.Op;
        return op switch
        {
            "and" or "or" => CompileLogical(operation, op == "and"),
            "not" => CompileNot(operation),
            "=" or "<>" or "<" or ">" or "<=" or ">=" => CompileComparison(operation),
            "between" => CompileBetween(operation),
            "in" => CompileIn(operation),
            "isNull" => CompileIsNull(operation),
            "like" or "casei" or "accenti" => CqlStringFunctions.Compile(this, operation),
            "+" or "-" or "*" or "/" or "%" or "div" or "^" => CqlArithmetic.Compile(this, operation),
            _ when CqlSpatialFunctions.IsKnown(op) => CqlSpatialFunctions.Compile(this, operation),
            _ when CqlTemporalFunctions.IsKnown(op) => CqlTemporalFunctions.Compile(this, operation),
            _ when CqlArrayFunctions.IsKnown(op) => CqlArrayFunctions.Compile(this, operation),
            _ => throw CqlErrors.At(operation.Where, $"Unknown function or operator '{op}'; this server has no custom functions."),
        };
    }

    internal CqlNode[] Arguments(CqlOperation operation, int count)
    {
        if (operation.Args.Count != count)
            throw CqlErrors.At(operation.Where, $"'{operation.Op}' takes {count} argument{(count == 1 ? "" : "s")}, not {operation.Args.Count}.");
        return operation.Args.Select(Compile).ToArray();
    }

    private CqlNode CompileLogical(CqlOperation operation, bool isAnd)
    {
        if (operation.Args.Count < 2)
            throw CqlErrors.At(operation.Where, $"'{operation.Op}' takes at least 2 arguments, not {operation.Args.Count}.");
        var args = operation.Args.Select(CompileBoolean).ToArray();
        return CqlNode.Derived(CqlType.Boolean, args, f =>
        {
            bool sawNull = false;
            foreach (var arg in args)
            {
                var value = arg.Evaluate(f);
                if (value.IsNull)
                    sawNull = true;
                else if (value.Boolean != isAnd)
                    return CqlValue.Of(!isAnd);
            }
            return sawNull ? CqlValue.Null : CqlValue.Of(isAnd);
        }, operation.Where);
    }

    private CqlNode CompileNot(CqlOperation operation)
    {
        if (operation.Args.Count != 1)
            throw CqlErrors.At(operation.Where, $"'not' takes 1 argument, not {operation.Args.Count}.");
        var arg = CompileBoolean(operation.Args[0]);
        return CqlNode.Derived(CqlType.Boolean, [arg], f => arg.Evaluate(f) is { IsNull: false } value ? CqlValue.Of(!value.Boolean) : CqlValue.Null, operation.Where);
    }

    private CqlNode CompileComparison(CqlOperation operation)
    {
        var args = Arguments(operation, 2);
        RequireComparable(operation, args[0], args[1]);
        if (operation.Op is not ("=" or "<>"))
            RequireOrdered(operation, args);
        var (left, right) = (args[0], args[1]);
        Func<int, bool> test = operation.Op switch
        {
            "=" => c => c == 0,
            "<>" => c => c != 0,
            "<" => c => c < 0,
            ">" => c => c > 0,
            "<=" => c => c <= 0,
            _ => c => c >= 0,
        };
        bool isEquality = operation.Op is "=" or "<>";
        return CqlNode.Derived(CqlType.Boolean, args, f =>
        {
            var a = left.Evaluate(f);
            var b = right.Evaluate(f);
            if (a.IsNull || b.IsNull)
                return CqlValue.Null;
            // Geometries and arrays have equality but no order.
            if (!isEquality && a.Type is CqlType.Geometry or CqlType.Array)
                return CqlValue.Null;
            int? compared = CqlValue.Compare(a, b);
            if (compared is null)
                return isEquality && a.Type is CqlType.Geometry or CqlType.Array ? CqlValue.Of(operation.Op == "<>") : CqlValue.Null;
            return CqlValue.Of(test(compared.Value));
        }, operation.Where);
    }

    private CqlNode CompileBetween(CqlOperation operation)
    {
        var args = Arguments(operation, 3);
        RequireComparable(operation, args[0], args[1]);
        RequireComparable(operation, args[0], args[2]);
        RequireOrdered(operation, args);
        return CqlNode.Derived(CqlType.Boolean, args, f =>
        {
            var value = args[0].Evaluate(f);
            if (CqlValue.Compare(value, args[1].Evaluate(f)) is not int low || CqlValue.Compare(value, args[2].Evaluate(f)) is not int high)
                return CqlValue.Null;
            return CqlValue.Of(low >= 0 && high <= 0);
        }, operation.Where);
    }

    private CqlNode CompileIn(CqlOperation operation)
    {
        if (operation.Args.Count != 2 || operation.Args[1] is not CqlArray list)
            throw CqlErrors.At(operation.Where, "'in' takes a value and a list: x IN ('a', 'b').");
        var value = Compile(operation.Args[0]);
        var items = list.Items.Select(Compile).ToArray();
        foreach (var item in items)
            RequireComparable(operation, value, item);
        return CqlNode.Derived(CqlType.Boolean, [value, .. items], f =>
        {
            var v = value.Evaluate(f);
            if (v.IsNull)
                return CqlValue.Null;
            bool sawNull = false;
            foreach (var item in items)
            {
                var candidate = item.Evaluate(f);
                if (candidate.IsNull)
                    sawNull = true;
                else if (CqlValue.Compare(v, candidate) == 0)
                    return CqlValue.Of(true);
            }
            return sawNull ? CqlValue.Null : CqlValue.Of(false);
        }, operation.Where);
    }

    private CqlNode CompileIsNull(CqlOperation operation)
    {
        var arg = Arguments(operation, 1)[0];
        return CqlNode.Derived(CqlType.Boolean, [arg], f => CqlValue.Of(arg.Evaluate(f).IsNull), operation.Where);
    }

    /// <summary><c>&lt;</c>, <c>&gt;</c>, <c>&lt;=</c>, <c>&gt;=</c> and BETWEEN order scalars: not geometries, arrays or intervals (the spatial, array and temporal functions relate those).</summary>
    private static void RequireOrdered(CqlOperation operation, IReadOnlyList<CqlNode> args)
    {
        for (int i = 0; i < args.Count; i++)
            if (args[i].Type is CqlType.Geometry or CqlType.Array or CqlType.Interval)
                throw CqlErrors.At(args[i].Where.Length > 0 ? args[i].Where : operation.Where,
                    $"'{operation.Op}' orders numbers, strings, booleans and instants, but {Describe(operation.Args[i])} is {Article(args[i].Type)}; use the S_, A_ or T_ functions to relate those.");
    }

    /// <summary>Both sides of a comparison must have one type (dates and timestamps are both instants); a property of mixed type is checked per feature.</summary>
    internal void RequireComparable(CqlOperation operation, CqlNode a, CqlNode b)
    {
        if (a.Type is CqlType.Any or CqlType.Null || b.Type is CqlType.Any or CqlType.Null || a.Type == b.Type)
            return;
        if (a.Type is CqlType.Date or CqlType.Timestamp && b.Type is CqlType.Date or CqlType.Timestamp)
            return;
        int index = operation.Args.Count > 1 ? 1 : 0;
        throw CqlErrors.At(b.Where.Length > 0 ? b.Where : operation.Where,
            $"'{operation.Op}' compares {Describe(operation.Args[0])} ({Article(a.Type)}) with {Describe(operation.Args[index])} ({Article(b.Type)}); both sides must have the same type.");
    }

    internal static string Article(CqlType type) => type switch
    {
        CqlType.String => "a string",
        CqlType.Number => "a number",
        CqlType.Boolean => "a boolean",
        CqlType.Date => "a date",
        CqlType.Timestamp => "a timestamp",
        CqlType.Interval => "an interval",
        CqlType.Geometry => "a geometry",
        CqlType.Array => "an array",
        CqlType.Null => "null",
        _ => "of any type",
    };

    internal static string Describe(CqlExpression expression) => expression switch
    {
        CqlProperty p => $"property \"{p.Name}\"",
        CqlString s => $"'{s.Value}'",
        CqlNumber n => n.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        CqlBoolean b => b.Value ? "TRUE" : "FALSE",
        CqlDate d => $"DATE('{d.Value:yyyy-MM-dd}')",
        CqlTimestamp t => $"TIMESTAMP('{t.Value.UtcDateTime:yyyy-MM-ddTHH:mm:ss.FFFFFFF}Z')",
        CqlOperation o => $"{o.Op}(…)",
        CqlGeometry g => g.Value.GeometryType.ToUpperInvariant(),
        CqlBbox => "BBOX(…)",
        CqlInterval => "INTERVAL(…)",
        CqlArray => "an array",
        _ => "an expression",
    };
}
