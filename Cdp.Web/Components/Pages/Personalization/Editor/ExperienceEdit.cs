using System.Text.RegularExpressions;
using Cdp.Core.Personalization.Experiences;

namespace Cdp.Web.Components.Pages.Personalization.Editor;

/// <summary>
/// The experience being edited: mutable, with the store's validation errors attached to the variant or block they
/// name, so that they stay beside it when the marketer reorders variants before fixing them.
/// </summary>
public sealed partial class ExperienceEdit
{
    public string Name { get; set; } = "";
    public string? Key { get; set; }
    public ExperienceKind Kind { get; set; }
    public ExperienceStatus Status { get; set; } = ExperienceStatus.Draft;
    public int HoldoutPercent { get; set; }

    /// <summary>In priority order; the default is always the last and never moves.</summary>
    public List<EditedVariant> Variants { get; } = [];

    /// <summary>Errors about the experience itself, by field (<c>name</c>, <c>holdoutPercent</c>, <c>variants</c>, "").</summary>
    public ErrorBag Errors { get; } = new();

    public EditedVariant Default => Variants[^1];

    public static ExperienceEdit New(ExperienceKind kind)
    {
        var edit = new ExperienceEdit { Kind = kind };
        edit.Variants.Add(kind == ExperienceKind.Email
            ? new EditedVariant
            {
                Name = "Everyone else",
                Html = "<p>Hello {{default firstName \"there\"}},</p>\n<p></p>",
            }
            : new EditedVariant
            {
                Name = "Everyone else",
                Blocks = { new EditedBlock { Type = HomepageBlock.Hero, Headline = "Welcome, {{default firstName \"friend\"}}" } },
            });
        return edit;
    }

    public static ExperienceEdit From(ExperienceDetails details)
    {
        var edit = new ExperienceEdit
        {
            Name = details.Name, Key = details.Key, Kind = details.Kind, Status = details.Status, HoldoutPercent = details.HoldoutPercent,
        };
        edit.Variants.AddRange(details.Variants.Select(EditedVariant.From));
        return edit;
    }

    public ExperienceDraft ToDraft() =>
        new(Name, Kind, Status, HoldoutPercent, Variants.Select(v => v.ToDefinition(Kind)).ToList(), string.IsNullOrWhiteSpace(Key) ? null : Key);

    /// <summary>What a save would store, to tell unsaved changes from none.</summary>
    public string Fingerprint() => System.Text.Json.JsonSerializer.Serialize(ToDraft(), ExperienceJson.Options);

    /// <summary>Whether the variant at <paramref name="index"/> can move: every variant but the default can.</summary>
    public bool CanMove(int index) => index >= 0 && index < Variants.Count - 1;

    /// <summary>
    /// Moves a targeted variant so that it lands before the variant now at <paramref name="before"/> (at most before
    /// the default, which stays last).
    /// </summary>
    /// <returns>True when the order changed.</returns>
    public bool MoveBefore(int from, int before)
    {
        if (!CanMove(from) || before < 0 || before > Variants.Count - 1) return false;
        var to = before > from ? before - 1 : before;
        if (to == from) return false;
        var variant = Variants[from];
        Variants.RemoveAt(from);
        Variants.Insert(to, variant);
        return true;
    }

    /// <summary>Moves a targeted variant one place up (-1) or down (+1), never past the default.</summary>
    public bool MoveBy(int index, int delta) => MoveBefore(index, delta < 0 ? index - 1 : index + 2);

    /// <summary>Attaches each error to what its path names, replacing earlier errors.</summary>
    public void ShowErrors(IReadOnlyList<ExperienceError> errors)
    {
        ClearErrors();
        foreach (var error in errors)
        {
            var variant = VariantPath().Match(error.Path);
            if (!variant.Success || !int.TryParse(variant.Groups[1].Value, out var i) || i >= Variants.Count)
            {
                Errors.Add(error.Path, error.Message);
                continue;
            }
            var rest = variant.Groups[2].Value.TrimStart('.');
            var block = BlockPath().Match(rest);
            if (block.Success && int.TryParse(block.Groups[1].Value, out var b) && b < Variants[i].Blocks.Count)
                Variants[i].Blocks[b].Errors.Add(block.Groups[2].Value.TrimStart('.'), error.Message);
            else Variants[i].Errors.Add(rest, error.Message);
        }
    }

