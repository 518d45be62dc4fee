using System.Security.Claims;
using Cdp.Core.Accounts;
using Cdp.Web.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Radzen;

namespace Cdp.Tests.Web.Access;

/// <summary>The check every Blazor handler makes before it changes data, with the app's own policies.</summary>
public class WriteAccessTests
{
    [Theory]
    [InlineData(Roles.Admin, true)]
    [InlineData(Roles.Marketer, true)]
    [InlineData(Roles.Viewer, false)]
    public async Task EnsureAsync_ByRole_AllowsWritersAndTellsViewersWhy(string role, bool allowed)
    {
        var notifications = new NotificationService();
        var access = Create(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "someone"), new Claim(ClaimTypes.Role, role)], "test")),
            notifications);

        Assert.Equal(allowed, await access.EnsureAsync());
        Assert.Equal(allowed, await access.CanWriteAsync());
        if (allowed) Assert.Empty(notifications.Messages);
        else Assert.Equal(WriteAccess.RefusedMessage, Assert.Single(notifications.Messages).Detail);
    }

    [Fact]
    public async Task EnsureAsync_SignedOut_Refused()
    {
        var notifications = new NotificationService();
        var access = Create(new ClaimsPrincipal(new ClaimsIdentity()), notifications);

        Assert.False(await access.EnsureAsync());
        Assert.Single(notifications.Messages);
    }

    private static WriteAccess Create(ClaimsPrincipal user, NotificationService notifications)
    {
        var services = new ServiceCollection().AddLogging().AddAuthorization(AccessPolicies.Add).BuildServiceProvider();
        return new WriteAccess(new FixedAuthentication(user), services.GetRequiredService<IAuthorizationService>(), notifications);
    }

    private sealed class FixedAuthentication(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
