using System.Globalization;

namespace Cdp.Core.Segments.Compilation;

/// <summary>Customer values as explanations show them: invariant, short, "no value" for missing ("customer has no value").</summary>
internal static class ValueText
{
    public const string NoValue = "no value";

    public static string Format(object? value) => value switch
    {
        null => NoValue,
        string s when s.Length == 0 => NoValue,
        string s => s,
        bool b => b ? "yes" : "no",
        DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.##", CultureInfo.InvariantCulture),
        double x => x.ToString("0.##", CultureInfo.InvariantCulture),
        IEnumerable<string> list => list.Any() ? string.Join(", ", list) : "none",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
