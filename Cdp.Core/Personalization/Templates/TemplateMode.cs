namespace Cdp.Core.Personalization.Templates;

/// <summary>How a template's output is used, which decides whether values are HTML-escaped.</summary>
public enum TemplateMode
{
    /// <summary>An HTML body: every value is HTML-escaped, and unescaped output (<c>{{{x}}}</c>, <c>{{&amp;x}}</c>) is refused.</summary>
    Html,

    /// <summary>Plain text (subjects, preheaders, homepage block texts): values are written as they are.</summary>
    Text,
}

/// <summary>A problem in a template, at a 1-based line and column of its text.</summary>
public sealed record TemplateError(int Line, int Column, string Message)
{
    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}

/// <summary>A template that does not compile was rendered; <see cref="TemplateRenderer.Check"/> reports the same errors.</summary>
public sealed class TemplateException(IReadOnlyList<TemplateError> errors)
    : Exception(string.Join("; ", errors.Select(e => e.ToString())))
{
    public IReadOnlyList<TemplateError> Errors { get; } = errors;
}
