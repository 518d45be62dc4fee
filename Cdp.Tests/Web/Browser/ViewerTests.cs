using System.Text;
using System.Text.Json;
using Cdp.Core.Accounts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cdp.Tests.Web.Browser;

/// <summary>
/// A viewer goes through every page: they can read, preview and export everything, and no control that would change
/// data is there (or it is inert). The server refuses those changes anyway (AccessTests, WriteAccessTests).
/// </summary>
[Collection(BrowserCollection.Name)]
public class ViewerTests(BrowserFixture fixture)
{
    private const string Email = "viewer.pages@example.com";
    private const string Password = "Viewer-pages-2026";

    /// <summary>Every control that changes data, by its test id, on any page.</summary>
    private static readonly string[] MutationControls =
    [
        "dashboard-go-import", "segments-new", "segments-new-empty", "segments-add-demo", "segments-recount-all", "segment-import-input",
        "segment-recount", "segment-edit", "segment-duplicate", "segment-delete", "experiences-new-email", "experiences-new-homepage",
        "experiences-add-demo", "experience-edit", "experience-duplicate", "experience-delete", "save", "variant-grip", "variant-up",
        "variant-down", "variant-remove", "add-variant", "add-variant-segment", "upload-input", "import-run", "import-dry-run",
    ];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Viewer_EveryPage_ReadsButFindsNothingThatChangesData()
    {
        var experienceKey = await CreateSegmentAndExperienceAsync();
        var page = await OpenAsViewerAsync("");

        await Expect(page.GetByTestId("signed-in-role")).ToHaveTextAsync(Roles.Viewer);
        await Expect(page.Locator(".rz-sidebar").GetByText("Customers", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator(".rz-sidebar").GetByText("Import", new() { Exact = true })).ToHaveCountAsync(0);
        await ExpectNoMutationControlsAsync(page);

        await BrowserFixture.GoToAsync(page, "customers");
        await Expect(page.GetByTestId("customer-link").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("export-csv")).ToBeVisibleAsync();
        await ExpectNoMutationControlsAsync(page);
        await page.GetByTestId("customer-link").First.ClickAsync();
        await Expect(page.GetByTestId("profile-facts")).ToBeVisibleAsync();
        await ExpectNoMutationControlsAsync(page);

        await BrowserFixture.GoToAsync(page, "segments");
        var row = page.GetByTestId("segment-row").Filter(new() { HasText = "Viewer pages segment" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByTestId("segment-export-csv")).ToBeVisibleAsync();
        await Expect(row.GetByTestId("segment-export-json")).ToBeVisibleAsync();
        await ExpectNoMutationControlsAsync(page);

        await row.GetByTestId("segment-view").ClickAsync();
        await Expect(page.GetByTestId("read-only-note")).ToContainTextAsync("Viewers can look but not change");
        await Expect(page.GetByTestId("summary")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\S"));
        await Expect(page.GetByTestId("export-csv")).ToBeVisibleAsync();
        await ExpectNoMutationControlsAsync(page);
        Assert.True(await IsInertAsync(page.GetByTestId("segment-name")));
        Assert.True(await IsInertAsync(page.Locator(".segment-builder__canvas")));
        await Expect(page.GetByTestId("group").First).ToBeVisibleAsync();
        foreach (var editOnly in new[] { "palette-search", "add-condition", "add-group", "drag-handle", "delete-node" })
            await Expect(page.GetByTestId(editOnly)).ToHaveCountAsync(0);

        await BrowserFixture.GoToAsync(page, "personalization");
        var experience = page.GetByTestId("experience-row").Filter(new() { HasText = "Viewer pages e-mail" });
        await Expect(experience).ToHaveCountAsync(1);
        await Expect(experience.GetByTestId("experience-preview")).ToBeVisibleAsync();
        await Expect(experience.GetByTestId("experience-export")).ToBeEnabledAsync();
        await ExpectNoMutationControlsAsync(page);

        await experience.GetByTestId("experience-view").ClickAsync();
        await Expect(page.GetByTestId("read-only-note")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("variant")).ToHaveCountAsync(2);
        await ExpectNoMutationControlsAsync(page);
        Assert.True(await IsInertAsync(page.GetByTestId("experience-name")));
        // Reading every variant is still possible: choosing one shows it.
        await page.GetByTestId("variant-select").Last.ClickAsync();
        await Expect(page.GetByTestId("variant-editor")).ToHaveAttributeAsync("data-name", "Everyone");
        Assert.True(await IsInertAsync(page.GetByTestId("variant-name")));
        foreach (var editOnly in new[] { "merge-field-picker", "block-picker", "add-variant" })
            await Expect(page.GetByTestId(editOnly)).ToHaveCountAsync(0);

        await BrowserFixture.GoToAsync(page, $"personalization/preview?experience={experienceKey}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await ExpectNoMutationControlsAsync(page);
    }

    [Theory]
    [InlineData("import")]
    [InlineData("segments/new")]
    [InlineData("personalization/new?kind=email")]
    public async Task Viewer_WriterOnlyPage_ShowsNotAllowed(string path)
    {
        var page = await OpenAsViewerAsync(path);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Your role does not allow this page")).ToBeVisibleAsync();
        await ExpectNoMutationControlsAsync(page);
    }

    [Theory]
    [InlineData("segments/new", "New segment")]
    [InlineData("personalization/new?kind=email", "New e-mail experience")]
    [InlineData("personalization/new?kind=homepage", "New homepage experience")]
    public async Task Writer_WriterOnlyPage_OpensTheEmptyEditor(string path, string heading)
    {
        var page = await fixture.OpenAsync(path);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("save")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("read-only-note")).ToHaveCountAsync(0);
    }

    private async Task<IPage> OpenAsViewerAsync(string path)
    {
        await EnsureViewerAsync();
        var context = await fixture.App.Access.NewContextAsync(fixture.Browser, new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 800 },
        }, Email, Password);
        var page = await context.NewPageAsync();
        await BrowserFixture.GoToAsync(page, path);
        return page;
    }

    private static readonly SemaphoreSlim ViewerGate = new(1, 1);
    private static readonly HashSet<Uri> ViewerCreated = [];

    /// <summary>Both tests share one viewer; it is created once per app.</summary>
    private async Task EnsureViewerAsync()
    {
        await ViewerGate.WaitAsync(Cancel);
        try
        {
            if (ViewerCreated.Add(fixture.App.BaseUrl)) await fixture.App.Access.CreateUserAsync(Email, Password, Roles.Viewer);
        }
        finally
        {
            ViewerGate.Release();
        }
    }

    private static async Task ExpectNoMutationControlsAsync(IPage page)
    {
        foreach (var testId in MutationControls)
        {
            var found = page.GetByTestId(testId);
            await Expect(found).ToHaveCountAsync(0, new() { Timeout = 1_000 });
        }
    }

    private static Task<bool> IsInertAsync(ILocator element) =>
        element.First.EvaluateAsync<bool>("e => e.closest('[inert]') !== null");

    /// <summary>A segment and a live e-mail experience on it, of this test's own; returns the experience's key.</summary>
    private async Task<string> CreateSegmentAndExperienceAsync()
    {
        using var http = fixture.App.CreateHttpClient();
        var segment = await PostAsync(http, "api/segments",
            """{"name":"Viewer pages segment","rules":{"combinator":"and","rules":[{"field":"country","operator":"=","value":"de"}]}}""");
        var experience = await PostAsync(http, "api/experiences", $$$"""
            {"name": "Viewer pages e-mail", "kind": "email", "status": "live", "variants": [
              {"name": "Germans", "segmentKey": "{{{segment.GetProperty("key").GetString()}}}", "email": {"subject": "Hallo", "html": "<p>Hallo</p>"}},
              {"name": "Everyone", "email": {"subject": "Hello", "html": "<p>Hello</p>"}}]}
            """);
        return experience.GetProperty("key").GetString()!;
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<JsonElement>(body);
    }
}