    public void ClearErrors()
    {
        Errors.Clear();
        foreach (var variant in Variants)
        {
            variant.Errors.Clear();
            foreach (var block in variant.Blocks) block.Errors.Clear();
        }
    }

    public bool HasErrors => Errors.Any || Variants.Any(v => v.HasErrors);

    [GeneratedRegex(@"^variants\[(\d+)\](.*)$")]
    private static partial Regex VariantPath();

    [GeneratedRegex(@"^blocks\[(\d+)\](.*)$")]
    private static partial Regex BlockPath();
}

/// <summary>One variant as edited; <see cref="Id"/> keeps its components (and the HTML editor) attached while it moves.</summary>
public sealed class EditedVariant
{
    public string Id { get; } = Guid.NewGuid().ToString("N")[..8];
    public string Name { get; set; } = "";
    public string? SegmentKey { get; set; }
    public string Subject { get; set; } = "";
    public string Preheader { get; set; } = "";
    public string Html { get; set; } = "";
    public List<EditedBlock> Blocks { get; } = [];
    public ErrorBag Errors { get; } = new();

    public bool HasErrors => Errors.Any || Blocks.Any(b => b.Errors.Any);

    public static EditedVariant From(VariantDefinition definition)
    {
        var variant = new EditedVariant
        {
            Name = definition.Name, SegmentKey = definition.SegmentKey,
            Subject = definition.Email?.Subject ?? "", Preheader = definition.Email?.Preheader ?? "", Html = definition.Email?.Html ?? "",
        };
        variant.Blocks.AddRange((definition.Blocks ?? []).Select(EditedBlock.From));
        return variant;
    }

    public VariantDefinition ToDefinition(ExperienceKind kind) => kind == ExperienceKind.Email
        ? new VariantDefinition(Name, SegmentKey, Email: new EmailContent(Subject, string.IsNullOrWhiteSpace(Preheader) ? null : Preheader, Html))
        : new VariantDefinition(Name, SegmentKey, Blocks: Blocks.Select(b => b.ToBlock()).ToList());
}

/// <summary>One homepage block as edited.</summary>
public sealed class EditedBlock
{
    public string Id { get; } = Guid.NewGuid().ToString("N")[..8];
    public string Type { get; set; } = HomepageBlock.Hero;
    public string? ImageUrl { get; set; }
    public string? Headline { get; set; }
    public string? SubHeadline { get; set; }
    public string? CtaText { get; set; }
    public string? CtaUrl { get; set; }
    public string? Source { get; set; }
    public string? Category { get; set; }
    public int Count { get; set; } = 4;
    public string? Text { get; set; }
    public string? CouponCode { get; set; }
    public ErrorBag Errors { get; } = new();

    public static EditedBlock From(HomepageBlock block) => new()
    {
        Type = block.Type, ImageUrl = block.ImageUrl, Headline = block.Headline, SubHeadline = block.SubHeadline, CtaText = block.CtaText,
        CtaUrl = block.CtaUrl, Source = block.Source, Category = block.Category, Count = block.Count, Text = block.Text, CouponCode = block.CouponCode,
    };

    public HomepageBlock ToBlock() => new(Type, ImageUrl, Headline, SubHeadline, CtaText, CtaUrl, Source, Category, Count, Text, CouponCode);
}

/// <summary>Validation messages by field name (relative to what holds the bag).</summary>
public sealed class ErrorBag
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.OrdinalIgnoreCase);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message) =>
        (_errors.TryGetValue(field, out var list) ? list : _errors[field] = []).Add(message);

    public void Clear() => _errors.Clear();

    public IReadOnlyList<string> For(string field) => _errors.TryGetValue(field, out var list) ? list : [];

    /// <summary>Messages for fields not shown beside an input of their own, prefixed with their field.</summary>
    public IEnumerable<string> Except(params string[] shown) =>
        _errors.Where(e => !shown.Contains(e.Key, StringComparer.OrdinalIgnoreCase))
            .SelectMany(e => e.Value.Select(m => e.Key.Length == 0 ? m : $"{e.Key}: {m}"));
}
