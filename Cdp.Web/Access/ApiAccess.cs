using Microsoft.AspNetCore.Authorization;

namespace Cdp.Web.Access;

/// <summary>Marks a POST that only reads (a preview, an explanation), so that viewers and read-write keys may call it.</summary>
public sealed class ReadOnlyRequest
{
    public static readonly ReadOnlyRequest Instance = new();
}

/// <summary>
/// Gives every API endpoint its policy from its HTTP method, so a new endpoint cannot be forgotten: GET reads, every
/// other method writes, unless the endpoint says otherwise (<see cref="ReadOnlyRequest"/>, or its own policy).
/// </summary>
public static class ApiAccess
{
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("");
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            if (endpoint.Metadata.OfType<IAuthorizeData>().Any() || endpoint.Metadata.OfType<IAllowAnonymous>().Any()) return;
            var methods = endpoint.Metadata.OfType<Microsoft.AspNetCore.Routing.HttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
            var reads = methods.Count > 0 && methods.All(m => m is "GET" or "HEAD") || endpoint.Metadata.OfType<ReadOnlyRequest>().Any();
            endpoint.Metadata.Add(new AuthorizeAttribute(reads ? AccessPolicies.Read : AccessPolicies.Write));
        });
        return group;
    }
}
