using System.Globalization;
using System.Text.RegularExpressions;
using Cdp.Core.Limits;
using HandlebarsDotNet;
using Microsoft.Extensions.Caching.Memory;

namespace Cdp.Core.Personalization.Templates;

/// <summary>
/// Compiles and renders Handlebars templates over a <see cref="PersonalizationModel"/>. Each (mode, text) is compiled
/// once and kept in a bounded cache, so rendering the same variant for many customers costs only the render; a text
/// that does not compile is cached with its errors too. Thread-safe; register as a singleton.
/// </summary>
public sealed partial class TemplateRenderer : IDisposable
{
    /// <summary>Compiled templates kept; the least recently used go first beyond this.</summary>
    public const int CacheEntries = 1000;

    private static readonly StoreInfo SampleStore = new("Store", "USD", "en-US");

    /// <summary>Renders with the default limits (tests, tools).</summary>
    public TemplateRenderer() : this(new LimitSettings())
    {
    }

    /// <param name="limits">The template size limits (<c>Cdp:Limits</c>).</param>
    public TemplateRenderer(LimitSettings limits) => Limits = limits ?? throw new ArgumentNullException(nameof(limits));

    /// <summary>How large one template field and one experience's templates may be.</summary>
    public LimitSettings Limits { get; }

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = CacheEntries, CompactionPercentage = 0.25 });
    private readonly IHandlebars _html = Environment(TemplateMode.Html);
    private readonly IHandlebars _text = Environment(TemplateMode.Text);

    /// <summary>
    /// The template's problems, each at its line and column; empty when it compiles and renders. Besides compiling,
    /// it renders once over a sample customer with every field filled, so that what is accepted here does not fail
    /// when rendered for a real customer later.
    /// </summary>
    public IReadOnlyList<TemplateError> Check(string template, TemplateMode mode)
    {
        // Refused before compiling: compiling and rendering cost grows with the text.
        if (Limits.TemplateTooLarge(template) is { } tooLarge) return [new TemplateError(1, 1, "the template " + tooLarge)];
        var compiled = Compile(template, mode);
        if (compiled.Errors.Count > 0 || compiled.Checked) return compiled.Errors;
        try
        {
            Run(compiled.Template!, PersonalizationModel.Sample(SampleStore, DateOnly.FromDateTime(DateTime.UtcNow)));
            compiled.Checked = true;
            return [];
        }
        catch (Exception e) when (e is HandlebarsException or InvalidOperationException or ArgumentException or InvalidCastException)
        {
            return [Locate(template, e)];
        }
    }

    /// <summary>Renders the template for one customer; values are HTML-escaped in <see cref="TemplateMode.Html"/>.</summary>
    /// <exception cref="TemplateException">The template does not compile (<see cref="Check"/> gives the same errors).</exception>
    public string Render(string template, TemplateMode mode, PersonalizationModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var compiled = Compile(template, mode);
        if (compiled.Errors.Count > 0) throw new TemplateException(compiled.Errors);
        try
        {
            return Run(compiled.Template!, model);
        }
        catch (Exception e) when (e is HandlebarsException or InvalidOperationException or ArgumentException or InvalidCastException)
        {
            throw new TemplateException([Locate(template, e)]);
        }
    }

    /// <summary>
    /// The template compiled once, as a function that renders it like <see cref="Render"/> does: for callers that render
    /// the same text for many customers (a bulk render keeps one per variant for the whole run, rather than looking the
    /// text up in the cache three times per e-mail).
    /// </summary>
    /// <remarks>A template that does not compile still gives a function; it throws <see cref="TemplateException"/> when
    /// called, as <see cref="Render"/> would, so only the customers who get that variant fail.</remarks>
    internal Func<PersonalizationModel, string> Prepare(string template, TemplateMode mode)
    {
        var compiled = Compile(template, mode);
        if (compiled.Errors.Count > 0) return _ => throw new TemplateException(compiled.Errors);
        var run = compiled.Template!;
        return model =>
        {
            ArgumentNullException.ThrowIfNull(model);
            try
            {
                return Run(run, model);
            }
            catch (Exception e) when (e is HandlebarsException or InvalidOperationException or ArgumentException or InvalidCastException)
            {
                throw new TemplateException([Locate(template, e)]);
            }
        };
    }

    private static string Run(HandlebarsTemplate<object, object> template, PersonalizationModel model)
    {
        var previous = CurrentCulture.Value;
        CurrentCulture.Value = StoreCulture.Culture(model.Store.Culture);
        try { return template(model); }
        finally { CurrentCulture.Value = previous; }
    }

    private Compiled Compile(string template, TemplateMode mode)
    {
        ArgumentNullException.ThrowIfNull(template);
        var key = (mode, template);
        if (_cache.TryGetValue(key, out Compiled? cached)) return cached!;
        var compiled = CompileNew(template, mode);
        _cache.Set(key, compiled, new MemoryCacheEntryOptions { Size = 1 });
        return compiled;
    }

    private Compiled CompileNew(string template, TemplateMode mode)
    {
        var errors = TemplateScanner.Scan(template, mode);
        if (errors.Count > 0) return new Compiled(null, errors);
        var handlebars = mode == TemplateMode.Html ? _html : _text;
        try
        {
            // Compiling mutates the environment's shared caches; rendering compiled templates needs no lock.
            lock (handlebars) return new Compiled(handlebars.Compile(template), []);
        }
        catch (Exception e) when (e is HandlebarsException or InvalidOperationException or ArgumentException)
        {
            return new Compiled(null, [Locate(template, e)]);
        }
    }

    /// <summary>
    /// A position for an error the scanner did not foresee: Handlebars' own "Occured at: line:column" (0-based line,
    /// column after the offending text), the first mention of a helper it names, or the start.
    /// </summary>
    private static TemplateError Locate(string template, Exception e)
    {
        var message = e.Message;
        var at = OccurredAt().Match(message);
        if (at.Success)
        {
            message = message[..at.Index].Trim();
            return new TemplateError(int.Parse(at.Groups[1].Value, CultureInfo.InvariantCulture) + 1,
                Math.Max(1, int.Parse(at.Groups[2].Value, CultureInfo.InvariantCulture)), message);
        }
        if (HelperName().Match(message) is { Success: true } helper && template.IndexOf(helper.Groups[1].Value, StringComparison.Ordinal) is >= 0 and var index)
        {
            var (line, column) = TemplateScanner.Position(template, index);
            return new TemplateError(line, column, message);
        }
        return new TemplateError(1, 1, message);
    }

    [GeneratedRegex(@"Occured at:\s*(\d+):(\d+)")]
    private static partial Regex OccurredAt();

    [GeneratedRegex(@"'([A-Za-z_][\w.-]*)'")]
    private static partial Regex HelperName();

    private static IHandlebars Environment(TemplateMode mode)
    {
        var configuration = new HandlebarsConfiguration { FormatProvider = new CultureFormat(), NoEscape = mode == TemplateMode.Text };
        configuration.FormatterProviders.Add(new DateFormatter());
        var handlebars = Handlebars.Create(configuration);
        TemplateHelpers.Register(handlebars);
        return handlebars;
    }

    public void Dispose() => _cache.Dispose();

    private sealed class Compiled(HandlebarsTemplate<object, object>? template, IReadOnlyList<TemplateError> errors)
    {
        public HandlebarsTemplate<object, object>? Template { get; } = template;
        public IReadOnlyList<TemplateError> Errors { get; } = errors;

        /// <summary>A trial render succeeded once; the same text needs no second one.</summary>
        public volatile bool Checked;
    }

    // Values written without a helper ({{totalSpent}}) are formatted in the culture of the model being rendered. The
    // environment's format provider is fixed when it is created, so it reads the culture of the render in progress.
    private static readonly AsyncLocal<CultureInfo?> CurrentCulture = new();

    private sealed class CultureFormat : IFormatProvider
    {
        public object? GetFormat(Type? formatType) => (CurrentCulture.Value ?? CultureInfo.InvariantCulture).GetFormat(formatType);
    }

    /// <summary>Dates written without a helper appear as the culture's short date rather than ISO 8601 with ticks.</summary>
    private sealed class DateFormatter : HandlebarsDotNet.IO.IFormatterProvider, HandlebarsDotNet.IO.IFormatter
    {
        public bool TryCreateFormatter(Type type, out HandlebarsDotNet.IO.IFormatter formatter)
        {
            formatter = this;
            return type == typeof(DateTime) || type == typeof(DateOnly) || type == typeof(DateTimeOffset);
        }

        public void Format<T>(T value, in EncodedTextWriter writer)
        {
            var culture = CurrentCulture.Value ?? CultureInfo.InvariantCulture;
            writer.Write(value switch
            {
                DateTime d => d.ToString("d", culture),
                DateOnly d => d.ToString("d", culture),
                DateTimeOffset d => d.ToString("d", culture),
                _ => value?.ToString() ?? "",
            }, false);
        }
    }
}
