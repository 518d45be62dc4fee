using Cdp.Core.Customers;
using Cdp.Tests.TestSupport;

namespace Cdp.Tests.Core.Customers;

public class CustomerDirectoryTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private CustomerDirectory _directory = null!;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _directory = new CustomerDirectory(_database.Factory);
        await using var db = _database.NewContext();
        db.AddRange(
            new CustomerBuilder().Named("Jeff", "Miller").WithEmail("jeff.miller@example.com").In("US", "Austin").With(c => c.TotalSpent = 577).Build(),
            new CustomerBuilder().Named("Jeffrey", "Lebowski").WithEmail("dude@example.org").In("US", "Los Angeles").With(c => c.TotalSpent = 20).Build(),
            new CustomerBuilder().Named("Anna", "Jeffers").WithEmail("anna@example.com").In("DE", "München").With(c => c.TotalSpent = 1200).Build(),
            new CustomerBuilder().Named("Łukasz", "Żółć").WithEmail("lukasz@example.pl").In("PL", "Kraków").With(c => c.TotalSpent = 90).Build(),
            new CustomerBuilder().Named("Zoë", "Percent").WithEmail("100%_sure@example.com").In("GB").Build());
        await db.SaveChangesAsync(Cancel);
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Theory]
    [InlineData("jeff", new[] { "Jeff", "Jeffrey", "Anna" })]      // first names and the last name Jeffers
    [InlineData("JEFF MIL", new[] { "Jeff" })]                      // first and last name, any case
    [InlineData("dude@", new[] { "Jeffrey" })]                      // e-mail prefix
    [InlineData("łukasz", new[] { "Łukasz" })]
    [InlineData("lukasz zol", new[] { "Łukasz" })]                  // accents optional
    [InlineData("100%", new[] { "Zoë" })]                           // LIKE wildcards are literal
    [InlineData("_", new string[0])]
    [InlineData("'; DROP TABLE Customers; --", new string[0])]      // data, not SQL
    public async Task List_Search_MatchesNamePrefixesAndEmail(string search, string[] expected)
    {
        var page = await _directory.ListAsync(new CustomerListQuery { Search = search }, Cancel);

        Assert.Equal(expected.Order(), page.Rows.Select(r => r.FirstName!).Order());
        Assert.Equal(expected.Length, page.Total);
    }

    [Fact]
    public async Task List_SortAndPage_ReturnsThatSliceAndTheFullCount()
    {
        var page = await _directory.ListAsync(new CustomerListQuery { SortBy = nameof(CustomerRow.TotalSpent), Descending = true, Skip = 1, Take = 2 }, Cancel);

        Assert.Equal(5, page.Total);
        Assert.Equal(["Jeff", "Łukasz"], page.Rows.Select(r => r.FirstName));
    }

    [Fact]
    public async Task List_Filters_CombineWithAnd()
    {
        var page = await _directory.ListAsync(new CustomerListQuery
        {
            Filters =
            [
                new CustomerFilter(nameof(CustomerRow.Country), CustomerFilterOperator.Equals, "US"),
                new CustomerFilter(nameof(CustomerRow.TotalSpent), CustomerFilterOperator.GreaterThan, 100),
            ],
        }, Cancel);

        Assert.Equal("Jeff", Assert.Single(page.Rows).FirstName);
    }

    [Theory]
    [InlineData(CustomerFilterOperator.Contains, "ÜNCH")]
    [InlineData(CustomerFilterOperator.Contains, "unch")]
    [InlineData(CustomerFilterOperator.StartsWith, "munchen")]
    [InlineData(CustomerFilterOperator.Equals, "MÜNCHEN")]
    public async Task List_TextFilter_IgnoresCaseAndAccents(CustomerFilterOperator op, string value)
    {
        var page = await _directory.ListAsync(new CustomerListQuery
        {
            Filters = [new CustomerFilter(nameof(CustomerRow.City), op, value)],
        }, Cancel);

        Assert.Equal("Anna", Assert.Single(page.Rows).FirstName);
    }

    [Fact]
    public async Task List_SortByName_PutsAccentedNamesInPlace()
    {
        var page = await _directory.ListAsync(new CustomerListQuery { SortBy = nameof(CustomerRow.FirstName) }, Cancel);

        Assert.Equal(["Anna", "Jeff", "Jeffrey", "Łukasz", "Zoë"], page.Rows.Select(r => r.FirstName));
    }

    [Theory]
    [InlineData("Password", CustomerFilterOperator.Equals, "x", "Unknown column")]
    [InlineData(nameof(CustomerRow.TotalSpent), CustomerFilterOperator.GreaterThan, "lots", "not a valid")]
    [InlineData(nameof(CustomerRow.OrdersCount), CustomerFilterOperator.Contains, "1", "not a text column")]
    public async Task List_BadFilter_ExplainsWhatIsWrong(string column, CustomerFilterOperator op, string value, string message)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            _directory.ListAsync(new CustomerListQuery { Filters = [new CustomerFilter(column, op, value)] }, Cancel));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task GetProfile_UnknownId_ReturnsNull() =>
        Assert.Null(await _directory.GetProfileAsync(987_654, Cancel));
}
