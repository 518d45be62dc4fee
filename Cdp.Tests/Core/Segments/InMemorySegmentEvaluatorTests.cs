using Cdp.Core.Customers;
using Cdp.Core.Orders;
using Cdp.Core.Segments.Rules;
using Cdp.Tests.TestSupport;

namespace Cdp.Tests.Core.Segments;

/// <summary>The oracle of the differential test checked by hand on the spec's sharp edges.</summary>
public class InMemorySegmentEvaluatorTests
{
    private static readonly InMemorySegmentEvaluator Evaluator = new(RandomStore.AttributeTypes);

    private static DateTime Utc(string text) =>
        DateTime.SpecifyKind(DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    private static bool Matches(Customer c, string asOf, string field, string op, object? value = null, int? window = null)
    {
        var rule = new Rule { Field = field, Operator = op, Window = window is { } d ? new RuleWindow(d) : null }.With(value);
        return Evaluator.Matches(new RuleGroup { Rules = [rule] }, c, Utc(asOf));
    }

    [Theory]
    [InlineData("2027-02-27", 26)]
    [InlineData("2027-02-28", 27)]
    [InlineData("2028-02-28", 27)]
    [InlineData("2028-02-29", 28)]
    public void Age_BornOn29February_OlderOn28FebruaryOnlyInCommonYears(string today, int age)
    {
        var c = new CustomerBuilder().With(x => x.BirthDate = new DateOnly(2000, 2, 29)).Build();
        Assert.True(Matches(c, today + "T12:00:00", "age", "=", age));
    }

    [Theory]
    [InlineData("2027-02-27", 1, true)]
    [InlineData("2027-02-27", 0, false)]
    [InlineData("2028-02-28", 0, false)]
    [InlineData("2028-02-28", 1, true)]
    [InlineData("2026-12-30", 60, true)]
    [InlineData("2026-12-30", 59, false)]
    public void InNextDays_29February_CelebratedOn28FebruaryInCommonYears(string today, int days, bool expected)
    {
        var c = new CustomerBuilder().With(x => x.BirthDate = new DateOnly(2000, 2, 29)).Build();
        Assert.Equal(expected, Matches(c, today + "T23:00:00", "birthDate", "inNextDays", days));
    }

    [Theory]
    [InlineData("=", "münchen", true)]
    [InlineData("=", "MÜNCHEN", false)]
    [InlineData("contains", "ÜN", false)]
    [InlineData("contains", "üN", true)]
    [InlineData("beginsWith", "m%", false)]
    [InlineData("doesNotBeginWith", "m%", true)]
    public void Text_OnlyAsciiLettersIgnoreCase_WildcardsLiteral(string op, string value, bool expected)
    {
        var c = new CustomerBuilder().In("DE", "München").Build();
        Assert.Equal(expected, Matches(c, "2026-11-24T12:00:00", "city", op, value));
    }

    [Theory]
    [InlineData("!=", "Berlin")]
    [InlineData("notIn", "Berlin,Paris")]
    [InlineData("doesNotContain", "x")]
    [InlineData("null", null)]
    public void NegatedOperators_MissingValue_Match(string op, string? value)
    {
        var c = new CustomerBuilder().In("DE", city: null).Build();
        Assert.True(Matches(c, "2026-11-24T12:00:00", "city", op, value));
    }

    [Theory]
    [InlineData("2026-10-25T00:00:00", true)]
    [InlineData("2026-10-24T23:59:59.999", false)]
    [InlineData("2026-11-24T12:00:00", true)]
    [InlineData("2026-11-24T12:00:01", false)]
    public void WindowedOrdersCount_BoundaryOrders_CountFromStartOfDayUpToAsOf(string orderedAt, bool counted)
    {
        var c = new CustomerBuilder().Build();
        c.Orders.Add(new Order { ExternalId = "o", OrderedAt = Utc(orderedAt), Total = 10m });
        Assert.Equal(counted, Matches(c, "2026-11-24T12:00:00", "ordersCount", "=", 1, window: 30));
    }

    [Fact]
    public void EmptyGroup_MatchesEveryone_AndNotEmptyGroupNoOne()
    {
        var c = new CustomerBuilder().Build();
        var asOf = Utc("2026-11-24T12:00:00");
        Assert.True(Evaluator.Matches(new RuleGroup(), c, asOf));
        Assert.False(Evaluator.Matches(new RuleGroup { Not = true }, c, asOf));
    }

    [Fact]
    public void DateValue_ComparesWholeDays_InstantComparesMoments()
    {
        var c = new CustomerBuilder().With(x => x.LastSeenAt = Utc("2024-05-01T10:00:00")).Build();
        Assert.True(Matches(c, "2026-11-24T12:00:00", "lastSeenAt", "=", "2024-05-01"));
        Assert.True(Matches(c, "2026-11-24T12:00:00", "lastSeenAt", "<=", "2024-05-01"));
        Assert.False(Matches(c, "2026-11-24T12:00:00", "lastSeenAt", ">", "2024-05-01"));
        Assert.True(Matches(c, "2026-11-24T12:00:00", "lastSeenAt", "=", "2024-05-01T12:00:00+02:00"));
        Assert.False(Matches(c, "2026-11-24T12:00:00", "lastSeenAt", "<", "2024-05-01T10:00:00Z"));
    }

    [Fact]
    public async Task RandomTrees_EverySeed_EvaluateAndSurviveJson()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = await RandomStore.CreateAsync(database, 9, Utc("2026-11-24T12:00:00"), 60, TestContext.Current.CancellationToken);
        var trees = new RandomTrees(new Random(9), store);
        for (var i = 0; i < 200; i++)
        {
            var tree = trees.Next();
            var again = RuleTreeJson.Parse(RuleTreeJson.Serialize(tree));
            foreach (var customer in store.Customers)
                Assert.Equal(Evaluator.Matches(tree, customer, store.NowUtc), Evaluator.Matches(again, customer, store.NowUtc));
        }
    }
}
