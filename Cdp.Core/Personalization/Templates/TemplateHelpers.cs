using System.Globalization;
using System.Text;
using HandlebarsDotNet;
using static Cdp.Core.Personalization.Templates.HelperValues;

namespace Cdp.Core.Personalization.Templates;

/// <summary>
/// The helpers templates can call (documented in docs/personalization.md, "Templates"). Every helper takes what it
/// is given without throwing: wrong or missing arguments give an empty result, so a render never fails on one
/// customer's data. Culture, currency and "today" come from the model being rendered (<c>@root</c>).
/// </summary>
internal static class TemplateHelpers
{
    /// <summary>Helpers used as <c>{{name args}}</c> or <c>(name args)</c>.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "default", "currency", "date", "number", "eq", "ne", "gt", "lt", "and", "or", "not", "inSegment",
        "capitalize", "upper", "lower", "truncate", "pluralize", "daysUntil", "lookup",
    };

    /// <summary>Helpers used as <c>{{#name args}}…{{/name}}</c>.</summary>
    public static IReadOnlySet<string> BlockNames { get; } = new HashSet<string>(StringComparer.Ordinal) { "if", "unless", "each", "with", "inSegment" };

    public static void Register(IHandlebars handlebars)
    {
        Add(handlebars, "default", (_, a) => a.Length == 0 ? null : a.AsEnumerable().FirstOrDefault(v => !IsEmpty(v)) is { } v ? Value(v) : Value(a[a.Length - 1]));
        Add(handlebars, "currency", (m, a) => Number(Arg(a, 0)) is { } amount
            ? amount.ToString("C", StoreCulture.CurrencyFormat(Culture(m), Arg(a, 1) as string ?? m?.Store.Currency))
            : "");
        Add(handlebars, "date", (m, a) => Date(Arg(a, 0)) is { } date ? date.ToString(DateFormat(Arg(a, 1) as string), Culture(m)) : "");
        Add(handlebars, "number", (m, a) => Number(Arg(a, 0)) is not { } n ? ""
            : Number(Arg(a, 1)) is { } decimals ? n.ToString("N" + (int)Math.Clamp(decimals, 0, 10), Culture(m))
            : n.ToString("#,0.##", Culture(m)));
        Add(handlebars, "eq", (_, a) => a.Length >= 2 && Compare(a[0], a[1]) == 0);
        Add(handlebars, "ne", (_, a) => a.Length >= 2 && Compare(a[0], a[1]) != 0);
        Add(handlebars, "gt", (_, a) => a.Length >= 2 && Compare(a[0], a[1]) > 0);
        Add(handlebars, "lt", (_, a) => a.Length >= 2 && Compare(a[0], a[1]) < 0);
        Add(handlebars, "and", (_, a) => a.Length > 0 && a.AsEnumerable().All(Truthy));
        Add(handlebars, "or", (_, a) => a.AsEnumerable().Any(Truthy));
        Add(handlebars, "not", (_, a) => !Truthy(Arg(a, 0)));
        Add(handlebars, "inSegment", (m, a) => InSegment(m, Arg(a, 0)));
        handlebars.RegisterHelper("inSegment", (writer, options, context, arguments) =>
        {
            if (InSegment(Root(options.Data), arguments.Length > 0 ? arguments[0] : null)) options.Template(writer, context);
            else options.Inverse(writer, context);
        });
        Add(handlebars, "capitalize", (m, a) => Capitalize(Text(Arg(a, 0), Culture(m)), Culture(m)));
        Add(handlebars, "upper", (m, a) => Text(Arg(a, 0), Culture(m)).ToUpper(Culture(m)));
        Add(handlebars, "lower", (m, a) => Text(Arg(a, 0), Culture(m)).ToLower(Culture(m)));
        Add(handlebars, "truncate", (m, a) => Truncate(Text(Arg(a, 0), Culture(m)), Number(Arg(a, 1)), Arg(a, 2) as string ?? "…"));
        Add(handlebars, "pluralize", (m, a) => Pluralize(Number(Arg(a, 0)), Arg(a, 1) as string, Arg(a, 2) as string, Culture(m)));
        Add(handlebars, "daysUntil", (m, a) => Date(Arg(a, 0)) is { } date && m is not null
            ? DateOnly.FromDateTime(date).DayNumber - m.Today.DayNumber
            : null);
    }

    private static void Add(IHandlebars handlebars, string name, Func<PersonalizationModel?, Arguments, object?> helper) =>
        handlebars.RegisterHelper(name, (in HelperOptions options, in Context _, in Arguments arguments) =>
            helper(Root(options.Data), arguments) ?? "");

    private static PersonalizationModel? Root(HandlebarsDotNet.ValueProviders.DataValues data) => data.Value<object>("root") as PersonalizationModel;

    private static object? Arg(Arguments arguments, int index) => index < arguments.Length ? Value(arguments[index]) : null;

    private static CultureInfo Culture(PersonalizationModel? model) => StoreCulture.Culture(model?.Store.Culture);

    private static bool InSegment(PersonalizationModel? model, object? key) =>
        model is not null && Value(key) is string k && model.Segments.Contains(k.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>"short" (the default), "long", "monthDay", or any .NET date format.</summary>
    private static string DateFormat(string? format) => format switch
    {
        null or "" or "short" => "d",
        "long" => "D",
        "monthDay" => "M",
        _ => format,
    };

    private static string Capitalize(string text, CultureInfo culture) =>
        text.Length == 0 ? text : char.ToUpper(text[0], culture) + text[1..];

    /// <summary>At most <paramref name="length"/> characters (never splitting a character), then the suffix.</summary>
    private static string Truncate(string text, decimal? length, string suffix)
    {
        if (length is not { } max || max < 0) return text;
        var info = new StringInfo(text);
        if (info.LengthInTextElements <= max) return text;
        return info.SubstringByTextElements(0, (int)max).TrimEnd() + suffix;
    }

    /// <summary>"1 order", "3 orders": the count in the store's culture and the singular or plural form (the singular plus "s" when none is given).</summary>
    private static string Pluralize(decimal? count, string? singular, string? plural, CultureInfo culture)
    {
        if (count is not { } n || string.IsNullOrEmpty(singular)) return "";
        var word = n == 1 ? singular : plural ?? singular + "s";
        return new StringBuilder().Append(n.ToString("#,0.##", culture)).Append(' ').Append(word).ToString();
    }
}
