using System.Globalization;
using System.Text;
using NetTopologySuite.IO;

namespace Maps.Core.Query.Cql2;

/// <summary>
/// Writes an expression as canonical CQL2 text: upper-case keywords, properties double-quoted,
/// every nested operator parenthesised, numbers round-trip exact, geometries as 2D WKT. Parsing the
/// text gives a tree that writes the same text again, so two trees are the same when their texts are.
/// Two things CQL2 text cannot say, which only CQL2 JSON can produce: a one-element array anywhere but
/// an A_* operand or an IN list (text reads <c>(x)</c> there as x), and a string with a backslash
/// before a quote or at its end (text reads <c>\'</c> as a quote).
/// </summary>
public static class CqlText
{
    private static readonly Dictionary<string, string> Infix = new()
    {
        ["="] = "=", ["<>"] = "<>", ["<"] = "<", [">"] = ">", ["<="] = "<=", [">="] = ">=",
        ["+"] = "+", ["-"] = "-", ["*"] = "*", ["/"] = "/", ["%"] = "%", ["^"] = "^", ["div"] = "DIV",
        ["like"] = "LIKE",
    };

    public static string Write(CqlExpression expression)
    {
        var text = new StringBuilder();
        Write(text, expression, top: true);
        return text.ToString();
    }

    private static void Write(StringBuilder text, CqlExpression expression, bool top)
    {
        switch (expression)
        {
            case CqlOperation operation:
                Operation(text, operation, top);
                break;
            case CqlProperty property:
                text.Append('"').Append(property.Name).Append('"');
                break;
            case CqlString s:
                Quote(text, s.Value);
                break;
            case CqlNumber number:
                text.Append(Number(number.Value));
                break;
            case CqlBoolean boolean:
                text.Append(boolean.Value ? "TRUE" : "FALSE");
                break;
            case CqlDate date:
                text.Append("DATE('").Append(Date(date)).Append("')");
                break;
            case CqlTimestamp timestamp:
                text.Append("TIMESTAMP('").Append(Timestamp(timestamp)).Append("')");
                break;
            case CqlInterval interval:
                text.Append("INTERVAL(");
                IntervalEnd(text, interval.Start);
                text.Append(", ");
                IntervalEnd(text, interval.End);
                text.Append(')');
                break;
            case CqlGeometry geometry:
                text.Append(new WKTWriter(2).Write(geometry.Value));
                break;
            case CqlBbox box:
                text.Append("BBOX(").AppendJoin(", ", new[] { box.West, box.South, box.East, box.North }.Select(Number)).Append(')');
                break;
            case CqlArray array:
                List(text, array.Items);
                break;
            default:
                throw new ArgumentException($"Unknown CQL2 expression {expression.GetType().Name}", nameof(expression));
        }
    }

    private static void Operation(StringBuilder text, CqlOperation operation, bool top)
    {
        var (op, args) = (operation.Op, operation.Args);
        if (op == "-" && args.Count == 1)
        {
            Operation(text, new CqlOperation("*", [new CqlNumber(-1), args[0]]), top);
            return;
        }
        if (CqlOps.IsCallSyntax(op) || !IsInfix(op, args.Count))
        {
            text.Append(CqlOps.IsCallSyntax(op) ? op.ToUpperInvariant() : op);
            List(text, args);
            return;
        }
        if (!top) text.Append('(');
        switch (op)
        {
            case "and" or "or":
                for (int i = 0; i < args.Count; i++)
                {
                    if (i > 0) text.Append(op == "and" ? " AND " : " OR ");
                    Write(text, args[i], top: false);
                }
                break;
            case "not":
                text.Append("NOT ");
                Write(text, args[0], top: false);
                break;
            case "isNull":
                Write(text, args[0], top: false);
                text.Append(" IS NULL");
                break;
            case "between":
                Write(text, args[0], top: false);
                text.Append(" BETWEEN ");
                Write(text, args[1], top: false);
                text.Append(" AND ");
                Write(text, args[2], top: false);
                break;
            case "in":
                Write(text, args[0], top: false);
                text.Append(" IN ");
                List(text, args[1] is CqlArray list ? list.Items : [args[1]]);
                break;
            default:
                Write(text, args[0], top: false);
                text.Append(' ').Append(Infix[op]).Append(' ');
                Write(text, args[1], top: false);
                break;
        }
        if (!top) text.Append(')');
    }

    private static bool IsInfix(string op, int count) => op switch
    {
        "and" or "or" => count >= 2,
        "not" or "isNull" => count == 1,
        "between" => count == 3,
        "in" => count == 2,
        _ => Infix.ContainsKey(op) && count == 2,
    };

    private static void List(StringBuilder text, IReadOnlyList<CqlExpression> items)
    {
        text.Append('(');
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0) text.Append(", ");
            Write(text, items[i], top: true);
        }
        text.Append(')');
    }

    private static void IntervalEnd(StringBuilder text, CqlExpression? end)
    {
        switch (end)
        {
            case null:
                text.Append("'..'");
                break;
            case CqlDate date:
                text.Append('\'').Append(Date(date)).Append('\'');
                break;
            case CqlTimestamp timestamp:
                text.Append('\'').Append(Timestamp(timestamp)).Append('\'');
                break;
            default:
                Write(text, end, top: true);
                break;
        }
    }

    private static void Quote(StringBuilder text, string value) =>
        text.Append('\'').Append(value.Replace("'", "''")).Append('\'');

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Date(CqlDate date) => date.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Timestamp(CqlTimestamp timestamp) =>
        timestamp.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
