namespace Maps.Core.Query.Cql2;

/// <summary><c>+ - * / % div ^</c> on numbers (the parsers write a negation as <c>-1 * x</c>); a null operand, a division by zero or an overflow gives null.</summary>
internal static class CqlArithmetic
{
    public static CqlNode Compile(CqlCompiler compiler, CqlOperation operation)
    {
        var args = compiler.Arguments(operation, 2);
        RequireNumber(operation, args[0], 0);
        RequireNumber(operation, args[1], 1);
        Func<double, double, double> apply = operation.Op switch
        {
            "+" => (a, b) => a + b,
            "-" => (a, b) => a - b,
            "*" => (a, b) => a * b,
            "/" => (a, b) => b == 0 ? double.NaN : a / b,
            "%" => (a, b) => b == 0 ? double.NaN : a % b,
            "div" => (a, b) => b == 0 ? double.NaN : Math.Truncate(a / b),
            _ => Math.Pow,
        };
        var (left, right) = (args[0], args[1]);
        return CqlNode.Derived(CqlType.Number, args, f =>
        {
            var a = left.Evaluate(f);
            var b = right.Evaluate(f);
            return a.Type == CqlType.Number && b.Type == CqlType.Number ? CqlValue.Of(apply(a.Number, b.Number)) : CqlValue.Null;
        }, operation.Where);
    }

    private static void RequireNumber(CqlOperation operation, CqlNode node, int index)
    {
        if (node.Type is not (CqlType.Number or CqlType.Any or CqlType.Null))
            throw CqlErrors.At(node.Where.Length > 0 ? node.Where : operation.Where,
                $"'{operation.Op}' needs numbers, but {CqlCompiler.Describe(operation.Args[index])} is {CqlCompiler.Article(node.Type)}.");
    }
}
