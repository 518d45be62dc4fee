using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cdp.Tests.Web.Browser;

[Collection(BrowserCollection.Name)]
public class SegmentBuilderPageTests(BrowserFixture fixture)
{
    private const string TwoGroups = """
        {"combinator":"and","rules":[
          {"id":"g1","combinator":"and","rules":[{"id":"optin","field":"emailOptIn","operator":"=","value":true}]},
          {"id":"g2","combinator":"or","rules":[{"id":"orders","field":"ordersCount","operator":">=","value":2}]}]}
        """;

    [Fact]
    public async Task Palette_DraggingFieldsAndAGroup_BuildsATwoLevelTree()
    {
        var page = await OpenAsync("segments/new");
        var root = Group(page).First;
        await Expect(root.GetByText("Drag a field here")).ToBeVisibleAsync();

        await MouseDrag.DragAsync(page, PaletteField(page, "emailOptIn"), root.GetByTestId("drop-zone").Last);
        await Expect(Conditions(page)).ToHaveCountAsync(1);
        await MouseDrag.DragAsync(page, page.GetByTestId("palette-group"), root.GetByTestId("drop-zone").Last);
        var inner = Group(page).Nth(1);
        await Expect(inner).ToBeVisibleAsync();
        await MouseDrag.DragAsync(page, PaletteField(page, "lastOrderAt"), inner.GetByTestId("drop-zone").Last);

        await Expect(inner.GetByTestId("condition")).ToHaveAttributeAsync("data-field", "lastOrderAt");
        await Expect(Conditions(page)).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("summary"))
            .ToHaveTextAsync("Customers where E-mail opt-in is yes and (Last order is in the last 30 days)");
    }

    [Fact]
    public async Task Dragging_AConditionIntoAnotherGroup_MovesIt()
    {
        var page = await OpenAsync("segments/new?rules=" + Uri.EscapeDataString(TwoGroups));
        var second = page.Locator("[data-node-id=g2]");
        await Expect(second.GetByTestId("condition")).ToHaveCountAsync(1);

        var optIn = page.Locator("[data-node-id=optin]");
        await MouseDrag.DragAsync(page, optIn.GetByTestId("drag-handle"), second.GetByTestId("drop-zone").First);

        await Expect(second.GetByTestId("condition")).ToHaveCountAsync(2);
        await Expect(second.GetByTestId("condition").First).ToHaveAttributeAsync("data-field", "emailOptIn");
        await Expect(page.Locator("[data-node-id=g1]").GetByText("Drag a field here")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Dragging_AGroupOntoItsOwnDropZone_ChangesNothing()
    {
        var page = await OpenAsync("segments/new?rules=" + Uri.EscapeDataString(TwoGroups));
        var first = page.Locator("[data-node-id=g1]");
        var summary = await page.GetByTestId("summary").TextContentAsync();

        await MouseDrag.DragAsync(page, first.GetByTestId("drag-handle").First, first.GetByTestId("drop-zone").Last);

        await Expect(first.Locator("[data-testid=drop-zone][data-drop=blocked]").First).ToBeAttachedAsync();
        await Expect(page.GetByTestId("summary")).ToHaveTextAsync(summary!);
        await Expect(page.GetByTestId("undo")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task Not_ToggledOnTheRoot_CountsTheComplement()
    {
        var page = await OpenAsync("segments/new?rules=" + Uri.EscapeDataString(TwoGroups));
        var matched = await SettledCountAsync(page);

        await Group(page).First.GetByTestId("not-toggle").First.ClickAsync();

        await Expect(Group(page).First).ToHaveAttributeAsync("data-not", "true");
        await Expect(page.GetByTestId("summary")).ToContainTextAsync("Customers where not (");
        Assert.Equal(BrowserFixture.DemoCustomers - matched, await SettledCountAsync(page));
    }

    [Fact]
    public async Task UndoRedo_ButtonsAndShortcuts_StepThroughEdits()
    {
        var page = await OpenAsync("segments/new");
        await PaletteField(page, "emailOptIn").ClickAsync();
        await Expect(Conditions(page)).ToHaveCountAsync(1);
        await Group(page).First.GetByTestId("combinator-or").ClickAsync();
        await Expect(Group(page).First).ToHaveAttributeAsync("data-combinator", "or");

        await page.Keyboard.PressAsync("Control+z");
        await Expect(Group(page).First).ToHaveAttributeAsync("data-combinator", "and");
        await page.GetByTestId("undo").ClickAsync();
        await Expect(Conditions(page)).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("undo")).ToBeDisabledAsync();

        await page.Keyboard.PressAsync("Control+y");
        await Expect(Conditions(page)).ToHaveCountAsync(1);
        await page.GetByTestId("redo").ClickAsync();
        await Expect(Group(page).First).ToHaveAttributeAsync("data-combinator", "or");
        await Expect(page.GetByTestId("redo")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task Save_NamedSegment_ExportsItsCustomersAndIsListedWithItsSize()
    {
        var name = $"Opted-in repeat buyers {Guid.NewGuid():N}"[..32];
        var page = await OpenAsync("segments/new?rules=" + Uri.EscapeDataString(TwoGroups));
        var count = await SettledCountAsync(page);
        await Expect(page.GetByTestId("save")).ToBeDisabledAsync();

        await page.GetByTestId("segment-name").FillAsync(name);
        await page.GetByTestId("save").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/segments/\d+$"));
        await Expect(page.GetByTestId("save")).ToBeDisabledAsync();
        // An outlined primary button: its text in the theme's primary colour (it was white on nothing).
        await Expect(page.GetByTestId("export-csv")).ToHaveCSSAsync("color", await ThemeColors.ResolveAsync(page, "var(--rz-primary)"));
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        var lines = await File.ReadAllLinesAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        Assert.Equal(count + 1, lines.Length); // a header, then one customer per line
        await page.GetByRole(AriaRole.Link, new() { Name = "Segments", Exact = true }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync(count.ToString("N0"));
    }

    [Fact]
    public async Task Save_NameAnotherSegmentHas_SavedNumbered_TheFieldShowsTheSavedName()
    {
        var page = await OpenAsync("segments/new?rules=" + Uri.EscapeDataString(TwoGroups));
        await SettledCountAsync(page);

        await page.GetByTestId("segment-name").FillAsync("Beginner golfers");
        await page.GetByTestId("save").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/segments/\d+$"));
        await Expect(page.GetByTestId("segment-name")).ToHaveValueAsync(new Regex(@"^Beginner golfers \(\d+\)$"));
        await Expect(page.GetByTestId("save")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task UnsavedChanges_LeavingThePage_AsksFirst()
    {
        var page = await OpenAsync("segments/new");
        await PaletteField(page, "emailOptIn").ClickAsync();
        await Expect(Conditions(page)).ToHaveCountAsync(1);
        await page.GetByTestId("segment-name").FillAsync("Half-built");

        await page.GetByRole(AriaRole.Link, new() { Name = "Customers", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Stay" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/segments/new"));
        await Expect(Conditions(page)).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task InvalidCondition_IsHighlightedWithTheEnginesMessage()
    {
        var page = await OpenAsync("segments/new");
        await PaletteField(page, "income").ClickAsync();

        await Expect(page.GetByTestId("node-error")).ToContainTextAsync("value");
        await Expect(page.Locator("[data-testid=condition].rule-node--invalid")).ToHaveCountAsync(1);
        await page.GetByTestId("segment-name").FillAsync("Incomplete");
        await Expect(page.GetByTestId("save")).ToBeDisabledAsync();

        var income = page.GetByTestId("condition").GetByTestId("value");
        await income.FillAsync("40000");
        await income.PressAsync("Tab");
        await Expect(page.GetByTestId("node-error")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("save")).ToBeEnabledAsync();
    }

    [Fact]
    public async Task CountOnScreen_EqualsTheEnginesCount()
    {
        const string tree = """
            {"combinator":"or","rules":[
              {"field":"gender","operator":"=","value":"Female"},
              {"combinator":"and","not":true,"rules":[{"field":"ordersCount","operator":">=","value":1,"window":{"days":365}}]}]}
            """;
        var page = await OpenAsync("segments/new?rules=" + Uri.EscapeDataString(tree));
        var onScreen = await SettledCountAsync(page);

        using var http = fixture.App.CreateHttpClient();
        var response = await http.PostAsJsonAsync("api/segments/preview", new { rules = JsonDocument.Parse(tree).RootElement },
            TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(preview.GetProperty("count").GetInt32(), onScreen);
        Assert.InRange(onScreen, 1, BrowserFixture.DemoCustomers - 1);
    }

    [Fact]
    public async Task Keyboard_Only_BuildsAndRearrangesATree()
    {
        var page = await OpenAsync("segments/new");
        var search = page.GetByTestId("palette-search");

        await page.Keyboard.PressAsync("/");
        await Expect(search).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("opt-in");
        await page.Keyboard.PressAsync("Enter");
        await Expect(Conditions(page)).ToHaveCountAsync(1);
        // The new condition's value has the focus, ready to be set; "/" goes back to the search for the next field.
        await Expect(Conditions(page).Locator(":focus")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("/");
        await page.Keyboard.TypeAsync("group");
        await page.Keyboard.PressAsync("Enter");
        await Expect(Group(page)).ToHaveCountAsync(2);
        await page.Keyboard.TypeAsync("last order");
        await page.Keyboard.PressAsync("Enter");
        var inner = Group(page).Nth(1);
        await Expect(inner.GetByTestId("condition")).ToHaveAttributeAsync("data-field", "lastOrderAt");
        await Expect(inner.GetByTestId("condition").Locator(":focus")).ToHaveCountAsync(1);

        // Out of the group, above it, back below it and into it again, all from the condition's grip.
        var grip = inner.GetByTestId("condition").GetByTestId("drag-handle");
        await grip.FocusAsync();
        await page.Keyboard.PressAsync("Alt+ArrowLeft");
        await Expect(Group(page).First.Locator(":scope > .rule-group__body > [data-testid=condition]")).ToHaveCountAsync(2);
        await page.Keyboard.PressAsync("Alt+ArrowUp");
        await Expect(page.Locator("[data-testid=condition]").Nth(1)).ToHaveAttributeAsync("data-field", "lastOrderAt");
        await page.Keyboard.PressAsync("Alt+ArrowDown");
        await Expect(Group(page).First.Locator(":scope > .rule-group__body > :nth-last-child(2)")).ToHaveAttributeAsync("data-field", "lastOrderAt");
        await page.Keyboard.PressAsync("Alt+ArrowRight");
        await Expect(Group(page).Nth(1).GetByTestId("condition")).ToHaveAttributeAsync("data-field", "lastOrderAt");

        await Group(page).Nth(1).GetByTestId("not-toggle").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("summary"))
            .ToHaveTextAsync("Customers where E-mail opt-in is yes and not (Last order is in the last 30 days)");
    }

    [Fact]
    public async Task Builder_PhoneWidth_StacksThePaletteAboveAWideTree()
    {
        var page = await fixture.OpenAsync();

        // Loaded at that width, as on a phone (the side menu then starts closed).
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.GoToAsync(page, "segments/new?rules=" + Uri.EscapeDataString(TwoGroups));
        await page.Locator(".segment-builder[data-builder-ready=true]").WaitForAsync();

        var palette = (await page.Locator(".field-palette").BoundingBoxAsync())!;
        var tree = (await page.Locator(".segment-builder__canvas").BoundingBoxAsync())!;
        Assert.True(palette.Y + palette.Height <= tree.Y, $"The palette ({palette.Y}+{palette.Height}) should end above the tree ({tree.Y}).");
        Assert.True(tree.Width >= 300, $"The tree is {tree.Width}px wide; beside the palette it had about 120.");
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "The page scrolls sideways.");
    }

    [Fact]
    public async Task Builder_DarkTheme_SummaryNestedGroupsAndFiguresAreReadable()
    {
        var path = "segments/new?rules=" + Uri.EscapeDataString(TwoGroups);
        var page = await fixture.OpenAsync();

        await ThemeColors.UseDarkThemeAsync(page, path);
        await SettledCountAsync(page);

        // 4.5 is WCAG AA for body text; these were white on light grey (about 1.3).
        foreach (var text in new[] { page.GetByTestId("summary"), Group(page).Nth(1).Locator(".rule-group__caption"), page.Locator(".cdp-preview-figure dd").First })
            Assert.True(await ThemeColors.ContrastAsync(text) >= 4.5, $"{text} has too little contrast in the dark theme.");
    }

    /// <summary>Opens the builder once its browser script is attached (drag highlighting, shortcuts).</summary>
    private async Task<IPage> OpenAsync(string path)
    {
        var page = await fixture.OpenAsync(path);
        await page.Locator(".segment-builder[data-builder-ready=true]").WaitForAsync();
        return page;
    }

    private static ILocator Group(IPage page) => page.GetByTestId("group");

    private static ILocator Conditions(IPage page) => page.GetByTestId("condition");

    private static ILocator PaletteField(IPage page, string key) => page.Locator($"[data-testid=palette-field][data-field={key}]");

    /// <summary>The headline count once the preview has caught up with the last edit.</summary>
    private static async Task<int> SettledCountAsync(IPage page)
    {
        var revision = await page.Locator(".segment-builder").GetAttributeAsync("data-revision");
        await Expect(page.GetByTestId("preview-count")).ToHaveAttributeAsync("data-revision", revision!);
        var text = await page.GetByTestId("preview-count").TextContentAsync();
        return int.Parse(text!.Replace(",", "").Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
