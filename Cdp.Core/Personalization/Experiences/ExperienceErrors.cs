namespace Cdp.Core.Personalization.Experiences;

/// <summary>A problem with one part of an experience, e.g. <c>variants[1].email.html</c>: <c>line 3, column 7: …</c>.</summary>
/// <param name="Path">Where, in the draft's JSON names ("" for the whole experience).</param>
public sealed record ExperienceError(string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}

/// <summary>An experience that cannot be saved; <see cref="Errors"/> says where and why. Nothing was saved.</summary>
public sealed class ExperienceValidationException(IReadOnlyList<ExperienceError> errors)
    : Exception(string.Join("; ", errors.Select(e => e.ToString())))
{
    public IReadOnlyList<ExperienceError> Errors { get; } = errors;
}
