namespace Maps.Core.Query.Cql2;

/// <summary>A_EQUALS, A_CONTAINS, A_CONTAINEDBY, A_OVERLAPS: both arrays taken as sets of values.</summary>
internal static class CqlArrayFunctions
{
    private static readonly Dictionary<string, Func<IReadOnlyList<CqlValue>, IReadOnlyList<CqlValue>, bool>> Functions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a_equals"] = (a, b) => IsSubset(a, b) && IsSubset(b, a),
        ["a_contains"] = (a, b) => IsSubset(b, a),
        ["a_containedby"] = IsSubset,
        ["a_overlaps"] = (a, b) => a.Any(x => Contains(b, x)),
    };

    public static bool IsKnown(string op) => Functions.ContainsKey(op);

    public static CqlNode Compile(CqlCompiler compiler, CqlOperation operation)
    {
        var args = compiler.Arguments(operation, 2);
        for (int i = 0; i < 2; i++)
            if (args[i].Type is not (CqlType.Array or CqlType.Any or CqlType.Null))
                throw CqlErrors.At(args[i].Where.Length > 0 ? args[i].Where : operation.Where,
                    $"'{operation.Op}' compares arrays, but {CqlCompiler.Describe(operation.Args[i])} is {CqlCompiler.Article(args[i].Type)}.");
        var test = Functions[operation.Op];
        return CqlNode.Derived(CqlType.Boolean, args, f =>
        {
            var a = args[0].Evaluate(f);
            var b = args[1].Evaluate(f);
            return a.Type == CqlType.Array && b.Type == CqlType.Array ? CqlValue.Of(test(a.Items, b.Items)) : CqlValue.Null;
        }, operation.Where);
    }

    private static bool IsSubset(IReadOnlyList<CqlValue> a, IReadOnlyList<CqlValue> b) => a.All(x => Contains(b, x));

    private static bool Contains(IReadOnlyList<CqlValue> set, CqlValue value)
    {
        foreach (var item in set)
            if (CqlValue.SameValue(item, value))
                return true;
        return false;
    }
}
