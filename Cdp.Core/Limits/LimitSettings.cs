using System.Globalization;
using System.Text;

namespace Cdp.Core.Limits;

/// <summary>
/// How large or slow an input may be before Cdp refuses it (<c>Cdp:Limits</c>). Every refusal names the key
/// of the limit it hit and the actual size, so whoever reads it knows both what to shrink and what to configure.
/// </summary>
public sealed class LimitSettings
{
    public const string SectionName = "Cdp:Limits";

    /// <summary>The deepest tree <c>JsonDocument</c> reading of rule trees allows (two JSON levels per group).</summary>
    public const int MaxRuleDepthCeiling = 30;

    /// <summary>Largest body of a JSON API request, in kilobytes; uploads and imports keep <c>Cdp:Import:MaxUploadMegabytes</c>.</summary>
    public int MaxRequestBodyKilobytes { get; set; } = 1024;

    /// <summary>Largest template field (an e-mail's HTML, a subject, a block's text), in kilobytes of UTF-8.</summary>
    public int MaxTemplateKilobytes { get; set; } = 100;

    /// <summary>Largest sum of an experience's template fields over all its variants, in kilobytes of UTF-8.</summary>
    public int MaxExperienceKilobytes { get; set; } = 512;

    /// <summary>Most nodes (groups and conditions, the root included) in one rule tree.</summary>
    public int MaxRuleNodes { get; set; } = 500;

    /// <summary>Most levels in one rule tree; the root group alone is one level.</summary>
    public int MaxRuleDepth { get; set; } = 12;

    /// <summary>Seconds a segment preview (count, breakdowns, samples) may run before it is stopped.</summary>
    public double PreviewSeconds { get; set; } = 30;

    public long MaxRequestBodyBytes => MaxRequestBodyKilobytes * 1024L;

    public long MaxTemplateBytes => MaxTemplateKilobytes * 1024L;

    public long MaxExperienceBytes => MaxExperienceKilobytes * 1024L;

    public TimeSpan PreviewTime => TimeSpan.FromSeconds(PreviewSeconds);

    /// <summary>Each setting that cannot work, naming its key; empty when all are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        Positive(MaxRequestBodyKilobytes, nameof(MaxRequestBodyKilobytes), "kilobytes");
        Positive(MaxTemplateKilobytes, nameof(MaxTemplateKilobytes), "kilobytes");
        Positive(MaxExperienceKilobytes, nameof(MaxExperienceKilobytes), "kilobytes");
        Positive(MaxRuleNodes, nameof(MaxRuleNodes), "nodes");
        if (MaxRuleDepth is < 1 or > MaxRuleDepthCeiling)
            problems.Add($"{Key(nameof(MaxRuleDepth))} must be a whole number from 1 to {MaxRuleDepthCeiling} (it is {MaxRuleDepth}).");
        if (!(PreviewSeconds > 0) || double.IsInfinity(PreviewSeconds) || PreviewSeconds > int.MaxValue / 1000.0)
            problems.Add($"{Key(nameof(PreviewSeconds))} must be a positive number of seconds (it is {PreviewSeconds.ToString(CultureInfo.InvariantCulture)}).");
        if (MaxTemplateKilobytes > MaxExperienceKilobytes)
            problems.Add($"{Key(nameof(MaxTemplateKilobytes))} ({MaxTemplateKilobytes}) must not exceed {Key(nameof(MaxExperienceKilobytes))} ({MaxExperienceKilobytes}).");
        // An experience travels as JSON through the API: the body limit must leave room for the largest one.
        if (MaxExperienceKilobytes > MaxRequestBodyKilobytes)
            problems.Add($"{Key(nameof(MaxExperienceKilobytes))} ({MaxExperienceKilobytes}) must not exceed {Key(nameof(MaxRequestBodyKilobytes))} ({MaxRequestBodyKilobytes}), or the largest experience could not be sent to the API.");
        return problems;

        void Positive(int value, string name, string unit)
        {
            if (value <= 0) problems.Add($"{Key(name)} must be a positive number of {unit} (it is {value}).");
        }
    }

    /// <summary>The configuration key of a setting, as messages name it.</summary>
    public static string Key(string setting) => $"{SectionName}:{setting}";

    /// <summary>Sizes as messages show them: kilobytes, rounded up so that a refused size never reads as the limit.</summary>
    public static string Kilobytes(long bytes) => $"{Math.Ceiling(bytes / 1024.0).ToString("N0", CultureInfo.InvariantCulture)} KB";

    /// <summary>Seconds as messages show them (30 s, 0.5 s).</summary>
    public static string Seconds(double seconds) => $"{seconds.ToString("0.###", CultureInfo.InvariantCulture)} s";

    /// <summary>The UTF-8 size of a text, as limits measure it.</summary>
    public static long Utf8Bytes(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);

    /// <summary>Why a template field is refused, or null when it fits.</summary>
    public string? TemplateTooLarge(string? text)
    {
        var bytes = Utf8Bytes(text);
        return bytes <= MaxTemplateBytes ? null
            : $"is {Kilobytes(bytes)}; a template field is at most {MaxTemplateKilobytes:N0} KB ({Key(nameof(MaxTemplateKilobytes))})";
    }
}
