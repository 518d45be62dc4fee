using System.Security.Claims;
using Cdp.Core.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace Cdp.Web.Access;

/// <summary>
/// Who may do what. People sign in with a role (Admin, Marketer, Viewer); programs send an API key whose scope is
/// either personalise-only or read-write. Pages and endpoints name one of these policies.
/// </summary>
public static class AccessPolicies
{
    /// <summary>Read anything: any signed-in person, or a read-write key. The default for every page and endpoint.</summary>
    public const string Read = "Read";

    /// <summary>Change data (import, segments, experiences): admins, marketers and read-write keys.</summary>
    public const string Write = "Write";

    /// <summary>The personalisation endpoints: any signed-in person and any key.</summary>
    public const string Personalize = "Personalize";

    /// <summary>Users, API keys, the audit log and backups: admins only (never a key).</summary>
    public const string Admin = "Admin";

    /// <summary>The claim an API key's principal carries with its <see cref="ApiKeyScope"/>.</summary>
    public const string ScopeClaim = "cdp:api-scope";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Read, p => p.RequireAssertion(c => IsPerson(c.User) || HasScope(c.User, ApiKeyScope.ReadWrite)));
        options.AddPolicy(Write, p => p.RequireAssertion(c => CanWrite(c.User)));
        options.AddPolicy(Personalize, p => p.RequireAssertion(c => IsPerson(c.User) || c.User.HasClaim(k => k.Type == ScopeClaim)));
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        // Everything not marked otherwise (pages, the Blazor hub, APIs) needs at least reading rights.
        options.FallbackPolicy = options.GetPolicy(Read);
    }

    /// <summary>Whether this principal may change data; the UI asks it to hide what would be refused anyway.</summary>
    public static bool CanWrite(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Marketer) || HasScope(user, ApiKeyScope.ReadWrite);

    private static bool IsPerson(ClaimsPrincipal user) => Roles.All.Any(user.IsInRole);

    private static bool HasScope(ClaimsPrincipal user, ApiKeyScope scope) => user.HasClaim(ScopeClaim, scope.ToString());
}
