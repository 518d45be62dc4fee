using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Cdp.Core.Audit;
using Cdp.Core.Limits;
using Cdp.Core.Segments;
using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Saved;
using Cdp.Web.Access;
using Cdp.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cdp.Web.Api;

/// <summary>
/// Segments over HTTP (docs/segments.md): the field catalogue, previews and explanations of any tree, and
/// saved segments with their customers. A bad tree is a 400 whose <c>errors</c> name each node; an update with a
/// stale <c>version</c> is a 409 naming who saved it last (without a version the last write wins).
/// </summary>
public static class SegmentsApi
{
    public const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapSegmentsApi(this IEndpointRouteBuilder routes)
    {
        var segments = routes.MapGroup("/api/segments").DisableAntiforgery();
        segments.MapGet("/fields", Fields);
        segments.MapPost("/preview", Preview).WithMetadata(ReadOnlyRequest.Instance);
        segments.MapPost("/explain", Explain).WithMetadata(ReadOnlyRequest.Instance);
        segments.MapGet("/", List);
        segments.MapGet("/{id:int}", Get);
        segments.MapPost("/", Create);
        segments.MapPut("/{id:int}", Update);
        segments.MapPost("/{id:int}/duplicate", Duplicate);
        segments.MapDelete("/{id:int}", Delete);
        segments.MapGet("/{id:int}/customers", Customers);
        segments.MapGet("/{id:int}/export.csv", Export);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<FieldDescription>>> Fields(FieldHints hints, CancellationToken cancellationToken) =>
        TypedResults.Ok(await hints.DescribeAsync(cancellationToken));

    private static Task<IResult> Preview(JsonElement body, SegmentEngine engine, CancellationToken cancellationToken) => Answer(async () =>
    {
        var rules = SegmentJson.ReadRules(body);
        var options = new PreviewOptions(AsOf(body), body.TryGetProperty("perNode", out var perNode) && perNode.ValueKind == JsonValueKind.True);
        return TypedResults.Ok(await engine.PreviewAsync(rules, options, cancellationToken));
    });

    private static Task<IResult> Explain(JsonElement body, SegmentEngine engine, CancellationToken cancellationToken) => Answer(async () =>
    {
        var rules = SegmentJson.ReadRules(body);
        if (!body.TryGetProperty("customerId", out var id) || !id.TryGetInt32(out var customerId))
            throw ApiProblem.BadRequest("customerId: expected the id of a customer (a whole number).");
        return await engine.ExplainAsync(rules, customerId, AsOf(body), cancellationToken) is { } explanation
            ? TypedResults.Ok(explanation)
            : ApiProblem.NotFound($"There is no customer with id {customerId}.").ToResult();
    });

    private static async Task<Ok<IReadOnlyList<SegmentSummary>>> List(SegmentStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    /// <summary>The segment as JSON that <c>POST /api/segments</c> takes back: this is the export format.</summary>
    private static Task<IResult> Get(int id, SegmentStore store, CancellationToken cancellationToken) => Answer(async () =>
        await store.GetAsync(id, cancellationToken) is { } segment ? TypedResults.Ok(Document(segment)) : NotFound(id));

    private static Task<IResult> Create(JsonElement body, SegmentStore store, ClaimsPrincipal user, CancellationToken cancellationToken) => Answer(async () =>
    {
        var created = await store.CreateAsync(SegmentJson.ReadDraft(body), CurrentActor.From(user), cancellationToken);
        return TypedResults.Created($"/api/segments/{created.Id}", created);
    });

    private static Task<IResult> Update(int id, JsonElement body, SegmentStore store, ClaimsPrincipal user, CancellationToken cancellationToken) => Answer(async () =>
        await store.UpdateAsync(id, SegmentJson.ReadDraft(body), ApiVersion.Read(body), CurrentActor.From(user), cancellationToken) is { } updated
            ? TypedResults.Ok(updated)
            : NotFound(id));

    private static Task<IResult> Duplicate(int id, SegmentStore store, ClaimsPrincipal user, CancellationToken cancellationToken) => Answer(async () =>
        await store.DuplicateAsync(id, CurrentActor.From(user), cancellationToken) is { } copy ? TypedResults.Created($"/api/segments/{copy.Id}", copy) : NotFound(id));

    private static Task<IResult> Delete(int id, SegmentStore store, ClaimsPrincipal user, CancellationToken cancellationToken) => Answer(async () =>
    {
        try
        {
            return await store.DeleteAsync(id, CurrentActor.From(user), cancellationToken) ? TypedResults.NoContent() : NotFound(id);
        }
        catch (InvalidOperationException e)
        {
            return TypedResults.Problem(detail: e.Message, statusCode: StatusCodes.Status409Conflict, title: "The segment is in use");
        }
    });

    private static Task<IResult> Customers(int id, HttpRequest request, SegmentStore store, CancellationToken cancellationToken) => Answer(async () =>
    {
        var skip = Whole(request, "skip", 0, 0, int.MaxValue);
        var take = Whole(request, "take", 50, 1, MaxPageSize);
        if (await store.CustomersAsync(id, skip, take, cancellationToken) is not { } page) return NotFound(id);
        return TypedResults.Ok(new
        {
            page.Total, Skip = skip, Take = take,
            Customers = page.Customers.Select(c => new { c.Id, c.DisplayName, c.Email, c.Country, c.City, c.OrdersCount, c.TotalSpent, c.LastOrderAt, c.RfmSegment }),
        });
    });

    private static Task<IResult> Export(int id, SegmentStore store, TimeProvider clock, CancellationToken cancellationToken) => Answer(async () =>
    {
        if (await store.GetAsync(id, cancellationToken) is not { } segment) return NotFound(id);
        var fileName = $"segment-{segment.Summary.Key}-{clock.GetUtcNow():yyyy-MM-dd}.csv";
        return TypedResults.Stream(stream => store.ExportCustomersAsync(id, stream, cancellationToken), "text/csv; charset=utf-8", fileName);
    });

    /// <summary>Runs a handler, answering invalid trees and refused requests as problem details.</summary>
    private static async Task<IResult> Answer(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (RuleTreeException e)
        {
            return TypedResults.Problem(detail: e.Message, statusCode: StatusCodes.Status400BadRequest, title: "The segment is not valid",
                extensions: new Dictionary<string, object?> { ["errors"] = e.Errors.Select(x => new { x.Path, x.Message }) });
        }
        catch (ConcurrencyConflictException e)
        {
            return ApiVersion.Conflict(e);
        }
        catch (ApiProblem problem)
        {
            return problem.ToResult();
        }
        catch (PreviewTimeoutException e)
        {
            // 422, not 503: the time it takes depends on the tree and the data, not on a passing overload, so the
            // same request would most likely run out again; 503 would invite clients and proxies to retry it as is.
            return TypedResults.Problem(detail: e.Message, statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The preview took too long", extensions: new Dictionary<string, object?> { ["limitSeconds"] = e.Seconds });
        }
    }

    /// <summary>An optional "asOf": a date means the end of that UTC day, an ISO instant that moment.</summary>
    private static DateTime? AsOf(JsonElement body)
    {
        if (!body.TryGetProperty("asOf", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return day.ToDateTime(new TimeOnly(23, 59, 59), DateTimeKind.Utc);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            return instant.UtcDateTime;
        throw ApiProblem.BadRequest($"asOf: \"{text}\" is not a date (yyyy-MM-dd) or an ISO 8601 date and time.");
    }

    private static int Whole(HttpRequest request, string name, int fallback, int min, int max)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0) return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw ApiProblem.BadRequest($"{name}: expected a whole number from {min} to {max:N0}.");
    }

    private static object Document(SegmentDetails segment) => new
    {
        segment.Summary.Id, segment.Summary.Key, segment.Summary.Name, segment.Summary.Description,
        segment.Summary.CachedCount, segment.Summary.CountedAt, segment.Summary.Version, Rules = JsonSerializer.SerializeToElement<RuleNode>(segment.Rules),
    };

    private static IResult NotFound(int id) => ApiProblem.NotFound($"There is no segment with id {id}.").ToResult();
}
