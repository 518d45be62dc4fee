using Cdp.Core.Audit;
using Cdp.Core.Personalization.Experiences;
using static Cdp.Tests.Core.Personalization.Experiences.ExperienceHarness;

namespace Cdp.Tests.Core.Personalization.Experiences;

public class ExperienceStoreTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_ValidDraft_SavedWithSlugKeyAtVersionOne()
    {
        await using var harness = await CreateAsync();

        var created = await harness.Store.CreateAsync(Homepage(name: "Spring homepage (DE)"), Actor.System, Cancel);

        Assert.Equal("spring-homepage-de", created.Key);
        Assert.Equal(1, created.Version);
        var loaded = await harness.Store.GetAsync("SPRING-homepage-de", Cancel);
        Assert.NotNull(loaded);
        Assert.Equal(["Germans", "Europeans", "Everyone"], loaded.Variants.Select(v => v.Name));
        Assert.Equal("europeans", loaded.Variants[1].SegmentKey);
        Assert.Equal("Hello {{firstName}}", loaded.Variants[0].Blocks![0].Headline);
        Assert.Equal(ExperienceKind.Homepage, (await harness.Store.GetAsync(created.Id, Cancel))!.Kind);
        Assert.Equal("Homepage", await harness.Database.ScalarAsync<string>("SELECT Kind FROM Experiences"));
    }

    [Fact]
    public async Task Update_Twice_IncrementsVersionAndKeepsKey()
    {
        await using var harness = await CreateAsync();
        var created = await harness.Store.CreateAsync(Homepage(), Actor.System, Cancel);

        await harness.Store.UpdateAsync(created.Id, Homepage(holdout: 5, name: "Renamed") with { Key = "other" }, null, Actor.System, Cancel);
        var updated = await harness.Store.UpdateAsync(created.Id, Homepage(holdout: 10, name: "Renamed"), null, Actor.System, Cancel);

        Assert.NotNull(updated);
        Assert.Equal(3, updated.Version);
        Assert.Equal("homepage", updated.Key);
        Assert.Equal(("Renamed", 10), (updated.Name, updated.HoldoutPercent));
        Assert.Null(await harness.Store.UpdateAsync(999, Homepage(), null, Actor.System, Cancel));
    }

    [Fact]
    public async Task CreateAndDuplicate_TakenKey_GetsNumberedKey_CopyIsDraft()
    {
        await using var harness = await CreateAsync();
        var first = await harness.Store.CreateAsync(Homepage(), Actor.System, Cancel);
        var second = await harness.Store.CreateAsync(Homepage() with { Key = "Homepage" }, Actor.System, Cancel);

        var copy = await harness.Store.DuplicateAsync(first.Id, Actor.System, Cancel);

        Assert.Equal("homepage-2", second.Key);
        Assert.NotNull(copy);
        Assert.Equal(("homepage-3", "Homepage (copy)", ExperienceStatus.Draft), (copy.Key, copy.Name, copy.Status));
        Assert.Equal(3, (await harness.Store.ListAsync(Cancel)).Count);
    }

    [Fact]
    public async Task Delete_Existing_GoneAndUnknownIsFalse()
    {
        await using var harness = await CreateAsync();
        var created = await harness.Store.CreateAsync(Homepage(), Actor.System, Cancel);

        Assert.True(await harness.Store.DeleteAsync(created.Id, Actor.System, Cancel));
        Assert.False(await harness.Store.DeleteAsync(created.Id, Actor.System, Cancel));
        Assert.Null(await harness.Store.GetAsync("homepage", Cancel));
    }

    [Fact]
    public async Task DeleteSegment_TargetedByAnExperience_RefusedNamingIt_AllowedOnceTheExperienceIsGone()
    {
        await using var harness = await CreateAsync();
        var experience = await harness.Store.CreateAsync(Homepage(name: "Spring homepage") with { Status = ExperienceStatus.Draft }, Actor.System, Cancel);
        var germans = (await harness.Segments.ListAsync(Cancel)).Single(s => s.Key == "germans");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Segments.DeleteAsync(germans.Id, Actor.System, Cancel));

        Assert.Contains("the experience \"Spring homepage\"", refused.Message);
        Assert.Contains(await harness.Segments.ListAsync(Cancel), s => s.Key == "germans");
        await harness.Store.DeleteAsync(experience.Id, Actor.System, Cancel);
        Assert.True(await harness.Segments.DeleteAsync(germans.Id, Actor.System, Cancel));
    }

    [Theory]
    [InlineData("2026", "experience-2026")]
    [InlineData("Été à Zürich!", "ete-a-zurich")]
    [InlineData("!!!", "experience")]
    public void Slug_Text_LowerCaseNeverOnlyDigits(string text, string expected) => Assert.Equal(expected, ExperienceStore.Slug(text));

    [Fact]
    public async Task Create_InvalidDraft_ReportsEveryProblemWithItsPath()
    {
        await using var harness = await CreateAsync();
        var draft = new ExperienceDraft(" ", ExperienceKind.Email, ExperienceStatus.Draft, 101,
        [
            Mail("Nobody", "nope"),
            new VariantDefinition("No content", "germans"),
            Mail("Broken", "europeans", "<p>\n<p>\n  {{#if firstName}}Hi"),
            new VariantDefinition("Blank subject", "americans", new EmailContent(" ", "{{#if x}}", "")),
            Mail("Everyone", null),
        ]);

        var error = await Assert.ThrowsAsync<ExperienceValidationException>(() => harness.Store.CreateAsync(draft, Actor.System, Cancel));

        Assert.Equal(
        [
            "name: is required",
            "holdoutPercent: expected a whole number from 0 to 100",
            "variants[0].segmentKey: there is no segment \"nope\"",
            "variants[1].email: an e-mail variant needs a subject and an HTML body",
            "variants[2].email.html: line 3, column 3",
            "variants[3].email.subject: is required",
            "variants[3].email.html: is required",
            "variants[3].email.preheader: line 1, column 1",
        ], error.Errors.Select(Briefly));
        Assert.Empty(await harness.Store.ListAsync(Cancel));
    }

    [Fact]
    public async Task Create_DefaultMissingOrNotLast_NamesTheVariant()
    {
        await using var harness = await CreateAsync();

        var missing = await Assert.ThrowsAsync<ExperienceValidationException>(() => harness.Store.CreateAsync(
            Homepage() with { Variants = [Page("Germans", "germans"), Page("Europeans", "europeans")] }, Actor.System, Cancel));
        var notLast = await Assert.ThrowsAsync<ExperienceValidationException>(() => harness.Store.CreateAsync(
            Homepage() with { Variants = [Page("Everyone", null), Page("Germans", "germans"), Page("Also everyone", null)] }, Actor.System, Cancel));
        var none = await Assert.ThrowsAsync<ExperienceValidationException>(() => harness.Store.CreateAsync(Homepage() with { Variants = [] }, Actor.System, Cancel));

        Assert.Equal("variants[1].segmentKey", Assert.Single(missing.Errors).Path);
        Assert.Contains("last variant is the default", missing.Errors[0].Message);
        Assert.Equal("variants[0].segmentKey: choose a segment: only the last variant is the default", Assert.Single(notLast.Errors).ToString());
        Assert.Equal("variants", Assert.Single(none.Errors).Path);
    }

    [Fact]
    public async Task Create_HomepageBlocksInvalidOrRepeated_NamesEachBlockAndVariant()
    {
        await using var harness = await CreateAsync();
        var draft = Homepage() with
        {
            Variants =
            [
                new VariantDefinition("Germans", "germans", Blocks: []),
                new VariantDefinition("Germans", "GERMANS", Blocks:
                [
                    new HomepageBlock("carousel"),
                    new HomepageBlock("products", Source: "everything", Count: 40),
                    new HomepageBlock("banner", CouponCode: "SAVE10"),
                    new HomepageBlock("hero", Headline: "Hi", CtaText: "Go"),
                ]),
                Page("Everyone", null, "{{#if firstName}}"),
            ],
        };

        var error = await Assert.ThrowsAsync<ExperienceValidationException>(() => harness.Store.CreateAsync(draft, Actor.System, Cancel));

        Assert.Equal(
        [
            "variants[0].blocks: a homepage variant needs at least one block (hero, products or banner)",
            "variants[1].blocks[0].type: expected hero, products or banner",
            "variants[1].blocks[1].source: expected recommendations, bestsellers or favorites",
            "variants[1].blocks[1].count: expected a whole number from 1 to 12",
            "variants[1].blocks[2].text: is required",
            "variants[1].blocks[3].ctaUrl: is required with a call to action",
            "variants[2].blocks[0].headline: line 1, column 1",
            "variants[1].name: another variant is also called \"Germans\"",
            "variants[1].segmentKey: an earlier variant already targets \"germans\", so this one would never be chosen",
        ], error.Errors.Select(Briefly));
    }

    [Fact]
    public async Task Create_ContentOfTheOtherKind_IsDroppedAndSegmentKeyCanonical()
    {
        await using var harness = await CreateAsync();
        var both = new VariantDefinition(" Everyone ", null, new EmailContent("s", null, "h"), [new HomepageBlock(" HERO ", Headline: " Hi ", Source: "x")]);

        var created = await harness.Store.CreateAsync(Homepage() with { Variants = [Page("Germans", "GERMANS"), both] }, Actor.System, Cancel);

        Assert.Equal("germans", created.Variants[0].SegmentKey);
        var saved = created.Variants[1];
        Assert.Equal(("Everyone", null), (saved.Name, saved.Email));
        Assert.Equal(new HomepageBlock("hero", Headline: "Hi"), Assert.Single(saved.Blocks!));
    }

    [Fact]
    public async Task Create_UnknownHelper_ReportedWithLineAndColumn()
    {
        await using var harness = await CreateAsync();

        var error = await Assert.ThrowsAsync<ExperienceValidationException>(() => harness.Store.CreateAsync(
            new ExperienceDraft("Mail", ExperienceKind.Email, ExperienceStatus.Draft, 0, [Mail("Everyone", null, "<p>\n {{formatMoney totalSpent}}</p>")]), Actor.System, Cancel));

        var problem = Assert.Single(error.Errors);
        Assert.Equal("variants[0].email.html", problem.Path);
        Assert.StartsWith("line 2, column 4: ", problem.Message);
        Assert.Contains("formatMoney", problem.Message);
    }

    /// <summary>An error as path and message, a template's only up to its location (its wording is the renderer's).</summary>
    private static string Briefly(ExperienceError error) =>
        error.Message.StartsWith("line ", StringComparison.Ordinal) ? $"{error.Path}: {error.Message[..error.Message.IndexOf(':')]}" : error.ToString();
}
