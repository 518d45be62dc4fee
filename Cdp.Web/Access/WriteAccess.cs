using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Radzen;

namespace Cdp.Web.Access;

/// <summary>
/// The server's check before a page changes data. Hidden buttons are a courtesy; a circuit can still invoke a handler
/// (a stale page after a role change, a crafted event), so every handler that calls a mutating Core method asks here
/// first and, when refused, changes nothing and says why.
/// </summary>
public sealed class WriteAccess(AuthenticationStateProvider authentication, IAuthorizationService authorization, NotificationService notifications)
{
    public const string RefusedMessage = "Your role can look but not change, so nothing was changed. Ask an admin for the Marketer role.";

    /// <summary>Whether the person behind this circuit may change data, by the <see cref="AccessPolicies.Write"/> policy.</summary>
    public async Task<bool> CanWriteAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return (await authorization.AuthorizeAsync(state.User, AccessPolicies.Write)).Succeeded;
    }

    /// <summary>True when they may change data; otherwise shows <see cref="RefusedMessage"/> and returns false.</summary>
    public async Task<bool> EnsureAsync()
    {
        if (await CanWriteAsync()) return true;
        notifications.Notify(new NotificationMessage
        {
            Severity = NotificationSeverity.Warning,
            Summary = "Not allowed",
            Detail = RefusedMessage,
            Duration = 10_000,
        });
        return false;
    }
}
