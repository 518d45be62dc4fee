using System.Text;
using Cdp.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cdp.Tests.Web.Browser;

/// <summary>Uses an app of its own, because it imports into it.</summary>
[Collection(BrowserCollection.Name)]
public class ImportPageTests(BrowserFixture fixture)
{
    /// <summary>Enough rows for the import to take a moment, so that its progress shows.</summary>
    private const int Rows = 300_000;

    [Fact]
    public async Task Wizard_UploadRemapImport_ShowsProgressResultAndErrorReport()
    {
        await using var app = await AppServer.StartAsync(demoCustomers: 20);
        var context = await app.Access.NewContextAsync(fixture.Browser, new() { AcceptDownloads = true });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await BrowserFixture.GoToAsync(page, "import");
        await Expect(page.GetByTestId("import-history-empty")).ToBeVisibleAsync();
        await UploadReadyAsync(page);

        await page.GetByTestId("upload-input").SetInputFilesAsync(new FilePayload
        {
            Name = "crm-export.csv", MimeType = "text/csv", Buffer = CustomersCsv(),
        });

        // "Home City" matches no field, so it is suggested as a custom attribute; the marketer maps it to City.
        var homeCity = page.Locator("[data-testid=mapping-row][data-header='Home City']");
        await Expect(homeCity).ToContainTextAsync("Custom attribute");
        var wizard = page.GetByTestId("import-wizard");
        var analyses = await wizard.GetAttributeAsync("data-analyses");
        await homeCity.GetByTestId("mapping-choice").ClickAsync();
        await page.Locator(".rz-popup:visible .rz-dropdown-item", new() { HasText = "City" }).First.ClickAsync();
        await Expect(homeCity.GetByTestId("mapping-choice")).ToContainTextAsync("City");
        // The label changes before the file is read again with the new mapping; Import waits for that reading.
        await Expect(wizard).Not.ToHaveAttributeAsync("data-analyses", analyses!);
        await Expect(page.GetByTestId("invalid-cell")).ToHaveCountAsync(1);   // line 3's birth date, in the preview

        await page.GetByTestId("import-run").ClickAsync();

        await Expect(page.GetByTestId("import-progress-text")).ToContainTextAsync("rows");
        var result = page.GetByTestId("import-result");
        await Expect(result).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("count-inserted")).ToContainTextAsync((Rows - Rows / 1000).ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en-US")));
        await Expect(page.GetByTestId("count-rejected")).ToContainTextAsync((Rows / 1000).ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en-US")));
        await Expect(page.GetByTestId("rejection-reasons")).ToContainTextAsync("Birth date");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("error-report-link").ClickAsync());
        var report = await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        Assert.StartsWith("line,column,value,message,original_row", report, StringComparison.Ordinal);
        Assert.Contains("3,Birth date,31/02/1990,", report, StringComparison.Ordinal);

        Assert.Equal("Springfield", await Sql.ScalarAsync<string>(app.ConnectionString, "SELECT City FROM Customers WHERE Email = 'import1@example.com'"));
        await Expect(page.GetByTestId("import-history")).ToContainTextAsync("crm-export.csv");
        await context.CloseAsync();
    }

    [Fact]
    public async Task Wizard_CancelWhileImporting_LeavesTheDatabaseAsItWas()
    {
        await using var app = await AppServer.StartAsync(demoCustomers: 20);
        var context = await app.Access.NewContextAsync(fixture.Browser);
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await BrowserFixture.GoToAsync(page, "import");
        await UploadReadyAsync(page);
        await page.GetByTestId("upload-input").SetInputFilesAsync(new FilePayload
        {
            Name = "big.csv", MimeType = "text/csv", Buffer = CustomersCsv(rows: 800_000),
        });
        await Expect(page.GetByTestId("import-run")).ToBeEnabledAsync();

        await page.GetByTestId("import-run").ClickAsync();
        await Expect(page.GetByTestId("import-progress-text")).ToContainTextAsync("rows read");
        await page.GetByTestId("import-cancel").ClickAsync();

        await Expect(page.GetByTestId("import-result")).ToContainTextAsync("Import cancelled");
        await Expect(page.GetByTestId("import-message")).ToContainTextAsync("the database is as it was before the import");
        Assert.Equal(20, await Sql.ScalarAsync<long>(app.ConnectionString, "SELECT COUNT(*) FROM Customers"));
        await context.CloseAsync();
    }

