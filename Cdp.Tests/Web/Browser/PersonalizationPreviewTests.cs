using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cdp.Tests.Web.Browser;

[Collection(BrowserCollection.Name)]
public class PersonalizationPreviewTests(BrowserFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EditedVariant_PreviewedForJeff_ShowsTheNewHeadlineAndTheIntermediateClubsCallToAction()
    {
        using var http = fixture.App.CreateHttpClient();
        var copy = await (await http.PostAsync("api/experiences/homepage/duplicate", null, Cancel)).Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var (id, key) = (copy.GetProperty("id").GetInt32(), copy.GetProperty("key").GetString()!);

        var page = await fixture.OpenAsync($"personalization/{id}");
        var headline = page.GetByTestId("homepage-block").First.GetByRole(AriaRole.Textbox).First;
        await headline.FillAsync("Next round, {{firstName}}: time to step up");
        await page.GetByTestId("save").ClickAsync();
        await Expect(page.GetByTestId("save")).ToBeDisabledAsync();

        await BrowserFixture.GoToAsync(page, $"personalization/preview?experience={key}");
        await PickCustomerAsync(page, "jeff.miller", "jeff.miller@example.com");

        await Expect(page).ToHaveURLAsync(new Regex("customer=1"));
        await Expect(page.GetByTestId("preview-variant")).ToContainTextAsync("Beginner golfers");
        var frame = page.FrameLocator("[data-testid=preview-frame]");
        await Expect(frame.GetByText("Next round, Jeff: time to step up")).ToBeVisibleAsync();
        await Expect(frame.GetByText("Browse intermediate clubs")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("preview-step").First).ToContainTextAsync("matched");
    }

    [Fact]
    public async Task LapsedCustomer_Preview_ShowsTheWinBackCoupon()
    {
        using var http = fixture.App.CreateHttpClient();
        var lapsed = await FirstCustomerWithVariantAsync(http, "homepage", "Lapsed");

        var page = await fixture.OpenAsync($"personalization/preview?experience=homepage&customer={lapsed}");

        await Expect(page.GetByTestId("preview-variant")).ToContainTextAsync("Lapsed");
        await Expect(page.FrameLocator("[data-testid=preview-frame]").GetByText("WELCOMEBACK15")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("preview-step").First).ToContainTextAsync("not matched");

        await page.GetByTestId("preview-compare-default").ClickAsync();
        await Expect(page.FrameLocator("[data-testid=preview-default-frame]").GetByText("Browse golf clubs")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Editor_ShowsTheReachOfEachVariant_AddingUpToAllCustomers()
    {
        using var http = fixture.App.CreateHttpClient();
        var id = (await http.GetFromJsonAsync<JsonElement>("api/experiences/homepage", Cancel)).GetProperty("id").GetInt32();

        var page = await fixture.OpenAsync($"personalization/{id}");

        var rows = page.GetByTestId("reach-row");
        await Expect(rows).ToHaveCountAsync(4);
        var counts = new List<int>();
        foreach (var row in await rows.AllAsync())
            counts.Add(int.Parse((await row.Locator("td").Nth(1).TextContentAsync())!.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(BrowserFixture.DemoCustomers, counts.Sum());
        Assert.All(counts, c => Assert.True(c > 0));
    }

    [Fact]
    public async Task ExportRenderedEmails_JsonLines_DownloadsOneRenderedEmailPerCustomer()
    {
        var page = await fixture.OpenAsync("personalization");
        // Other tests may have made copies of the newsletter: the original is the one named exactly so.
        await page.GetByRole(AriaRole.Button, new() { Name = "Export rendered e-mails of Monthly newsletter", Exact = true }).ClickAsync();
        await page.GetByTestId("export-rendered-format").GetByText("JSON Lines").ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-rendered-download").ClickAsync());

        var lines = await File.ReadAllLinesAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        Assert.Equal(BrowserFixture.DemoCustomers, lines.Length);
        var jeff = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("jeff.miller@example.com", jeff.GetProperty("email").GetString());
        Assert.Contains("Jeff", jeff.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task HostileFirstName_RendersInert_InThePreview()
    {
        using var http = fixture.App.CreateHttpClient();
        const string experience = """
            {"name": "Inert names", "kind": "email", "status": "draft", "holdoutPercent": 0, "variants": [
              {"name": "Everyone", "email": {"subject": "Hi {{firstName}}", "html": "<p id=\"greeting\">Hello {{firstName}}</p>"}}]}
            """;
        var created = await http.PostAsync("api/experiences", new StringContent(experience, System.Text.Encoding.UTF8, "application/json"), Cancel);
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("key").GetString();
        var id = await CustomerNamedAsync("<script>alert(1)</script>");

        var page = await fixture.OpenAsync($"personalization/preview?experience={key}&customer={id}");

        var frame = page.FrameLocator("[data-testid=preview-frame]");
        await Expect(frame.Locator("#greeting")).ToHaveTextAsync("Hello <script>alert(1)</script>");
        await Expect(frame.Locator("script")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("preview-frame-inbox")).ToContainTextAsync("Hi <script>alert(1)</script>");
    }

    /// <summary>Picks a customer through the search box of the customer dropdown.</summary>
    private static async Task PickCustomerAsync(IPage page, string search, string email)
    {
        var option = page.Locator(".rz-dropdown-item", new() { HasText = email });
        await PreviewCustomerSearch.SearchAsync(page, search, option);
        await option.ClickAsync();
    }

    /// <summary>A customer whose first name is the given text, written straight into the app's database.</summary>
    private async Task<int> CustomerNamedAsync(string firstName)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(fixture.App.ConnectionString);
        await connection.OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE Customers SET FirstName = $name WHERE Id = (SELECT MAX(Id) FROM Customers) RETURNING Id";
        command.Parameters.AddWithValue("$name", firstName);
        return Convert.ToInt32(await command.ExecuteScalarAsync(Cancel), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<int> FirstCustomerWithVariantAsync(HttpClient http, string experience, string variantStart)
    {
        for (var id = 1; id <= BrowserFixture.DemoCustomers; id++)
        {
            var answer = await http.GetFromJsonAsync<JsonElement>($"api/personalize/{experience}?customerId={id}", Cancel);
            if (answer.GetProperty("variant").GetString()!.StartsWith(variantStart, StringComparison.Ordinal)) return id;
        }
        throw new InvalidOperationException($"No demo customer gets the {variantStart} variant of {experience}.");
    }
}
