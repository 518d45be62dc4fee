using Cdp.Core.Limits;
using Microsoft.AspNetCore.Http.Features;

namespace Cdp.Web.Api;

/// <summary>
/// Holds every <c>/api</c> request body to <c>Cdp:Limits:MaxRequestBodyKilobytes</c> (Kestrel's own default is
/// 30 MB), answering a larger one with a 413 problem that names the limit and the size. Endpoints that stream
/// files set their own, larger limit (<see cref="WithOwnBodyLimit{TBuilder}"/>).
/// </summary>
internal static class RequestBodyLimit
{
    /// <summary>Endpoint metadata: the endpoint sets and enforces its own body limit (uploads, imports).</summary>
    public sealed class OwnLimit;

    public static TBuilder WithOwnBodyLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OwnLimit());

    public static IApplicationBuilder UseApiBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments("/api") || context.GetEndpoint()?.Metadata.GetMetadata<OwnLimit>() is not null)
        {
            await next(context);
            return;
        }
        var limits = context.RequestServices.GetRequiredService<LimitSettings>();
        if (context.Request.ContentLength is { } length && length > limits.MaxRequestBodyBytes)
        {
            await TooLarge(limits, length).ToResult().ExecuteAsync(context);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limits.MaxRequestBodyBytes;
        await next(context);
        // A body without Content-Length (chunked) is cut off by the server while it is read; minimal APIs then
        // answer a bare 413, which gets the sentence here.
        if (context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
            await TooLarge(limits, null).ToResult().ExecuteAsync(context);
    });

    /// <param name="bytes">The body's size when the request said it; null when it was found while reading.</param>
    public static ApiProblem TooLarge(LimitSettings limits, long? bytes) => ApiProblem.BodyTooLarge(
        $"The request body is {(bytes is { } b ? LimitSettings.Kilobytes(b) : "larger than that")}; a JSON API request is at most " +
        $"{limits.MaxRequestBodyKilobytes:N0} KB ({LimitSettings.Key(nameof(LimitSettings.MaxRequestBodyKilobytes))}).");
}
