using Cdp.Core;
using Cdp.Core.Limits;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cdp.Tests.Core.Limits;

public class LimitSettingsTests
{
    [Fact]
    public void Problems_Defaults_None()
    {
        var limits = new LimitSettings();

        Assert.Empty(limits.Problems());
        Assert.Equal(1024 * 1024, limits.MaxRequestBodyBytes);
        Assert.Equal(30, limits.PreviewSeconds);
    }

    [Fact]
    public void Problems_UnusableValues_NameEachKeyAndValue()
    {
        var limits = new LimitSettings { MaxRequestBodyKilobytes = 0, MaxRuleNodes = -1, MaxRuleDepth = 40, PreviewSeconds = 0 };

        var problems = limits.Problems();

        Assert.Contains(problems, p => p.StartsWith("Cdp:Limits:MaxRequestBodyKilobytes must be a positive number", StringComparison.Ordinal) && p.Contains("(it is 0)"));
        Assert.Contains(problems, p => p.StartsWith("Cdp:Limits:MaxRuleNodes", StringComparison.Ordinal) && p.Contains("(it is -1)"));
        Assert.Contains(problems, p => p.StartsWith("Cdp:Limits:MaxRuleDepth must be a whole number from 1 to 30", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Cdp:Limits:PreviewSeconds", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_TemplateAboveExperienceAboveBody_Named()
    {
        var problems = new LimitSettings { MaxTemplateKilobytes = 600, MaxExperienceKilobytes = 500, MaxRequestBodyKilobytes = 100 }.Problems();

        Assert.Contains(problems, p => p.Contains("Cdp:Limits:MaxTemplateKilobytes (600) must not exceed Cdp:Limits:MaxExperienceKilobytes (500)"));
        Assert.Contains(problems, p => p.Contains("Cdp:Limits:MaxExperienceKilobytes (500) must not exceed Cdp:Limits:MaxRequestBodyKilobytes (100)"));
    }

    [Fact]
    public void TemplateTooLarge_OneByteOver_NamesSizeAndKey()
    {
        var limits = new LimitSettings { MaxTemplateKilobytes = 1 };

        Assert.Null(limits.TemplateTooLarge(new string('a', 1024)));
        // "é" is two bytes in UTF-8: limits measure what is stored and sent, not characters.
        Assert.Equal("is 2 KB; a template field is at most 1 KB (Cdp:Limits:MaxTemplateKilobytes)", limits.TemplateTooLarge(new string('é', 513)));
    }

    [Fact]
    public void AddCdpCore_BadLimitsInConfiguration_FailsNamingTheKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cdp:Limits:MaxRuleDepth"] = "0",
            ["Cdp:Limits:PreviewSeconds"] = "7",
        }).Build();
        using var services = new ServiceCollection().AddCdpCore(configuration).BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<LimitSettings>());
        Assert.Contains("Cdp:Limits:MaxRuleDepth must be a whole number from 1 to 30 (it is 0).", e.Message);
    }

    [Fact]
    public void AddCdpCore_Limits_BoundFromConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cdp:Limits:MaxRuleNodes"] = "42",
            ["Cdp:Limits:PreviewSeconds"] = "2.5",
        }).Build();
        using var services = new ServiceCollection().AddCdpCore(configuration).BuildServiceProvider();

        var limits = services.GetRequiredService<LimitSettings>();
        Assert.Equal(42, limits.MaxRuleNodes);
        Assert.Equal(2.5, limits.PreviewSeconds);
        Assert.Same(limits, services.GetRequiredService<Cdp.Core.Segments.SegmentEngine>().Limits);
        Assert.Same(limits, services.GetRequiredService<Cdp.Core.Personalization.Templates.TemplateRenderer>().Limits);
    }
}
