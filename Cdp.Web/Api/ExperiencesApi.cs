using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Cdp.Core.Audit;
using Cdp.Core.Personalization.Experiences;
using Cdp.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cdp.Web.Api;

/// <summary>
/// Experiences over HTTP (docs/personalization.md): list, get, create, update, duplicate, delete, and reach. An
/// experience is addressed by id or by key. An invalid experience is a 400 whose <c>errors</c> name each part
/// (<c>variants[1].email.html</c>); an update with a stale <c>version</c> is a 409 naming who saved it last (without a
/// version the last write wins).
/// </summary>
public static class ExperiencesApi
{
    public static IEndpointRouteBuilder MapExperiencesApi(this IEndpointRouteBuilder routes)
    {
        var experiences = routes.MapGroup("/api/experiences").DisableAntiforgery();
        experiences.MapGet("/", List);
        experiences.MapGet("/{idOrKey}", Get);
        experiences.MapPost("/", Create);
        experiences.MapPut("/{idOrKey}", Update);
        experiences.MapPost("/{idOrKey}/duplicate", Duplicate);
        experiences.MapDelete("/{idOrKey}", Delete);
        experiences.MapGet("/{idOrKey}/reach", Reach);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<ExperienceDetails>>> List(ExperienceStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    private static Task<IResult> Get(string idOrKey, ExperienceStore store, CancellationToken cancellationToken) => Answer(async () =>
        await FindAsync(store, idOrKey, cancellationToken) is { } experience ? TypedResults.Ok(experience) : NotFound(idOrKey));

    private static Task<IResult> Create(JsonElement body, ExperienceStore store, ClaimsPrincipal user, CancellationToken cancellationToken) => Answer(async () =>
    {
        var created = await store.CreateAsync(ReadDraft(body), CurrentActor.From(user), cancellationToken);
        return TypedResults.Created($"/api/experiences/{created.Key}", created);
    });

    private static Task<IResult> Update(string idOrKey, JsonElement body, ExperienceStore store, ClaimsPrincipal user,
        CancellationToken cancellationToken) => Answer(async () =>
    {
        if (await FindAsync(store, idOrKey, cancellationToken) is not { } experience) return NotFound(idOrKey);
        return await store.UpdateAsync(experience.Id, ReadDraft(body), ApiVersion.Read(body), CurrentActor.From(user), cancellationToken) is { } updated
            ? TypedResults.Ok(updated)
            : NotFound(idOrKey);
    });

    private static Task<IResult> Duplicate(string idOrKey, ExperienceStore store, ClaimsPrincipal user, CancellationToken cancellationToken) => Answer(async () =>
    {
        if (await FindAsync(store, idOrKey, cancellationToken) is not { } experience) return NotFound(idOrKey);
        return await store.DuplicateAsync(experience.Id, CurrentActor.From(user), cancellationToken) is { } copy
            ? TypedResults.Created($"/api/experiences/{copy.Key}", copy)
            : NotFound(idOrKey);
    });

    private static Task<IResult> Delete(string idOrKey, ExperienceStore store, ClaimsPrincipal user, CancellationToken cancellationToken) => Answer(async () =>
    {
        if (await FindAsync(store, idOrKey, cancellationToken) is not { } experience) return NotFound(idOrKey);
        return await store.DeleteAsync(experience.Id, CurrentActor.From(user), cancellationToken) ? TypedResults.NoContent() : NotFound(idOrKey);
    });

    private static Task<IResult> Reach(string idOrKey, ExperienceStore store, ExperienceReach reach, CancellationToken cancellationToken) => Answer(async () =>
        await FindAsync(store, idOrKey, cancellationToken) is { } experience
            ? TypedResults.Ok(await reach.ComputeAsync(experience, cancellationToken))
            : NotFound(idOrKey));

    /// <summary>Keys are never only digits (see <see cref="ExperienceStore.Slug"/>), so a number is an id.</summary>
    private static Task<ExperienceDetails?> FindAsync(ExperienceStore store, string idOrKey, CancellationToken cancellationToken) =>
        int.TryParse(idOrKey, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? store.GetAsync(id, cancellationToken)
            : store.GetAsync(idOrKey, cancellationToken);

    /// <summary>The body as a draft: what <c>GET</c> returns is accepted back (id, version and dates are ignored).</summary>
    private static ExperienceDraft ReadDraft(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) throw ApiProblem.BadRequest("Expected a JSON object with name, kind, status, holdoutPercent and variants.");
        if (!body.EnumerateObject().Any(p => string.Equals(p.Name, "kind", StringComparison.OrdinalIgnoreCase)))
            throw new ExperienceValidationException([new ExperienceError("kind", "is required: Email or Homepage")]);
        try
        {
            return body.Deserialize<ExperienceDraft>(ExperienceJson.Options)
                ?? throw ApiProblem.BadRequest("Expected a JSON object with name, kind, status, holdoutPercent and variants.");
        }
        catch (JsonException e)
        {
            var path = e.Path is { } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : "";
            var message = path.Split('.')[^1] switch
            {
                "kind" => "expected Email or Homepage",
                "status" => "expected Draft or Live",
                _ => "has the wrong type (expected " + (path.EndsWith("count", StringComparison.OrdinalIgnoreCase) || path.EndsWith("percent", StringComparison.OrdinalIgnoreCase)
                    ? "a whole number" : "text, a list or an object as documented") + ")",
            };
            throw new ExperienceValidationException([new ExperienceError(path, message)]);
        }
    }

    /// <summary>Runs a handler, answering invalid experiences and refused requests as problem details.</summary>
    private static async Task<IResult> Answer(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (ExperienceValidationException e)
        {
            return TypedResults.Problem(detail: e.Message, statusCode: StatusCodes.Status400BadRequest, title: "The experience is not valid",
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
    }

    private static IResult NotFound(string idOrKey) => ApiProblem.NotFound($"There is no experience \"{idOrKey}\".").ToResult();
}
