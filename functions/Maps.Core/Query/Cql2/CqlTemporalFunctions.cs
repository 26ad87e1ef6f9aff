namespace Maps.Core.Query.Cql2;

/// <summary>
/// INTERVAL and the fifteen temporal functions, as the W3C Time Ontology defines them on closed
/// intervals; an instant is an interval whose start is its end. The functions that only intervals
/// have (T_CONTAINS, T_DURING, T_MEETS, …) reject an instant operand with a 400, as CQL2 asks.
/// </summary>
internal static class CqlTemporalFunctions
{
    private static readonly Dictionary<string, Func<CqlValue, CqlValue, bool>> InstantOrInterval = new(StringComparer.OrdinalIgnoreCase)
    {
        ["t_after"] = (a, b) => a.Start > b.End,
        ["t_before"] = (a, b) => a.End < b.Start,
        ["t_disjoint"] = (a, b) => a.Start > b.End || a.End < b.Start,
        ["t_equals"] = (a, b) => a.Start == b.Start && a.End == b.End,
        ["t_intersects"] = (a, b) => a.Start <= b.End && a.End >= b.Start,
    };

    private static readonly Dictionary<string, Func<CqlValue, CqlValue, bool>> IntervalOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        ["t_contains"] = (a, b) => a.Start < b.Start && a.End > b.End,
        ["t_during"] = (a, b) => a.Start > b.Start && a.End < b.End,
        ["t_finishedby"] = (a, b) => a.End == b.End && a.Start < b.Start,
        ["t_finishes"] = (a, b) => a.End == b.End && a.Start > b.Start,
        ["t_meets"] = (a, b) => a.End == b.Start,
        ["t_metby"] = (a, b) => a.Start == b.End,
        ["t_overlappedby"] = (a, b) => b.Start < a.Start && b.End > a.Start && b.End < a.End,
        ["t_overlaps"] = (a, b) => a.Start < b.Start && a.End > b.Start && a.End < b.End,
        ["t_startedby"] = (a, b) => a.Start == b.Start && a.End > b.End,
        ["t_starts"] = (a, b) => a.Start == b.Start && a.End < b.End,
    };

    public static bool IsKnown(string op) => InstantOrInterval.ContainsKey(op) || IntervalOnly.ContainsKey(op);

    public static CqlNode Compile(CqlCompiler compiler, CqlOperation operation)
    {
        var args = compiler.Arguments(operation, 2);
        bool intervalsOnly = IntervalOnly.TryGetValue(operation.Op, out var relate);
        relate ??= InstantOrInterval[operation.Op];
        for (int i = 0; i < 2; i++)
        {
            var type = args[i].Type;
            bool allowed = type is CqlType.Interval or CqlType.Any or CqlType.Null || (!intervalsOnly && type is CqlType.Date or CqlType.Timestamp);
            if (!allowed)
                throw CqlErrors.At(args[i].Where.Length > 0 ? args[i].Where : operation.Where,
                    $"'{operation.Op}' relates {(intervalsOnly ? "intervals" : "instants or intervals")}, but {CqlCompiler.Describe(operation.Args[i])} is {CqlCompiler.Article(type)}.");
        }
        var (left, right) = (args[0], args[1]);
        return CqlNode.Derived(CqlType.Boolean, args, f =>
        {
            var a = left.Evaluate(f);
            var b = right.Evaluate(f);
            return a.IsTemporal && b.IsTemporal ? CqlValue.Of(relate(a, b)) : CqlValue.Null;
        }, operation.Where);
    }

    /// <summary>INTERVAL(start, end): ends are instants, properties holding them, or open ('..').</summary>
    public static CqlNode CompileInterval(CqlCompiler compiler, CqlInterval interval)
    {
        var start = interval.Start is null ? null : compiler.Compile(interval.Start);
        var end = interval.End is null ? null : compiler.Compile(interval.End);
        foreach (var (node, source) in new[] { (start, interval.Start), (end, interval.End) })
            if (node is not null && node.Type is not (CqlType.Date or CqlType.Timestamp or CqlType.Any or CqlType.Null))
                throw CqlErrors.At(node.Where.Length > 0 ? node.Where : interval.Where,
                    $"An INTERVAL end must be a date, a timestamp or '..', but {CqlCompiler.Describe(source!)} is {CqlCompiler.Article(node.Type)}.");
        CqlNode[] args = [.. new[] { start, end }.OfType<CqlNode>()];
        return CqlNode.Derived(CqlType.Interval, args, f =>
        {
            long from = long.MinValue, to = long.MaxValue;
            if (start is not null)
            {
                var value = start.Evaluate(f);
                if (!value.IsTemporal)
                    return CqlValue.Null;
                from = value.Start;
            }
            if (end is not null)
            {
                var value = end.Evaluate(f);
                if (!value.IsTemporal)
                    return CqlValue.Null;
                to = value.End;
            }
            return from <= to ? CqlValue.Interval(from, to) : CqlValue.Null;
        }, interval.Where);
    }
}
