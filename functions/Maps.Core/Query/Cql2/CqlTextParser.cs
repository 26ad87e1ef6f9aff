using System.Runtime.CompilerServices;
using NetTopologySuite.Geometries;

namespace Maps.Core.Query.Cql2;

/// <summary>
/// Parses CQL2 text (OGC 21-065r2, cql2.bnf) by recursive descent into the tree CQL2 JSON parses to.
/// Precedence, loosest first: OR, AND, NOT, predicates (comparisons, LIKE, BETWEEN, IN, IS NULL),
/// + -, * / % DIV, ^, unary minus. A parenthesised list of two or more values (or none) is an array;
/// an A_* operand wholly in parentheses is always one.
/// </summary>
public sealed class CqlTextParser
{
    public const int MaxDepth = 256;

    private readonly List<CqlToken> tokens;
    private int next;
    private int depth;
    private (int Close, CqlExpression? Inner) lastGroup = (-1, null);

    private CqlTextParser(List<CqlToken> tokens) => this.tokens = tokens;

    public static CqlExpression Parse(string text)
    {
        var parser = new CqlTextParser(CqlLexer.Tokenize(text ?? ""));
        if (parser.Peek.Kind == CqlTokenKind.End) throw CqlErrors.At("position 1", "The filter is empty");
        var expression = parser.Expression();
        if (parser.Peek.Kind != CqlTokenKind.End) throw parser.Expected("an operator or the end of the filter");
        return expression;
    }

    private CqlToken Peek => tokens[next];

    private CqlToken PeekAt(int ahead) => tokens[Math.Min(next + ahead, tokens.Count - 1)];

    private CqlToken Take() => tokens[next++];

    private bool TakeIf(string symbol)
    {
        if (!Peek.Is(symbol)) return false;
        next++;
        return true;
    }

    private bool TakeWordIf(string word)
    {
        if (!Peek.IsWord(word)) return false;
        next++;
        return true;
    }

    private InvalidParameterException Expected(string what) => CqlErrors.At(Peek.Where, $"Expected {what}, found {Peek}");

    private CqlToken Open(string after)
    {
        if (!Peek.Is("(")) throw Expected($"'(' after {after}");
        return Take();
    }

    private void Close(CqlToken open, string alternatives = "")
    {
        if (!TakeIf(")")) throw Expected($"{alternatives}')' to close '(' at position {open.Position}");
    }

