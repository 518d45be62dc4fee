using Cdp.Core.Personalization.Experiences;
using Cdp.Web.Components.Pages.Personalization.Editor;

namespace Cdp.Tests.Web.Personalization;

public class ExperienceEditTests
{
    private static ExperienceEdit Homepage(params string[] segments)
    {
        var variants = segments.Select(s => new VariantDefinition(s, s, Blocks: [new HomepageBlock(HomepageBlock.Hero, Headline: s)]))
            .Append(new VariantDefinition("Everyone", null, Blocks: [new HomepageBlock(HomepageBlock.Hero, Headline: "Hi")]))
            .ToList();
        return ExperienceEdit.From(new ExperienceDetails(1, "home", "Home", ExperienceKind.Homepage, ExperienceStatus.Draft, 0, variants, 1,
            DateTime.UtcNow, DateTime.UtcNow));
    }

    private static string[] Order(ExperienceEdit edit) => [.. edit.Variants.Select(v => v.Name)];

    [Fact]
    public void MoveBefore_AVariantDraggedUpOrDown_LandsBeforeTheTarget()
    {
        var edit = Homepage("a", "b", "c");

        Assert.True(edit.MoveBefore(2, 0));
        Assert.Equal(["c", "a", "b", "Everyone"], Order(edit));
        Assert.True(edit.MoveBefore(0, 3)); // the gap before the default: last of the targeted variants
        Assert.Equal(["a", "b", "c", "Everyone"], Order(edit));
        Assert.False(edit.MoveBefore(1, 1));
        Assert.False(edit.MoveBefore(1, 2)); // just after itself: no change
    }

    [Fact]
    public void Moves_TheDefault_NeverMovesAndNothingPassesIt()
    {
        var edit = Homepage("a", "b");

        Assert.False(edit.MoveBefore(2, 0));
        Assert.False(edit.MoveBy(1, 1));
        Assert.False(edit.MoveBy(0, -1));
        Assert.True(edit.MoveBy(0, 1));
        Assert.Equal(["b", "a", "Everyone"], Order(edit));
    }

    [Fact]
    public void ShowErrors_Paths_LandOnTheirVariantAndBlock_AndFollowThemWhenMoved()
    {
        var edit = Homepage("a", "b");

        edit.ShowErrors([
            new ExperienceError("name", "is required"),
            new ExperienceError("variants[1].segmentKey", "there is no segment \"b\""),
            new ExperienceError("variants[0].blocks[0].headline", "line 1, column 5: oops"),
        ]);
        edit.MoveBy(1, -1);

        Assert.Equal(["is required"], edit.Errors.For("name"));
        Assert.Equal(["there is no segment \"b\""], edit.Variants[0].Errors.For("segmentKey"));
        Assert.Equal(["line 1, column 5: oops"], edit.Variants[1].Blocks[0].Errors.For("headline"));
        Assert.False(edit.Default.HasErrors);
        edit.ClearErrors();
        Assert.False(edit.HasErrors);
    }

    [Fact]
    public void ToDraft_FromSavedDetails_RoundTripsTheVariants()
    {
        var edit = Homepage("a");

        var draft = edit.ToDraft();

        Assert.Equal(["a", "Everyone"], draft.Variants.Select(v => v.Name));
        Assert.Equal("a", draft.Variants[0].Blocks![0].Headline);
        Assert.Equal(edit.Fingerprint(), ExperienceEdit.From(new ExperienceDetails(1, "home", "Home", ExperienceKind.Homepage,
            ExperienceStatus.Draft, 0, draft.Variants, 2, DateTime.UtcNow, DateTime.UtcNow)).Fingerprint());
    }
}
