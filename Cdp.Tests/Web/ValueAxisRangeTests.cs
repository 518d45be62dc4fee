using Cdp.Web.Components.Shared;

namespace Cdp.Tests.Web;

public class ValueAxisRangeTests
{
    [Theory]
    [InlineData(new[] { 118.0, 246.0 }, 250, 50)]       // two countries: 0, 50, … 250
    [InlineData(new[] { 3.0 }, 3, 1)]
    [InlineData(new[] { 40.0, 400.0 }, 400, 100)]
    [InlineData(new[] { 1_234_567.0 }, 1_500_000, 500_000)]
    public void For_Counts_StartsTheAxisAtZeroAndEndsOnARoundStep(double[] values, double max, double step)
    {
        var range = ValueAxisRange.For(values, whole: true);

        Assert.Equal(new ValueAxisRange(max, step), range);
    }

    [Fact]
    public void For_Shares_AllowsStepsBelowOne()
    {
        var range = ValueAxisRange.For([0.31, 0.12], whole: false);

        Assert.Equal(0.1, range.Step, 9);
        Assert.Equal(0.4, range.Max, 9);
    }

    [Fact]
    public void For_SmallCounts_NeverStepsByLessThanOne()
    {
        Assert.Equal(new ValueAxisRange(2, 1), ValueAxisRange.For([1, 2], whole: true));
    }

    [Fact]
    public void For_NoneOrOnlyZeros_StillGivesAnAxis()
    {
        Assert.Equal(new ValueAxisRange(5, 1), ValueAxisRange.For([], whole: true));
        Assert.Equal(new ValueAxisRange(5, 1), ValueAxisRange.For([0, 0], whole: true));
    }
}
