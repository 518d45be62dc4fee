using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Cdp.Web.Access;

/// <summary>Signing out is a POST with an antiforgery token (from the header's form), so no other site can sign a user out.</summary>
public static class SignOutEndpoint
{
    public static void MapSignOut(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/logout", async (SignInManager<IdentityUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/login?signedOut=true");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute()).AllowAnonymous();
}
