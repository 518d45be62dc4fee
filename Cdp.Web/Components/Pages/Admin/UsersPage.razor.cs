using System.Security.Claims;
using Cdp.Web.Access;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Radzen;

namespace Cdp.Web.Components.Pages.Admin;

/// <summary>The people who can sign in: add, change role, reset password, unlock, delete.</summary>
public partial class UsersPage
{
    [Inject] private UserAccounts Accounts { get; set; } = null!;
    [Inject] private DialogService Dialogs { get; set; } = null!;
    [Inject] private NotificationService Notifications { get; set; } = null!;
    [Inject] private TimeProvider Clock { get; set; } = null!;
    [Inject] private Microsoft.Extensions.Options.IOptions<IdentityOptions> IdentityOptions { get; set; } = null!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = null!;

    private IReadOnlyList<UserAccount>? users;
    private readonly HashSet<string> busy = [];
    private ClaimsPrincipal me = new();
    private string? myId;
    private string? error;
    private int reloads;

    private DateTimeOffset Now => Clock.GetUtcNow();

    protected override async Task OnInitializedAsync()
    {
        me = (await AuthenticationState).User;
        myId = me.FindFirstValue(IdentityOptions.Value.ClaimsIdentity.UserIdClaimType);
        users = await Accounts.ListAsync();
    }

    private async Task AddAsync()
    {
        if (await Dialogs.OpenAsync<AddUserDialog>("Add user",
                new Dictionary<string, object?> { [nameof(AddUserDialog.Actor)] = me }, new DialogOptions { Width = "480px", CloseDialogOnEsc = true }) is not string email)
            return;
        users = await Accounts.ListAsync();
        Notify(NotificationSeverity.Success, "User added", $"{email} can sign in now.");
    }

    private Task ChangeRoleAsync(UserAccount user, string role) => RunAsync(user, async () =>
    {
        var result = await Accounts.ChangeRoleAsync(user.Id, role, me);
        if (result.Succeeded) Notify(NotificationSeverity.Success, "Role changed", $"{user.Email} is now {role}; it applies from their next sign-in at the latest.");
        return result;
    });

    private async Task ResetPasswordAsync(UserAccount user)
    {
        var changed = await Dialogs.OpenAsync<ResetPasswordDialog>($"Reset the password of {user.Email}",
            new Dictionary<string, object?> { [nameof(ResetPasswordDialog.User)] = user, [nameof(ResetPasswordDialog.Actor)] = me },
            new DialogOptions { Width = "480px", CloseDialogOnEsc = true });
        if (changed is true) Notify(NotificationSeverity.Success, "Password changed", $"Tell {user.Email} their new password.");
    }

    private Task UnlockAsync(UserAccount user) => RunAsync(user, async () =>
    {
        var result = await Accounts.UnlockAsync(user.Id, me);
        if (result.Succeeded) Notify(NotificationSeverity.Success, "Unlocked", $"{user.Email} can sign in again.");
        return result;
    });

    private async Task DeleteAsync(UserAccount user)
    {
        var confirmed = await Dialogs.Confirm($"Delete {user.Email}? They can no longer sign in.", "Delete user",
            new ConfirmOptions { OkButtonText = "Delete", CancelButtonText = "Keep", CloseDialogOnEsc = true });
        if (confirmed != true) return;
        await RunAsync(user, async () =>
        {
            var result = await Accounts.DeleteAsync(user.Id, me);
            if (result.Succeeded) Notify(NotificationSeverity.Info, "User deleted", $"{user.Email} was deleted.");
            return result;
        });
    }

    /// <summary>Runs one change with the row busy, shows a refusal, and reloads the list either way.</summary>
    private async Task RunAsync(UserAccount user, Func<Task<AccountResult>> change)
    {
        error = null;
        busy.Add(user.Id);
        try
        {
            var result = await change();
            if (!result.Succeeded) error = $"Not done: {string.Join(" ", result.Errors.Select(e => e.Message))}";
            users = await Accounts.ListAsync();
            reloads++;
        }
        finally
        {
            busy.Remove(user.Id);
        }
    }

    private void OnRowRender(RowRenderEventArgs<UserAccount> args)
    {
        if (args.Data is null) return;
        args.Attributes["data-testid"] = "user-row";
        args.Attributes["data-email"] = args.Data.Email;
    }

    private void Notify(NotificationSeverity severity, string summary, string detail) =>
        Notifications.Notify(new NotificationMessage { Severity = severity, Summary = summary, Detail = detail, Duration = 5000 });
}
