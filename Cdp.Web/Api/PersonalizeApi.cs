using Cdp.Core.Customers;
using Cdp.Core.Personalization.Experiences;
using Cdp.Core.Personalization.Rendering;
using Cdp.Web.Access;

namespace Cdp.Web.Api;

/// <summary>
/// What one customer gets, for a real site or e-mail tool to use (docs/personalization.md): the decision with its
/// trace and the rendered output as JSON, or a homepage as HTML ready to embed. Only live experiences answer.
/// </summary>
public static class PersonalizeApi
{
    public static IEndpointRouteBuilder MapPersonalizeApi(this IEndpointRouteBuilder routes)
    {
        var personalize = routes.MapGroup("").RequireAuthorization(AccessPolicies.Personalize)
            .RequireRateLimiting(AccessServiceCollectionExtensions.PersonalizeRateLimit);
        personalize.MapGet("/api/personalize/{experienceKey}", Personalize);
        personalize.MapGet("/p/{experienceKey}/{customerId:int}", Page);
        return routes;
    }

    public sealed record TraceStep(string Variant, string? Segment, bool Matched, string Why);

    public sealed record PersonalizeResponse(string Experience, string Variant, bool Holdout, IReadOnlyList<TraceStep> Trace,
        string? Subject, string? Preheader, string Html, string? Text);

    private static async Task<IResult> Personalize(string experienceKey, string? customerId, string? email, ExperienceStore experiences,
        CustomerDirectory customers, PersonalizationRenderer renderer, CancellationToken cancellationToken)
    {
        try
        {
            var experience = await LiveAsync(experiences, experienceKey, cancellationToken);
            var id = await CustomerIdAsync(customerId, email, customers, cancellationToken);
            var output = await renderer.RenderAsync(experience, id, withReasons: false, cancellationToken)
                ?? throw ApiProblem.NotFound($"There is no customer with id {id}.");
            return TypedResults.Ok(new PersonalizeResponse(output.ExperienceKey, output.Variant, output.Decision.Holdout,
                output.Decision.Trace.Select(s => new TraceStep(s.Variant, s.SegmentKey, s.Matched, s.Why)).ToList(),
                output.Subject, output.Preheader, output.Html, output.Text));
        }
        catch (ApiProblem problem)
        {
            return problem.ToResult();
        }
    }

    /// <summary>The rendered output as a page; marketer-written HTML, so it is served with a policy that forbids scripts.</summary>
    private static async Task<IResult> Page(string experienceKey, int customerId, ExperienceStore experiences, PersonalizationRenderer renderer,
        HttpContext http, CancellationToken cancellationToken)
    {
        try
        {
            var experience = await LiveAsync(experiences, experienceKey, cancellationToken);
            var output = await renderer.RenderAsync(experience, customerId, withReasons: false, cancellationToken)
                ?? throw ApiProblem.NotFound($"There is no customer with id {customerId}.");
            http.Response.Headers.ContentSecurityPolicy = "script-src 'none'; object-src 'none'; base-uri 'none'";
            return TypedResults.Content(output.Html, "text/html; charset=utf-8");
        }
        catch (ApiProblem problem)
        {
            return problem.ToResult();
        }
    }

    private static async Task<ExperienceDetails> LiveAsync(ExperienceStore experiences, string key, CancellationToken cancellationToken) =>
        await experiences.GetAsync(key, cancellationToken) switch
        {
            null => throw ApiProblem.NotFound($"There is no experience with key \"{key}\"."),
            { Status: not ExperienceStatus.Live } => throw ApiProblem.NotFound($"The experience \"{key}\" is a draft; set it live to serve it."),
            var experience => experience,
        };

    private static async Task<int> CustomerIdAsync(string? customerId, string? email, CustomerDirectory customers, CancellationToken cancellationToken)
    {
        if ((customerId is null) == (email is null))
            throw ApiProblem.BadRequest("Give either customerId (a whole number) or email, not both and not neither.");
        if (customerId is not null)
            return int.TryParse(customerId, out var id) && id > 0
                ? id
                : throw ApiProblem.BadRequest($"customerId: \"{customerId}\" is not the id of a customer (a whole number).");
        return await customers.FindIdByEmailAsync(email!, cancellationToken)
            ?? throw ApiProblem.NotFound($"There is no customer with the e-mail \"{email}\".");
    }
}
