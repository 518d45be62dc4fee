using System.Security.Claims;
using System.Text.Encodings.Web;
using Cdp.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Cdp.Web.Access;

/// <summary>Signs in a program by the API key in its <c>X-Api-Key</c> header; refusals are problem details.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = Request.Headers[HeaderName].ToString();
        if (secret.Length == 0) return AuthenticateResult.NoResult();
        if (await keys.VerifyAsync(secret, Context.RequestAborted) is not { } key)
            return AuthenticateResult.Fail("The API key is unknown or has been revoked.");

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, $"api key {key.Name}"),
            new Claim(ClaimTypes.NameIdentifier, $"apikey:{key.Id}"),
            new Claim(AccessPolicies.ScopeClaim, key.Scope.ToString()),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        AccessProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized,
            "Send a valid API key in the X-Api-Key header (admins create keys under Settings → API keys).");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AccessProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, IsAdminOnly()
            ? "No API key may call this endpoint; it is for admins signed in to the app."
            : $"This API key's scope ({Context.User.FindFirstValue(AccessPolicies.ScopeClaim)}) does not allow this call; it needs a read-write key.");

    private bool IsAdminOnly() =>
        Context.GetEndpoint()?.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>()
            .Any(a => a.Policy == AccessPolicies.Admin) == true;
}
