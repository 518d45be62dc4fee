using Cdp.Core.Personalization.Experiences;

namespace Cdp.Tests.Core.Personalization.Experiences;

public class HoldoutTests
{
    private const int PinnedHomepage1 = 9;
    private const int PinnedNewsletter42 = 55;

    [Fact]
    public void Bucket_KnownInputs_NeverChange()
    {
        // Pinned: a different hash would silently move customers in and out of every control group.
        Assert.Equal(PinnedHomepage1, Holdout.Bucket("homepage", 1));
        Assert.Equal(PinnedNewsletter42, Holdout.Bucket("newsletter", 42));
        Assert.Equal(Holdout.Bucket("homepage", 1), Holdout.Bucket("HomePage", 1));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(25)]
    [InlineData(50)]
    public void IsHeldOut_ThousandIds_ShareCloseToThePercentage(int percent)
    {
        var held = Enumerable.Range(1, 1000).Count(id => Holdout.IsHeldOut("homepage", percent, id));

        // Binomial with n = 1000: three standard deviations are at most 48 customers.
        Assert.InRange(held, percent * 10 - 48, percent * 10 + 48);
    }

    [Fact]
    public void IsHeldOut_DifferentExperiences_HoldOutDifferentCustomers()
    {
        var a = Enumerable.Range(1, 1000).Where(id => Holdout.IsHeldOut("homepage", 10, id)).ToHashSet();
        var b = Enumerable.Range(1, 1000).Where(id => Holdout.IsHeldOut("newsletter", 10, id)).ToHashSet();

        Assert.True(a.Intersect(b).Count() < a.Count / 2, $"{a.Intersect(b).Count()} of {a.Count} held out of both");
    }

    [Fact]
    public void IsHeldOut_ZeroAndHundredPercent_NoneAndAll()
    {
        Assert.DoesNotContain(Enumerable.Range(1, 1000), id => Holdout.IsHeldOut("homepage", 0, id));
        Assert.All(Enumerable.Range(1, 1000), id => Assert.True(Holdout.IsHeldOut("homepage", 100, id)));
    }
}
