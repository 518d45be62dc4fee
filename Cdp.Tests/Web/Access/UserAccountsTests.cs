using System.Security.Claims;
using Cdp.Core.Accounts;
using Cdp.Core.Audit;
using Cdp.Tests.TestSupport;
using Cdp.Web.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cdp.Tests.Web.Access;

/// <summary>The rules of managing users, on a real SQLite database with the app's Identity set-up.</summary>
public sealed class UserAccountsTests : IAsyncLifetime
{
    private const string Password = "Good-pass-2026";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;
    private UserAccounts Accounts => _services.GetRequiredService<UserAccounts>();

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var services = new ServiceCollection().AddLogging().AddSingleton(_database.Factory)
            .AddSingleton(TimeProvider.System).AddSingleton<AuditLog>();
        services.AddCdpAccess(new ConfigurationBuilder().Build());
        _services = services.BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All) await roles.CreateAsync(new IdentityRole(role));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Create_ValidUser_IsListedWithItsRole()
    {
        var result = await Accounts.CreateAsync(" ann@example.com ", Roles.Marketer, Password, Boss, Cancel);

        Assert.True(result.Succeeded);
        var ann = Assert.Single(await Accounts.ListAsync(Cancel));
        Assert.Equal(("ann@example.com", Roles.Marketer), (ann.Email, ann.Role));
    }

    [Fact]
    public async Task Create_WeakPassword_ErrorsOnThePasswordField_NoUserLeft()
    {
        var result = await Accounts.CreateAsync("ann@example.com", Roles.Viewer, "short", Boss, Cancel);

        Assert.False(result.Succeeded);
        Assert.All(result.Errors, e => Assert.Equal(UserAccounts.PasswordField, e.Field));
        Assert.Equal(["Use at least 10 characters.", "Add a symbol, such as ! # - or _.", "Add a digit (0-9).", "Add an upper-case letter."],
            result.Errors.Select(e => e.Message));
        Assert.Empty(await Accounts.ListAsync(Cancel));
    }

    [Fact]
    public async Task Create_BadEmailUnknownRoleWeakPasswordAndDuplicate_AllNamedAtOnce()
    {
        var bad = await Accounts.CreateAsync("not-an-address", "Boss", "short", Boss, Cancel);
        await Accounts.CreateAsync("ann@example.com", Roles.Viewer, Password, Boss, Cancel);
        var twice = await Accounts.CreateAsync("ann@example.com", Roles.Viewer, Password, Boss, Cancel);

        Assert.NotEmpty(bad.MessagesFor(UserAccounts.EmailField));
        Assert.NotEmpty(bad.MessagesFor(UserAccounts.RoleField));
        Assert.NotEmpty(bad.MessagesFor(UserAccounts.PasswordField));
        Assert.Contains("already has an account", Assert.Single(twice.MessagesFor(UserAccounts.EmailField)));
        Assert.Single(await Accounts.ListAsync(Cancel));
    }

    [Fact]
    public async Task ChangeRole_LastAdmin_IsRefused_WithASecondAdminItWorks()
    {
        var admin = await AddAsync("admin@example.com", Roles.Admin);

        var refused = await Accounts.ChangeRoleAsync(admin.Id, Roles.Viewer, Actor(admin), Cancel);
        Assert.Contains("only admin", Assert.Single(refused.Errors).Message);
        Assert.Equal(Roles.Admin, (await Find(admin.Id)).Role);

        await AddAsync("second@example.com", Roles.Admin);
        Assert.True((await Accounts.ChangeRoleAsync(admin.Id, Roles.Viewer, Actor(admin), Cancel)).Succeeded);
        Assert.Equal(Roles.Viewer, (await Find(admin.Id)).Role);
    }

    [Fact]
    public async Task ChangeRoleAndDelete_TwoAdminsRemovedAtOnce_OneIsRefused_AnAdminRemains()
    {
        var ann = await AddAsync("ann@example.com", Roles.Admin);
        var bob = await AddAsync("bob@example.com", Roles.Admin);

        // Each pair starts together: both see two admins unless the check and the change are one step.
        var demotions = await Task.WhenAll(
            Task.Run(() => Accounts.ChangeRoleAsync(ann.Id, Roles.Viewer, Actor(bob), Cancel), Cancel),
            Task.Run(() => Accounts.ChangeRoleAsync(bob.Id, Roles.Viewer, Actor(ann), Cancel), Cancel));
        var survivor = demotions[0].Succeeded ? bob : ann;
        var cat = await AddAsync("cat@example.com", Roles.Admin);
        var deletions = await Task.WhenAll(
            Task.Run(() => Accounts.DeleteAsync(survivor.Id, Actor(cat), Cancel), Cancel),
            Task.Run(() => Accounts.DeleteAsync(cat.Id, Actor(survivor), Cancel), Cancel));

        Assert.Equal(1, demotions.Count(r => r.Succeeded));
        Assert.Contains("only admin", Assert.Single(demotions, r => !r.Succeeded).Errors.Single().Message);
        Assert.Equal(1, deletions.Count(r => r.Succeeded));
        Assert.Single(await Accounts.ListAsync(Cancel), u => u.Role == Roles.Admin);
    }

    [Fact]
    public async Task ChangeRole_RenewsTheSecurityStamp_SoOldCookiesStopWorking()
    {
        var admin = await AddAsync("admin@example.com", Roles.Admin);
        var ann = await AddAsync("ann@example.com", Roles.Viewer);
        var before = await StampAsync(ann.Id);

        Assert.True((await Accounts.ChangeRoleAsync(ann.Id, Roles.Marketer, Actor(admin), Cancel)).Succeeded);

        Assert.NotEqual(before, await StampAsync(ann.Id));
        Assert.Equal(Roles.Marketer, (await Find(ann.Id)).Role);
    }

    [Fact]
    public async Task Delete_Yourself_IsRefused()
    {
        var admin = await AddAsync("admin@example.com", Roles.Admin);
        await AddAsync("second@example.com", Roles.Admin);

        var result = await Accounts.DeleteAsync(admin.Id, Actor(admin), Cancel);

        Assert.Contains("cannot delete yourself", Assert.Single(result.Errors).Message);
        Assert.Equal(2, (await Accounts.ListAsync(Cancel)).Count);
    }

    [Fact]
    public async Task Delete_LastAdmin_IsRefused_OtherUsersCanBeDeleted()
    {
        var admin = await AddAsync("admin@example.com", Roles.Admin);
        var other = await AddAsync("other@example.com", Roles.Marketer);
        var stranger = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, other.Id)], "test"));

        var refused = await Accounts.DeleteAsync(admin.Id, stranger, Cancel);
        var deleted = await Accounts.DeleteAsync(other.Id, Actor(admin), Cancel);

        Assert.Contains("only admin", Assert.Single(refused.Errors).Message);
        Assert.True(deleted.Succeeded);
        Assert.Equal(["admin@example.com"], (await Accounts.ListAsync(Cancel)).Select(u => u.Email));
    }

    [Fact]
    public async Task ResetPassword_WeakIsRefused_StrongWorks()
    {
        var ann = await AddAsync("ann@example.com", Roles.Viewer);

        var weak = await Accounts.ResetPasswordAsync(ann.Id, "abc", Boss, Cancel);
        var strong = await Accounts.ResetPasswordAsync(ann.Id, "Newer-pass-2027", Boss, Cancel);

        Assert.All(weak.Errors, e => Assert.Equal(UserAccounts.PasswordField, e.Field));
        Assert.False(weak.Succeeded);
        Assert.True(strong.Succeeded);
        await using var scope = _services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByIdAsync(ann.Id))!, "Newer-pass-2027"));
    }

    [Fact]
    public async Task Unlock_LockedUser_CanSignInAgain()
    {
        var ann = await AddAsync("ann@example.com", Roles.Viewer);
        await using (var scope = _services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(ann.Id))!, DateTimeOffset.UtcNow.AddMinutes(15));
        }
        Assert.True((await Find(ann.Id)).IsLocked(DateTimeOffset.UtcNow));

        Assert.True((await Accounts.UnlockAsync(ann.Id, Boss, Cancel)).Succeeded);

        Assert.False((await Find(ann.Id)).IsLocked(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Changes_AreAudited_WithTheActor_NeverThePassword_RefusalsLeaveNoEntry()
    {
        var admin = await AddAsync("admin@example.com", Roles.Admin);
        var ann = await AddAsync("ann@example.com", Roles.Viewer);
        await Accounts.ChangeRoleAsync(ann.Id, Roles.Marketer, Actor(admin), Cancel);
        await Accounts.ResetPasswordAsync(ann.Id, "Secret-pass-2027", Actor(admin), Cancel);
        await Accounts.UnlockAsync(ann.Id, Actor(admin), Cancel);
        await Accounts.DeleteAsync(admin.Id, Actor(admin), Cancel);   // refused: yourself
        await Accounts.DeleteAsync(ann.Id, Actor(admin), Cancel);

        var audit = _services.GetRequiredService<AuditLog>();
        var entries = (await audit.QueryAsync(new AuditFilter(EntityType: AuditEntityTypes.User), Cancel)).Entries.Reverse().ToList();

        Assert.Equal(
            [AuditActions.Created, AuditActions.Created, AuditActions.Updated, AuditActions.PasswordReset, AuditActions.Unlocked, AuditActions.Deleted],
            entries.Select(e => e.Action));
        Assert.Equal("boss@example.com", entries[1].Actor);
        var roleChange = entries[2];
        Assert.Equal(("admin@example.com", "ann@example.com", ann.Id), (roleChange.Actor, roleChange.EntityName, roleChange.EntityId));
        Assert.Contains("\"role\":\"Viewer\"", roleChange.Before);
        Assert.Contains("\"role\":\"Marketer\"", roleChange.After);
        Assert.Null(entries[5].After);
        Assert.All(entries, e => Assert.DoesNotContain("Secret-pass", (e.Before ?? "") + e.After));
        Assert.All(entries, e => Assert.DoesNotContain("assword", (e.Before ?? "") + e.After));
    }

    private async Task<UserAccount> AddAsync(string email, string role)
    {
        var result = await Accounts.CreateAsync(email, role, Password, Boss, Cancel);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        return (await Accounts.ListAsync(Cancel)).Single(u => u.Email == email);
    }

    private async Task<UserAccount> Find(string id) => (await Accounts.ListAsync(Cancel)).Single(u => u.Id == id);

    private async Task<string?> StampAsync(string id)
    {
        await using var db = _database.NewContext();
        return await db.Users.Where(u => u.Id == id).Select(u => u.SecurityStamp).SingleAsync(Cancel);
    }

    private static readonly ClaimsPrincipal Boss =
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "boss"), new Claim(ClaimTypes.Name, "boss@example.com")], "test"));

    private static ClaimsPrincipal Actor(UserAccount user) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Name, user.Email)], "test"));
}
