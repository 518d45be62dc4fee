using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cdp.Core.Segments.Rules;

/// <summary>
/// A node of a segment's rule tree, in react-querybuilder's JSON shape (see docs/segments.md): a
/// <see cref="RuleGroup"/> or a <see cref="Rule"/>. Mutable, because the builder edits trees in place.
/// </summary>
[JsonConverter(typeof(RuleNodeJsonConverter))]
public abstract class RuleNode
{
    /// <summary>Optional identifier chosen by the client (react-querybuilder sets one); kept as is.</summary>
    public string? Id { get; set; }

    /// <summary>A deep copy.</summary>
    public abstract RuleNode Clone();
}

/// <summary>Rules combined with AND or OR, optionally negated. An empty group matches everyone.</summary>
public sealed class RuleGroup : RuleNode
{
    /// <summary>"and" or "or".</summary>
    public string Combinator { get; set; } = Combinators.And;

    public bool Not { get; set; }

    public List<RuleNode> Rules { get; set; } = [];

    public override RuleGroup Clone() => new()
    {
        Id = Id, Combinator = Combinator, Not = Not, Rules = Rules.Select(r => r.Clone()).ToList(),
    };
}

/// <summary>One condition: a field, an operator and a value (JSON, as react-querybuilder writes it).</summary>
public sealed class Rule : RuleNode
{
    public string Field { get; set; } = "";

    public string Operator { get; set; } = "";

    /// <summary>The raw value: a string, number, boolean or array; absent for null/notNull.</summary>
    public JsonElement? Value { get; set; }

    /// <summary>Extension: only orders of the last N days count (order-based fields only).</summary>
    public RuleWindow? Window { get; set; }

    /// <summary>react-querybuilder's "value" or "field"; only "value" is supported.</summary>
    public string? ValueSource { get; set; }

    public override Rule Clone() => new()
    {
        Id = Id, Field = Field, Operator = Operator, Value = Value?.Clone(), Window = Window, ValueSource = ValueSource,
    };

    /// <summary>Sets <see cref="Value"/> from a .NET value (string, number, bool, array).</summary>
    public Rule With(object? value)
    {
        Value = value is null ? null : JsonSerializer.SerializeToElement(value);
        return this;
    }
}

/// <summary>A time window on an order-based rule: orders placed in the last <see cref="Days"/> days.</summary>
public sealed record RuleWindow(int Days);

public static class Combinators
{
    public const string And = "and";
    public const string Or = "or";
}
