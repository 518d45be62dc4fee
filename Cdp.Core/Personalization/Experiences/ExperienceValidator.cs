using Cdp.Core.Limits;
using Cdp.Core.Personalization.Templates;

namespace Cdp.Core.Personalization.Experiences;

/// <summary>
/// Checks a draft and returns it cleaned up (trimmed names, canonical segment keys, lower-case block types, only
/// the content its kind uses), or every problem with its path, so one save reports all of them at once.
/// </summary>
internal sealed class ExperienceValidator(TemplateRenderer templates, IReadOnlyDictionary<string, string> segmentKeys)
{
    public const int MaxNameLength = 100;
    public const int MaxVariants = 20;
    public const int MaxBlocks = 20;
    public const int MaxProducts = 12;

    private static readonly string[] BlockTypes = [HomepageBlock.Hero, HomepageBlock.Products, HomepageBlock.Banner];
    private static readonly string[] ProductSources = [HomepageBlock.FromRecommendations, HomepageBlock.FromBestSellers, HomepageBlock.FromFavorites];

    private readonly List<ExperienceError> _errors = [];

    /// <summary>The UTF-8 size of every template field checked so far, for the per-experience limit.</summary>
    private long _templateBytes;

    /// <exception cref="ExperienceValidationException">The draft has problems.</exception>
    public ExperienceDraft Validate(ExperienceDraft draft)
    {
        var name = Required(draft.Name, "name", MaxNameLength);
        if (!Enum.IsDefined(draft.Kind)) Add("kind", "expected Email or Homepage");
        if (!Enum.IsDefined(draft.Status)) Add("status", "expected Draft or Live");
        if (draft.HoldoutPercent is < 0 or > 100) Add("holdoutPercent", "expected a whole number from 0 to 100");

        var variants = draft.Variants ?? [];
        if (variants.Count == 0) Add("variants", "add at least the default variant (without a segment), for everyone");
        else if (variants.Count > MaxVariants) Add("variants", $"at most {MaxVariants} variants");
        var cleaned = new List<VariantDefinition>();
        for (var i = 0; i < variants.Count; i++)
        {
            if (variants[i] is { } variant) cleaned.Add(Variant(draft.Kind, variant, $"variants[{i}]"));
            else Add($"variants[{i}]", "is empty");
        }

        var limits = templates.Limits;
        if (_templateBytes > limits.MaxExperienceBytes)
            Add("variants", $"the templates of all variants total {LimitSettings.Kilobytes(_templateBytes)}; an experience is at most " +
                $"{limits.MaxExperienceKilobytes:N0} KB ({LimitSettings.Key(nameof(LimitSettings.MaxExperienceKilobytes))})");

        if (variants.Count > 0 && cleaned.Count == variants.Count)
        {
            var defaults = Enumerable.Range(0, cleaned.Count).Where(i => cleaned[i].IsDefault).ToList();
            if (defaults.Count == 0)
                Add($"variants[{cleaned.Count - 1}].segmentKey", "the last variant is the default, for everyone else: leave its segment empty");
            foreach (var i in defaults.Where(i => i != cleaned.Count - 1))
                Add($"variants[{i}].segmentKey", "choose a segment: only the last variant is the default");
            Duplicates(cleaned, v => v.Name, "name", n => $"another variant is also called \"{n}\"");
            Duplicates(cleaned, v => v.SegmentKey, "segmentKey", k => $"an earlier variant already targets \"{k}\", so this one would never be chosen");
        }
        if (_errors.Count > 0) throw new ExperienceValidationException(_errors);
        return draft with { Name = name!, Variants = cleaned };
    }

    private VariantDefinition Variant(ExperienceKind kind, VariantDefinition variant, string path)
    {
        var name = Required(variant.Name, $"{path}.name", MaxNameLength) ?? "";
        string? segment = null;
        if (!string.IsNullOrWhiteSpace(variant.SegmentKey))
        {
            if (segmentKeys.TryGetValue(variant.SegmentKey.Trim(), out var key)) segment = key;
            else
            {
                segment = variant.SegmentKey.Trim();
                Add($"{path}.segmentKey", $"there is no segment \"{segment}\"");
            }
        }
        return kind == ExperienceKind.Homepage
            ? new VariantDefinition(name, segment, Blocks: Blocks(variant.Blocks, $"{path}.blocks"))
            : new VariantDefinition(name, segment, Email: Email(variant.Email, $"{path}.email"));
    }

