namespace Cdp.Web.Access;

/// <summary>The 401/403 answers of the API, as RFC 7807 problem details like every other API error.</summary>
internal static class AccessProblems
{
    /// <summary>API and embed paths answer with status codes; pages redirect to the sign-in page instead.</summary>
    public static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/p");

    public static Task WriteAsync(HttpContext context, int status, string detail)
    {
        if (status == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "ApiKey";
        return Results.Problem(detail: detail, statusCode: status).ExecuteAsync(context);
    }
}
