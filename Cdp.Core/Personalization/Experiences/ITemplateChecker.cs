using System.Globalization;
using System.Text.RegularExpressions;
using HandlebarsDotNet;

namespace Cdp.Core.Personalization.Experiences;

/// <summary>A template that does not compile, and where.</summary>
public sealed record TemplateProblem(int Line, int Column, string Message)
{
    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}

/// <summary>
/// Checks a template when an experience is saved, so a mistake is reported to the marketer with its line and
/// column rather than surfacing as a broken render. The template renderer is the real implementation (it knows
/// the helpers); this seam keeps the store independent of how templates are compiled.
/// </summary>
public interface ITemplateChecker
{
    /// <param name="html">True for HTML bodies and homepage blocks (values escaped), false for subjects and preheaders.</param>
    /// <returns>The problems; empty when the template compiles.</returns>
    IReadOnlyList<TemplateProblem> Check(string template, bool html);
}

/// <summary>
/// Syntax check with a bare Handlebars environment: catches unclosed blocks and malformed expressions, not
/// unknown helpers. Registered only when no better checker (the template renderer) is.
/// </summary>
internal sealed partial class HandlebarsSyntaxChecker : ITemplateChecker
{
    private readonly IHandlebars _handlebars = Handlebars.Create();

    public IReadOnlyList<TemplateProblem> Check(string template, bool html)
    {
        try
        {
            _handlebars.Compile(template);
            return [];
        }
        catch (HandlebarsException e)
        {
            var at = Location().Match(e.Message);
            return at.Success
                ? [new TemplateProblem(int.Parse(at.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(at.Groups[2].Value, CultureInfo.InvariantCulture), e.Message)]
                : [new TemplateProblem(1, 1, e.Message)];
        }
    }

    [GeneratedRegex(@"line:?\s*(\d+)\D{1,12}?(?:column|col|char):?\s*(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex Location();
}
