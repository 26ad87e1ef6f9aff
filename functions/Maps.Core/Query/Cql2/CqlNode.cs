using Maps.Core.Layers;

namespace Maps.Core.Query.Cql2;

/// <summary>
/// A typed, compiled expression: its static type, how to evaluate it on a feature, and its value
/// when it does not depend on the feature (literals and what is computed from them alone).
/// </summary>
internal sealed class CqlNode
{
    private CqlNode(CqlType type, Func<LayerFeature, CqlValue> evaluate, CqlValue? constant, string where)
    {
        Type = type;
        Evaluate = evaluate;
        Constant = constant;
        Where = where;
    }

    public CqlType Type { get; }
    public Func<LayerFeature, CqlValue> Evaluate { get; }
    public CqlValue? Constant { get; }
    public string Where { get; }

    public static CqlNode Of(CqlType type, Func<LayerFeature, CqlValue> evaluate, string where) => new(type, evaluate, null, where);

    public static CqlNode Const(CqlValue value, string where) => new(value.Type, _ => value, value, where);

    /// <summary>Folds to a constant when every argument is one, so literals are computed once per request.</summary>
    public static CqlNode Derived(CqlType type, IReadOnlyList<CqlNode> args, Func<LayerFeature, CqlValue> evaluate, string where)
    {
        if (args.All(a => a.Constant is not null))
        {
            var value = evaluate(null!);
            return new(type, _ => value, value, where);
        }
        return new(type, evaluate, null, where);
    }
}
