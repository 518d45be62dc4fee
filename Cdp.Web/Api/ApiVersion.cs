using System.Text.Json;
using Cdp.Core.Audit;

namespace Cdp.Web.Api;

/// <summary>
/// Optimistic concurrency over HTTP: a PUT body may carry the <c>version</c> its GET returned; a stale one is a 409
/// that says who saved since and when, with <c>currentVersion</c> to send to overwrite. Without it the last write wins.
/// </summary>
internal static class ApiVersion
{
    /// <summary>The body's <c>version</c>, or null when it has none.</summary>
    public static int? Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) return null;
        foreach (var property in body.EnumerateObject())
        {
            if (!string.Equals(property.Name, "version", StringComparison.OrdinalIgnoreCase)) continue;
            if (property.Value.ValueKind == JsonValueKind.Null) return null;
            return property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var version) && version > 0
                ? version
                : throw ApiProblem.BadRequest("version: expected the whole number the GET returned (or leave it out to overwrite whatever is stored).");
        }
        return null;
    }

    public static IResult Conflict(ConcurrencyConflictException conflict) =>
        TypedResults.Problem(detail: conflict.Message, statusCode: StatusCodes.Status409Conflict, title: $"The {conflict.EntityType} was changed by someone else",
            extensions: new Dictionary<string, object?>
            {
                ["currentVersion"] = conflict.CurrentVersion,
                ["changedBy"] = conflict.ChangedBy,
                ["changedAt"] = conflict.ChangedAt,
            });
}
