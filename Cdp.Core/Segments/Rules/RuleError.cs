namespace Cdp.Core.Segments.Rules;

/// <summary>A problem with one node of a rule tree, e.g. <c>rules[2].rules[0].value: expected a number</c>.</summary>
/// <param name="Path">The node's path from the root ("" for the root itself).</param>
public sealed record RuleError(string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}

/// <summary>A rule tree that cannot be evaluated; <see cref="Errors"/> says where and why.</summary>
public sealed class RuleTreeException(IReadOnlyList<RuleError> errors)
    : Exception(string.Join("; ", errors.Select(e => e.ToString())))
{
    public IReadOnlyList<RuleError> Errors { get; } = errors;
}