    [Fact]
    public async Task Wizard_PhoneWidth_KindSelectorFitsItsCardAndNothingScrollsSideways()
    {
        var page = await fixture.OpenAsync();

        // Loaded at that width, as on a phone (the side menu then starts closed).
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.GoToAsync(page, "import");

        var kinds = (await page.GetByTestId("import-kind").BoundingBoxAsync())!;
        var card = (await page.GetByTestId("import-kind").Locator("xpath=ancestor::div[contains(@class,'rz-card')][1]").BoundingBoxAsync())!;
        Assert.True(kinds.X + kinds.Width <= card.X + card.Width, $"The kinds end at {kinds.X + kinds.Width}px, past their card's {card.X + card.Width}px.");
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "The page scrolls sideways.");
    }

    [Fact]
    public async Task Wizard_MatchKeyColumnNotImported_SaysSoAndDisablesTheRunsUntilFixed()
    {
        var page = await fixture.OpenAsync("import");
        page.Context.SetDefaultTimeout(30_000);
        await UploadReadyAsync(page);
        var csv = Encoding.UTF8.GetBytes("Email,Customer id,First Name\na@example.com,C1,Ann\nnot-an-email,C2,Bad\n");
        await page.GetByTestId("upload-input").SetInputFilesAsync(new FilePayload { Name = "keys.csv", MimeType = "text/csv", Buffer = csv });
        var wizard = page.GetByTestId("import-wizard");
        await Expect(page.GetByTestId("import-run")).ToBeEnabledAsync();
        await Expect(page.GetByTestId("import-file")).ToContainTextAsync($"keys.csv ({csv.Length} bytes, customers)");
        // The unreadable e-mail is the row's reason, not a missing e-mail.
        await Expect(page.GetByTestId("preview-row").Nth(1)).ToHaveAttributeAsync("title", "'not-an-email' is not a valid e-mail address");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("no e-mail");

        var analyses = await wizard.GetAttributeAsync("data-analyses");
        await page.Locator("[data-testid=mapping-row][data-header='Email']").GetByTestId("mapping-choice").ClickAsync();
        await page.Locator(".rz-popup:visible .rz-dropdown-item", new() { HasText = "Don't import" }).ClickAsync();
        await Expect(wizard).Not.ToHaveAttributeAsync("data-analyses", analyses!);

        await Expect(page.GetByTestId("import-blocker")).ToContainTextAsync("Map a column to E-mail: it is the match key. Or match on Customer id instead.");
        await Expect(page.GetByTestId("import-dry-run")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("import-run")).ToBeDisabledAsync();

        analyses = await wizard.GetAttributeAsync("data-analyses");
        await page.GetByTestId("match-key").ClickAsync();
        await page.Locator(".rz-popup:visible .rz-dropdown-item", new() { HasText = "Customer id" }).ClickAsync();
        await Expect(wizard).Not.ToHaveAttributeAsync("data-analyses", analyses!);

        await Expect(page.GetByTestId("import-blocker")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("import-run")).ToBeEnabledAsync();
        await Expect(page.GetByTestId("import-dry-run")).ToBeEnabledAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Radzen's upload script sends a chosen file only once the component has registered itself, just after the page
    /// turns interactive; a file chosen before that is silently dropped (seen on a busy machine).
    /// </summary>
    private static Task UploadReadyAsync(IPage page) => page.WaitForFunctionAsync(
        "() => { const input = document.querySelector('[data-testid=upload-input]'); return !!(input && window.Radzen?.uploadComponents?.[input.id]); }");

    /// <summary>Every thousandth row has a birth date that does not exist.</summary>
    private static byte[] CustomersCsv(int rows = Rows)
    {
        var csv = new StringBuilder("Email,First Name,Last Name,Birth date,Home City\n");
        for (var i = 1; i <= rows; i++)
            csv.Append("import").Append(i).Append("@example.com,Ann,Lee,")
               .Append(i % 1000 == 2 ? "31/02/1990" : "13/01/1990").Append(",Springfield\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
