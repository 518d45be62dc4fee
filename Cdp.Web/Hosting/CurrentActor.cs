using System.Security.Claims;
using Cdp.Core.Audit;
using Microsoft.AspNetCore.Components.Authorization;

namespace Cdp.Web.Hosting;

/// <summary>
/// Who is acting, for the audit log: the signed-in user of a Blazor circuit, or of the HTTP request. In a circuit
/// the HttpContext is that of the connection and may be gone, so the authentication state comes first.
/// </summary>
public sealed class CurrentActor(IServiceProvider services, IHttpContextAccessor http)
{
    public const string AnonymousName = "anonymous";

    public async Task<Actor> GetAsync()
    {
        if (services.GetService<AuthenticationStateProvider>() is { } provider)
        {
            try
            {
                return From((await provider.GetAuthenticationStateAsync()).User);
            }
            catch (InvalidOperationException)
            {
                // Outside a circuit (an API request) the provider has no state; the request's user is the one.
            }
        }
        return From(http.HttpContext?.User);
    }

    /// <summary>The principal's name (a user's e-mail, "api key &lt;name&gt;"), or "anonymous" when nobody signed in.</summary>
    public static Actor From(ClaimsPrincipal? user) =>
        user?.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? new Actor(name) : new Actor(AnonymousName);
}
