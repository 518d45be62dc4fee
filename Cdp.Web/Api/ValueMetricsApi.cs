using Cdp.Core.Segments.Values;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cdp.Web.Api;

/// <summary>
/// Value metrics for automation and for people checking them: the thresholds of the latest RFM scoring, the
/// named-segment mapping, the lifecycle rules and the CLV formulas (<c>GET /api/value-metrics</c>), and
/// rescoring every customer now (<c>POST /api/value-metrics/recompute</c>).
/// </summary>
public static class ValueMetricsApi
{
    public static IEndpointRouteBuilder MapValueMetricsApi(this IEndpointRouteBuilder routes)
    {
        var values = routes.MapGroup("/api/value-metrics").DisableAntiforgery();
        values.MapGet("/", GetAsync).WithName("GetValueMetrics");
        values.MapPost("/recompute", RecomputeAsync).WithName("RecomputeValueMetrics");
        return routes;
    }

    internal static async Task<Ok<ValueMetricsResponse>> GetAsync(ValueMetricsService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(Describe(await service.LatestAsync(cancellationToken)));

    internal static async Task<Ok<ValueMetricsResponse>> RecomputeAsync(ValueMetricsService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(Describe(await service.RecomputeAsync(cancellationToken)));

    private static ValueMetricsResponse Describe(RfmThresholds? thresholds) => new(
        thresholds,
        RfmSegments.Definitions,
        LifecycleStages.Definitions,
        new ClvFormulas(CustomerValue.HistoricalFormula, CustomerValue.PredictedFormula, CustomerValue.HorizonYears));

    /// <param name="Thresholds">The latest scoring's cut points; null before customers were first scored.</param>
    internal sealed record ValueMetricsResponse(
        RfmThresholds? Thresholds, IReadOnlyList<RfmSegmentDefinition> Segments, IReadOnlyList<LifecycleStageDefinition> Lifecycle,
        ClvFormulas Clv);

    internal sealed record ClvFormulas(string Historical, string Predicted, int HorizonYears);
}
