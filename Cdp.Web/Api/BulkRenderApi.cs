using Cdp.Core.Personalization.Experiences;
using Cdp.Core.Personalization.Rendering;
using Cdp.Core.Segments.Rules;

namespace Cdp.Web.Api;

/// <summary>
/// An e-mail experience rendered for every customer of a segment (or everyone) as a download (docs/personalization.md,
/// "Bulk render"): <c>GET /api/experiences/{key}/render?segment=…&amp;format=csv|jsonl</c>. The file is written while it
/// downloads, batch by batch, so the browser's download bar is the progress and closing it cancels the render.
/// </summary>
public static class BulkRenderApi
{
    public static IEndpointRouteBuilder MapBulkRenderApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/experiences/{experienceKey}/render", Render);
        return routes;
    }

    private static async Task<IResult> Render(string experienceKey, string? segment, string? format, ExperienceStore experiences,
        BulkRenderer bulk, TimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            var (fileFormat, extension, contentType) = (format?.Trim().ToLowerInvariant() ?? "csv") switch
            {
                "csv" => (BulkRenderFormat.Csv, "csv", "text/csv; charset=utf-8"),
                "jsonl" or "ndjson" => (BulkRenderFormat.JsonLines, "jsonl", "application/x-ndjson; charset=utf-8"),
                _ => throw ApiProblem.BadRequest($"format: expected csv or jsonl, not \"{format}\"."),
            };
            var experience = await experiences.GetAsync(experienceKey, cancellationToken)
                ?? throw ApiProblem.NotFound($"There is no experience \"{experienceKey}\".");
            if (experience.Kind != ExperienceKind.Email)
                throw ApiProblem.BadRequest($"\"{experience.Key}\" is a homepage experience; only e-mail experiences are rendered in bulk.");
            if (experience.Status != ExperienceStatus.Live)
                throw ApiProblem.BadRequest($"\"{experience.Key}\" is a draft; set it live to export it (drafts are for previewing).");
            BulkRenderPlan plan;
            try
            {
                plan = await bulk.PlanAsync(experience, segment, cancellationToken);
            }
            catch (RuleTreeException e)
            {
                throw ApiProblem.BadRequest($"segment: {e.Message}");
            }
            var fileName = $"{experience.Key}-{plan.SegmentKey ?? "everyone"}-{clock.GetUtcNow():yyyy-MM-dd}.{extension}";
            return TypedResults.Stream(stream => bulk.WriteAsync(plan, fileFormat, stream, cancellationToken: cancellationToken), contentType, fileName);
        }
        catch (ApiProblem problem)
        {
            return problem.ToResult();
        }
    }
}
