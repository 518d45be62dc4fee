using System.Linq.Expressions;
using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;

namespace Cdp.Core.Segments.Compilation;

/// <summary>
/// "In segment X": the referenced segment's current tree, compiled inline, so the whole audience is still
/// one query. A reference back to a segment being expanded is a cycle, reported with its path.
/// </summary>
internal sealed class SegmentReferenceTranslator : FieldTranslator
{
    protected override Expression Positive(CompileContext context, string op, Rule rule)
    {
        if (op != Operators.In) throw Unsupported(op);
        var key = RuleValues.Text(rule).Trim();
        if (!context.Segments.TryGetValue(key, out var tree))
            throw new RuleValueException($"there is no segment with the key \"{key}\"");

        var cycleStart = context.ReferenceChain.FindIndex(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
        if (cycleStart >= 0)
            throw new SegmentCycleException("Segment references form a cycle: "
                + string.Join(" → ", context.ReferenceChain.Skip(cycleStart).Append(key)));

        context.ReferenceChain.Add(key);
        context.ExpansionDepth++;
        try
        {
            var errors = new List<RuleError>();
            var body = TreeCompiler.Group(context, tree, "", errors);
            if (errors.Count > 0)
                throw new RuleValueException($"segment \"{key}\" is invalid: {errors[0]}");
            return body;
        }
        finally
        {
            context.ReferenceChain.RemoveAt(context.ReferenceChain.Count - 1);
            context.ExpansionDepth--;
        }
    }

    public override Expression? Actual(CompileContext context, Rule rule) => null;
}

/// <summary>A reference cycle; passes through the referenced trees up to the rule that started it.</summary>
internal sealed class SegmentCycleException(string message) : RuleValueException(message);
