using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cdp.Tests.Web.Browser;

[Collection(BrowserCollection.Name)]
public class SignInPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task SignIn_WrongThenRightPassword_LandsOnTheRequestedPage_SignOutLocksItAgain()
    {
        await using var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.App.BaseUrl.ToString() });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();

        await page.GotoAsync("segments");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?ReturnUrl=%2Fsegments"));
        await page.GetByTestId("login-email").FillAsync(AppAccess.AdminEmail);
        await page.GetByTestId("login-password").FillAsync("not-the-password");
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page.GetByTestId("login-error")).ToContainTextAsync("The e-mail or password is wrong.");

        await page.GetByTestId("login-email").FillAsync(AppAccess.AdminEmail);
        await page.GetByTestId("login-password").FillAsync(AppAccess.AdminPassword);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Segments", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync(AppAccess.AdminEmail);
        await Expect(page.GetByTestId("signed-in-role")).ToHaveTextAsync("Admin");

        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page.GetByText("You are signed out.")).ToBeVisibleAsync();
        await page.GotoAsync("customers");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?ReturnUrl=%2Fcustomers"));
    }

    [Fact]
    public async Task SignIn_EmptyFields_SaysWhatIsMissing()
    {
        await using var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.App.BaseUrl.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("login");

        await page.GetByTestId("login-submit").ClickAsync();

        await Expect(page.GetByText("Enter your e-mail address.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Enter your password.")).ToBeVisibleAsync();
    }
}
