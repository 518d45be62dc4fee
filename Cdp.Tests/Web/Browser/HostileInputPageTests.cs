using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cdp.Tests.Web.Browser;

/// <summary>
/// Hostile text imported from a CSV, as a user meets it in Chromium: markup shows as the text it is and never runs,
/// and SQL-looking searches find what they literally say.
/// </summary>
[Collection(BrowserCollection.Name)]
public class HostileInputPageTests(BrowserFixture browser, HostileInputPageTests.HostileStore store) : IClassFixture<HostileInputPageTests.HostileStore>
{
    private const string ScriptName = "<script>alert('first')</script>";
    private const string ImageName = "<img src=x onerror=alert('last')>";
    private const string ImageNote = "<img src=x onerror=alert('note')>";
    private const string SqlFirstName = "Robert'); DROP TABLE Customers;--";
    private const string SqlLastName = "' OR 1=1 --";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task XssFromCsv_GridProfileBuilderAndPreview_ShowTheTextAndRunNothing()
    {
        var page = await OpenAsync("customers");
        var dialogs = WatchDialogs(page);

        await page.GetByTestId("customer-search").PressSequentiallyAsync("xss.grid@");
        await Expect(page.GetByTestId("customer-link")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("customer-link")).ToHaveTextAsync($"{ScriptName} {ImageName}");
        await ExpectNothingInjectedAsync(page, dialogs);

        await page.GetByTestId("customer-link").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"{ScriptName} {ImageName}", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("profile-attributes")).ToContainTextAsync(ImageNote);
        await ExpectNothingInjectedAsync(page, dialogs);

        // The builder's value suggestions come from the stored values, payload included.
        using var http = store.App.CreateHttpClient();
        var segment = await PostAsync(http, "api/segments", JsonSerializer.Serialize(new
        {
            name = "Hostile notes",
            rules = new { combinator = "and", rules = new[] { new { field = "attr.xssNote", @operator = "in", value = new[] { ImageNote } } } },
        }));
        await BrowserFixture.GoToAsync(page, $"segments/{segment.GetProperty("id").GetInt32()}");
        var value = page.GetByTestId("value");
        await Expect(value).ToContainTextAsync(ImageNote);
        await value.ClickAsync();
        await Expect(page.Locator(".rz-dropdown-item, .rz-multiselect-item", new() { HasText = ImageNote }).First).ToBeVisibleAsync();
        await ExpectNothingInjectedAsync(page, dialogs);