    private void Enter()
    {
        if (++depth > MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw CqlErrors.At(Peek.Where, $"The filter is nested too deeply (more than {MaxDepth} levels)");
    }

    private static CqlOperation Op(string op, int position, params CqlExpression[] args) =>
        new(op, args) { Where = $"position {position}" };

    private CqlExpression Expression()
    {
        Enter();
        var expression = Chain("OR", "or", () => Chain("AND", "and", Not));
        depth--;
        return expression;
    }

    private CqlExpression Chain(string word, string op, Func<CqlExpression> operand)
    {
        int start = Peek.Position;
        var first = operand();
        if (!Peek.IsWord(word)) return first;
        var args = new List<CqlExpression> { first };
        while (TakeWordIf(word)) args.Add(operand());
        return Op(op, start, [.. args]);
    }

    private CqlExpression Not()
    {
        if (!Peek.IsWord("NOT")) return Predicate();
        var not = Take();
        Enter();
        var operand = Not();
        depth--;
        return Op("not", not.Position, operand);
    }

    private CqlExpression Predicate()
    {
        int start = Peek.Position;
        var left = Additive();
        if (Peek.Kind == CqlTokenKind.Symbol && CqlOps.Comparison.Contains(Peek.Text))
            return Op(Take().Text, start, left, Additive());
        if (Peek.IsWord("IS"))
        {
            Take();
            bool isNot = TakeWordIf("NOT");
            if (!TakeWordIf("NULL")) throw Expected(isNot ? "NULL after IS NOT" : "NULL or NOT NULL after IS");
            return Negated(isNot, Op("isNull", start, left));
        }
        bool negated = TakeWordIf("NOT");
        CqlOperation? predicate =
            TakeWordIf("LIKE") ? Op("like", start, left, Additive()) :
            TakeWordIf("BETWEEN") ? Between(start, left) :
            TakeWordIf("IN") ? Op("in", start, left, InList()) :
            null;
        if (predicate is null)
            return negated ? throw Expected("LIKE, BETWEEN or IN after NOT") : left;
        return Negated(negated, predicate);
    }

    private static CqlOperation Negated(bool negated, CqlOperation predicate) =>
        negated ? new CqlOperation("not", [predicate]) { Where = predicate.Where } : predicate;

    private CqlOperation Between(int start, CqlExpression value)
    {
        var low = Additive();
        if (!TakeWordIf("AND")) throw Expected("AND between the bounds of BETWEEN");
        return Op("between", start, value, low, Additive());
    }

    private CqlArray InList() =>
        Peek.Is("(") ? ArrayLiteral() : throw Expected("'(' to open the list after IN");

    private CqlExpression Additive()
    {
        int start = Peek.Position;
        var left = Multiplicative();
        while (Peek.Is("+") || Peek.Is("-")) left = Op(Take().Text, start, left, Multiplicative());
        return left;
    }

    private CqlExpression Multiplicative()
    {
        int start = Peek.Position;
        var left = Power();
        while (Peek.Is("*") || Peek.Is("/") || Peek.Is("%") || Peek.IsWord("DIV"))
            left = Op(Take().Text.ToLowerInvariant(), start, left, Power());
        return left;
    }

    private CqlExpression Power()
    {
        int start = Peek.Position;
        var left = Unary();
        return TakeIf("^") ? Op("^", start, left, Unary()) : left;
    }

    private CqlExpression Unary()
    {
        if (Peek.Is("+"))
        {
            var plus = Take();
            if (Peek.Kind != CqlTokenKind.Number) throw Expected("a number after '+'");
            return new CqlNumber(Take().Number) { Where = plus.Where };
        }
        if (!Peek.Is("-")) return Primary();
        var minus = Take();
        Enter();
        var operand = Unary();
        depth--;
        return operand is CqlNumber number
            ? new CqlNumber(-number.Value) { Where = minus.Where }
            : Op("*", minus.Position, new CqlNumber(-1) { Where = minus.Where }, operand);
    }

    private CqlExpression Primary()
    {
        var token = Peek;
        switch (token.Kind)
        {
            case CqlTokenKind.Number:
                Take();
                return new CqlNumber(token.Number) { Where = token.Where };
            case CqlTokenKind.String:
                Take();
                return new CqlString(token.Text) { Where = token.Where };
            case CqlTokenKind.QuotedIdentifier:
                Take();
                return new CqlProperty(token.Text) { Where = token.Where };
            case CqlTokenKind.Symbol when token.Text == "(":
                return Parenthesised();
            case CqlTokenKind.Identifier:
                return Word();
            default:
                throw Expected("a property, a literal or a function");
        }
    }

    private CqlExpression Word()
    {
        var word = Peek;
        if (word.IsWord("TRUE") || word.IsWord("FALSE"))
        {
            Take();
            return new CqlBoolean(word.IsWord("TRUE")) { Where = word.Where };
        }
        if (CqlOps.IsReserved(word.Text)) throw Expected("a property, a literal or a function");
        bool call = PeekAt(1).Is("(");
        if (CqlOps.GeometryTypes.Contains(word.Text) && (call || (PeekAt(1).IsWord("Z") && PeekAt(2).Is("("))))
            return CqlLiterals.Geometry(GeometryLiteral, word.Where);
        if (!call)
        {
            Take();
            return new CqlProperty(word.Text) { Where = word.Where };
        }
        switch (word.Text.ToUpperInvariant())
        {
            case "DATE": return Instant(CqlLiterals.Date);
            case "TIMESTAMP": return Instant(CqlLiterals.Timestamp);
            case "INTERVAL": return Interval();
            case "BBOX": return Bbox();
        }
        string? standard = CqlOps.Standard(word.Text);
        if (standard is not null && !CqlOps.IsCallSyntax(standard))
            throw CqlErrors.At(word.Where, $"'{word.Text}' cannot be called as a function");
        return Call(standard ?? word.Text);
    }

    private CqlOperation Call(string op)
    {
        var name = Take();
        var open = Take();
        var args = new List<CqlExpression>();
        if (!Peek.Is(")"))
        {
            do args.Add(CqlOps.IsArray(op) ? ArrayOperand() : Expression());
            while (TakeIf(","));
        }
        Close(open, "',' or ");
        var (min, max) = CqlOps.Arity(op);
        if (args.Count < min || args.Count > max)
            throw CqlErrors.At(name.Where, $"{name.Text.ToUpperInvariant()} takes {min} argument{(min == 1 ? "" : "s")}, found {args.Count}");
        return new CqlOperation(op, args) { Where = name.Where };
    }

    private CqlExpression Parenthesised()
    {
        var open = Take();
        if (TakeIf(")")) return new CqlArray([]) { Where = open.Where };
        var first = Expression();
        if (!Peek.Is(","))
        {
            Close(open, "',' or ");
            lastGroup = (next - 1, first);
            return first;
        }
        var items = new List<CqlExpression> { first };
        while (TakeIf(",")) items.Add(Expression());
        Close(open, "',' or ");
        return new CqlArray(items) { Where = open.Where };
    }

    /// <summary>An A_* operand wholly in parentheses is an array, even of one element: <c>('a')</c>.</summary>
    private CqlExpression ArrayOperand()
    {
        int start = next;
        var operand = Expression();
        bool oneElement = tokens[start].Is("(") && lastGroup.Close == next - 1 && ReferenceEquals(lastGroup.Inner, operand);
        return oneElement ? new CqlArray([operand]) { Where = tokens[start].Where } : operand;
    }

    private CqlArray ArrayLiteral()
    {
        var open = Take();
        var items = new List<CqlExpression>();
        if (!Peek.Is(")"))
        {
            do items.Add(Expression());
            while (TakeIf(","));
        }
        Close(open, "',' or ");
        return new CqlArray(items) { Where = open.Where };
    }

    private CqlExpression Instant(Func<string, string, CqlExpression> literal)
    {
        var keyword = Take();
        var open = Take();
        if (Peek.Kind != CqlTokenKind.String)
            throw Expected($"a quoted {keyword.Text.ToUpperInvariant()} string such as '{(keyword.IsWord("DATE") ? "2022-04-16" : "2022-04-16T10:13:19Z")}'");
        var text = Take();
        Close(open);
        var value = literal(text.Text, text.Where);
        return value with { Where = keyword.Where };
    }

    private CqlInterval Interval()
    {
        var keyword = Take();
        var open = Take();
        var start = IntervalEnd();
        if (!TakeIf(",")) throw Expected("',' between the ends of INTERVAL");
        var end = IntervalEnd();
        Close(open);
        return new CqlInterval(start, end) { Where = keyword.Where };
    }

    private CqlExpression? IntervalEnd()
    {
        if (Peek.Kind == CqlTokenKind.String)
        {
            var text = Take();
            return CqlLiterals.IntervalEnd(text.Text, text.Where);
        }
        if (Peek.Kind is not (CqlTokenKind.Identifier or CqlTokenKind.QuotedIdentifier) || CqlOps.IsReserved(Peek.Text))
            throw Expected("an interval end: '..', a date or timestamp string, a property or a function");
        var token = Peek;
        var end = Primary();
        return end is CqlProperty || (end is CqlOperation op && CqlOps.Standard(op.Op) is null)
            ? end
            : throw CqlErrors.At(token.Where, $"Expected an interval end: '..', a date or timestamp string, a property or a function, found {token}");
    }

    private CqlBbox Bbox()
    {
        var keyword = Take();
        var open = Take();
        var values = new List<double>();
        do values.Add(SignedNumber());
        while (TakeIf(","));
        Close(open, "',' or ");
        return CqlLiterals.Bbox(values, keyword.Where);
    }

    private double SignedNumber()
    {
        bool negative = Peek.Is("-");
        if (negative || Peek.Is("+")) Take();
        if (Peek.Kind != CqlTokenKind.Number) throw Expected("a number");
        double value = Take().Number;
        return negative ? -value : value;
    }

    private Geometry GeometryLiteral()
    {
        var keyword = Take();
        if (Peek.IsWord("Z")) Take();
        Enter();
        Geometry geometry = keyword.Text.ToUpperInvariant() switch
        {
            "POINT" => Parts(() => CqlLiterals.Point(Coordinate()), one: true)[0],
            "LINESTRING" => LineString(),
            "POLYGON" => Polygon(),
            "MULTIPOINT" => CqlLiterals.Multi("MultiPoint", Parts(MultiPointMember), keyword.Where),
            "MULTILINESTRING" => CqlLiterals.Multi("MultiLineString", Parts(LineString), keyword.Where),
            "MULTIPOLYGON" => CqlLiterals.Multi("MultiPolygon", Parts(Polygon), keyword.Where),
            _ => CqlLiterals.Multi("GeometryCollection", Parts(CollectionMember), keyword.Where),
        };
        depth--;
        return geometry;
    }

    private List<T> Parts<T>(Func<T> part, bool one = false)
    {
        var open = Open("a geometry type");
        var parts = new List<T> { part() };
        while (!one && TakeIf(",")) parts.Add(part());
        Close(open, one ? "" : "',' or ");
        return parts;
    }

    private Coordinate Coordinate()
    {
        double x = SignedNumber(), y = SignedNumber();
        if (Peek.Kind == CqlTokenKind.Number || Peek.Is("-") || Peek.Is("+")) SignedNumber();
        return new Coordinate(x, y);
    }

    private LineString LineString()
    {
        string where = Peek.Where;
        return CqlLiterals.LineString([.. Parts(Coordinate)], where);
    }

    private Polygon Polygon()
    {
        string where = Peek.Where;
        return CqlLiterals.Polygon(Parts(Ring), where);
    }

    private (Coordinate[] Points, string Where) Ring()
    {
        string where = Peek.Where;
        return ([.. Parts(Coordinate)], where);
    }

    private Point MultiPointMember() =>
        CqlLiterals.Point(Peek.Is("(") ? Parts(Coordinate, one: true)[0] : Coordinate());

    private Geometry CollectionMember()
    {
        if (Peek.Kind != CqlTokenKind.Identifier || !CqlOps.GeometryTypes.Contains(Peek.Text))
            throw Expected("a geometry (POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON or GEOMETRYCOLLECTION)");
        return GeometryLiteral();
    }
}