    private EmailContent? Email(EmailContent? email, string path)
    {
        if (email is null)
        {
            Add(path, "an e-mail variant needs a subject and an HTML body");
            return null;
        }
        var subject = Required(email.Subject, $"{path}.subject", 500);
        var html = Required(email.Html, $"{path}.html", null);
        var preheader = string.IsNullOrWhiteSpace(email.Preheader) ? null : email.Preheader.Trim();
        Template(subject, $"{path}.subject", TemplateMode.Text);
        Template(preheader, $"{path}.preheader", TemplateMode.Text);
        Template(html, $"{path}.html", TemplateMode.Html);
        return new EmailContent(subject ?? "", preheader, email.Html ?? "");
    }

    private List<HomepageBlock> Blocks(IReadOnlyList<HomepageBlock>? blocks, string path)
    {
        if (blocks is null || blocks.Count == 0)
        {
            Add(path, "a homepage variant needs at least one block (hero, products or banner)");
            return [];
        }
        if (blocks.Count > MaxBlocks) Add(path, $"at most {MaxBlocks} blocks");
        var cleaned = new List<HomepageBlock>();
        for (var i = 0; i < blocks.Count; i++)
        {
            var at = $"{path}[{i}]";
            if (blocks[i] is not { } block)
            {
                Add(at, "is empty");
                continue;
            }
            var type = block.Type?.Trim().ToLowerInvariant() ?? "";
            if (!BlockTypes.Contains(type)) Add($"{at}.type", "expected hero, products or banner");
            var source = Clean(block.Source)?.ToLowerInvariant();
            switch (type)
            {
                case HomepageBlock.Hero:
                    Required(block.Headline, $"{at}.headline", null);
                    if (Clean(block.CtaText) is not null && Clean(block.CtaUrl) is null) Add($"{at}.ctaUrl", "is required with a call to action");
                    break;
                case HomepageBlock.Products:
                    if (!ProductSources.Contains(source)) Add($"{at}.source", "expected recommendations, bestsellers or favorites");
                    if (block.Count is < 1 or > MaxProducts) Add($"{at}.count", $"expected a whole number from 1 to {MaxProducts}");
                    break;
                case HomepageBlock.Banner:
                    Required(block.Text, $"{at}.text", null);
                    break;
            }
            foreach (var (field, text) in new[] { ("imageUrl", block.ImageUrl), ("headline", block.Headline), ("subHeadline", block.SubHeadline),
                         ("ctaText", block.CtaText), ("ctaUrl", block.CtaUrl), ("text", block.Text), ("couponCode", block.CouponCode) })
                Template(Clean(text), $"{at}.{field}", TemplateMode.Text); // the homepage layout escapes block texts
            cleaned.Add(block with
            {
                Type = type, Source = type == HomepageBlock.Products ? source : null,
                Category = type == HomepageBlock.Products && source == HomepageBlock.FromBestSellers ? Clean(block.Category) : null,
                Count = type == HomepageBlock.Products ? block.Count : new HomepageBlock("").Count,
                ImageUrl = Clean(block.ImageUrl), Headline = Clean(block.Headline), SubHeadline = Clean(block.SubHeadline),
                CtaText = Clean(block.CtaText), CtaUrl = Clean(block.CtaUrl), Text = Clean(block.Text), CouponCode = Clean(block.CouponCode),
            });
        }
        return cleaned;
    }

    private void Template(string? text, string path, TemplateMode mode)
    {
        if (string.IsNullOrEmpty(text)) return;
        _templateBytes += LimitSettings.Utf8Bytes(text);
        if (templates.Limits.TemplateTooLarge(text) is { } tooLarge)
        {
            Add(path, tooLarge);
            return;
        }
        foreach (var problem in templates.Check(text, mode)) Add(path, problem.ToString());
    }

    private string? Required(string? text, string path, int? maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            Add(path, "is required");
            return null;
        }
        var trimmed = text.Trim();
        if (trimmed.Length > maxLength) Add(path, $"is longer than {maxLength} characters");
        return trimmed;
    }

    private void Duplicates(List<VariantDefinition> variants, Func<VariantDefinition, string?> value, string field, Func<string, string> message)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < variants.Count; i++)
            if (value(variants[i]) is { Length: > 0 } text && !seen.Add(text))
                Add($"variants[{i}].{field}", message(text));
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private void Add(string path, string message) => _errors.Add(new ExperienceError(path, message));
}