        var experience = await PostAsync(http, "api/experiences", $$$"""
            {"name": "Hostile preview", "kind": "email", "status": "live", "variants": [
              {"name": "Everyone", "email": {"subject": "Hi {{firstName}}", "html": "<p data-testid=\"hello\">Hello {{firstName}} {{lastName}}</p>"}}]}
            """);
        await BrowserFixture.GoToAsync(page, $"personalization/preview?experience={experience.GetProperty("key").GetString()}&customer={store.XssCustomer}");
        var frame = page.FrameLocator("[data-testid=preview-frame]");
        await Expect(frame.GetByTestId("hello")).ToHaveTextAsync($"Hello {ScriptName} {ImageName}");
        await Expect(frame.Locator("img[src=x], script")).ToHaveCountAsync(0);
        await ExpectNothingInjectedAsync(page, dialogs);
    }

    [Fact]
    public async Task SqlLookingText_CustomerSearchAndPreviewSearch_FindOnlyWhatTheySay()
    {
        var page = await OpenAsync("customers");
        var links = page.GetByTestId("customer-link");
        await Expect(links).ToHaveCountAsync(25);

        await page.GetByTestId("customer-search").PressSequentiallyAsync(SqlLastName);
        await Expect(links).ToHaveCountAsync(1);
        await Expect(links).ToHaveTextAsync($"{SqlFirstName} {SqlLastName}");

        await page.GetByTestId("customer-search").FillAsync("");
        await page.GetByTestId("customer-search").PressSequentiallyAsync("\"; DROP TABLE Customers; --");
        await Expect(links).ToHaveCountAsync(0);
        await Expect(page.GetByText("0 customers match.")).ToBeVisibleAsync();

        // The table is still there: the preview's customer search finds the customer by the same text.
        await BrowserFixture.GoToAsync(page, "personalization/preview?experience=newsletter");
        var options = page.Locator(".rz-dropdown-item:visible");
        await PreviewCustomerSearch.SearchAsync(page, SqlLastName, options.Filter(new() { HasText = "sql.grid@example.com" }));
        await Expect(options).ToHaveCountAsync(1);
        await options.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"customer={store.SqlCustomer}"));
    }

    [Theory]
    [InlineData("lastName", SqlLastName, "1")]
    [InlineData("firstName", SqlLastName, "0")]
    [InlineData("firstName", "\"; DROP TABLE Customers; --", "0")]
    public async Task SqlLookingRuleValue_Builder_CountsTheLiteralMatch(string field, string value, string count)
    {
        using var http = store.App.CreateHttpClient();
        var segment = await PostAsync(http, "api/segments", JsonSerializer.Serialize(new
        {
            name = $"SQL text in {field} {Guid.NewGuid():N}",
            rules = new { combinator = "and", rules = new[] { new { field, @operator = "=", value } } },
        }));

        var page = await OpenAsync($"segments/{segment.GetProperty("id").GetInt32()}");

        await Expect(page.GetByTestId("value")).ToHaveValueAsync(value);
        await Expect(page.GetByTestId("preview-count")).ToHaveTextAsync(count);
        await BrowserFixture.GoToAsync(page, "customers");
        await Expect(page.GetByTestId("customer-link")).ToHaveCountAsync(25);
    }

    /// <summary>Dialogs opened by a script (alert, confirm), counted and dismissed.</summary>
    private static List<string> WatchDialogs(IPage page)
    {
        var seen = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            lock (seen) seen.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        return seen;
    }

    private static async Task ExpectNothingInjectedAsync(IPage page, List<string> dialogs)
    {
        await Expect(page.Locator("img[src=x]")).ToHaveCountAsync(0);
        Assert.Equal(0, await page.Locator("script").EvaluateAllAsync<int>("s => s.filter(e => e.textContent.includes('alert(')).length"));
        lock (dialogs) Assert.Empty(dialogs);
    }

    /// <summary>A page on the hostile store, signed in as its admin, once the page is live.</summary>
    private async Task<IPage> OpenAsync(string path)
    {
        var context = await store.App.Access.NewContextAsync(browser.Browser, new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 800 },
        });
        var page = await context.NewPageAsync();
        await BrowserFixture.GoToAsync(page, path);
        return page;
    }

    /// <summary>
    /// An app of its own (the shared one keeps its exact demo customers for other tests), with the hostile customers
    /// imported through the API as any CSV would be.
    /// </summary>
    public sealed class HostileStore : IAsyncLifetime
    {
        public AppServer App { get; private set; } = null!;
        public int XssCustomer { get; private set; }
        public int SqlCustomer { get; private set; }

        public async ValueTask InitializeAsync()
        {
            App = await AppServer.StartAsync(demoCustomers: 40);
            using var http = App.CreateHttpClient();
            var csv = $"""
                email,first name,last name,xss note
                xss.grid@example.com,{ScriptName},{ImageName},{ImageNote}
                sql.grid@example.com,"{SqlFirstName}",{SqlLastName},
                """;
            var file = new ByteArrayContent(new UTF8Encoding(false).GetBytes(csv.ReplaceLineEndings("\n")));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            using var content = new MultipartFormDataContent
            {
                { new StringContent("customers"), "kind" },
                { new StringContent("""{"xss note": "attr:xssNote"}"""), "mapping" },
                { file, "file", "hostile.csv" },
            };
            using var response = await http.PostAsync("api/imports", content, Cancel);
            var body = await response.Content.ReadAsStringAsync(Cancel);
            Assert.True(response.IsSuccessStatusCode, body);
            Assert.Equal(2, JsonSerializer.Deserialize<JsonElement>(body).GetProperty("inserted").GetInt32());
            XssCustomer = await CustomerIdAsync("xss.grid@example.com");
            SqlCustomer = await CustomerIdAsync("sql.grid@example.com");
        }

        private async Task<int> CustomerIdAsync(string email) =>
            (int)await TestSupport.Sql.ScalarAsync<long>(App.ConnectionString, $"SELECT Id FROM Customers WHERE Email = '{email}'");

        public async ValueTask DisposeAsync()
        {
            if (App is not null) await App.DisposeAsync();
        }
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<JsonElement>(body);
    }
}
