using Cdp.Core.Limits;
using Cdp.Core.Personalization.Experiences;
using Cdp.Core.Personalization.Templates;

namespace Cdp.Tests.Core.Limits;

/// <summary>Template size per field and per experience, as every save of an experience checks them.</summary>
public class TemplateLimitsTests
{
    private static readonly LimitSettings Small = new() { MaxTemplateKilobytes = 2, MaxExperienceKilobytes = 3 };

    [Fact]
    public void Check_TemplateOverTheLimit_RefusedBeforeCompiling()
    {
        using var templates = new TemplateRenderer(Small);

        var error = Assert.Single(templates.Check("{{#if}}" + new string('x', 3000), TemplateMode.Html));

        Assert.Equal("line 1, column 1: the template is 3 KB; a template field is at most 2 KB (Cdp:Limits:MaxTemplateKilobytes)", error.ToString());
    }

    [Fact]
    public void Validate_FieldOverTheLimit_NamesTheFieldTheSizeAndTheKey()
    {
        using var templates = new TemplateRenderer(Small);

        var e = Assert.Throws<ExperienceValidationException>(() => Validate(templates, Email("<p>" + new string('x', 2100) + "</p>")));

        var error = Assert.Single(e.Errors);
        Assert.Equal("variants[0].email.html", error.Path);
        Assert.Equal("is 3 KB; a template field is at most 2 KB (Cdp:Limits:MaxTemplateKilobytes)", error.Message);
    }

    [Fact]
    public void Validate_ExperienceOverTheLimit_NamesTheTotalAndTheKey()
    {
        using var templates = new TemplateRenderer(Small);
        var html = "<p>" + new string('x', 1800) + "</p>";   // each field fits; together they do not

        var e = Assert.Throws<ExperienceValidationException>(() => Validate(templates, Email(html), Email(html)));

        var error = Assert.Single(e.Errors);
        Assert.Equal("variants", error.Path);
        Assert.Equal("the templates of all variants total 4 KB; an experience is at most 3 KB (Cdp:Limits:MaxExperienceKilobytes)", error.Message);
    }

    [Fact]
    public void Validate_WithinTheLimits_Accepted()
    {
        using var templates = new TemplateRenderer(Small);

        var valid = Validate(templates, Email("<p>" + new string('x', 1000) + "</p>"));

        Assert.Single(valid.Variants);
    }

    [Fact]
    public void Validate_HomepageBlockOverTheLimit_NamesTheBlockField()
    {
        using var templates = new TemplateRenderer(Small);
        var draft = new ExperienceDraft("Home", ExperienceKind.Homepage, ExperienceStatus.Draft, 0,
            [new VariantDefinition("Everyone", null, Blocks: [new HomepageBlock(HomepageBlock.Banner) { Text = new string('y', 2049) }])]);

        var e = Assert.Throws<ExperienceValidationException>(() => new ExperienceValidator(templates, NoSegments).Validate(draft));

        Assert.Equal("variants[0].blocks[0].text", Assert.Single(e.Errors).Path);
    }

    private static readonly IReadOnlyDictionary<string, string> NoSegments = new Dictionary<string, string>();

    private static VariantDefinition Email(string html) => new("", null, Email: new EmailContent("Hello", null, html));

    /// <summary>The variants in order; the last is the default, the others target a segment so that the draft is otherwise valid.</summary>
    private static ExperienceDraft Validate(TemplateRenderer templates, params VariantDefinition[] variants)
    {
        var segments = new Dictionary<string, string> { ["s0"] = "s0", ["s1"] = "s1" };
        var named = variants.Select((v, i) => v with { Name = $"V{i}", SegmentKey = i == variants.Length - 1 ? null : $"s{i}" }).ToList();
        return new ExperienceValidator(templates, segments).Validate(
            new ExperienceDraft("Limits", ExperienceKind.Email, ExperienceStatus.Draft, 0, named));
    }
}
