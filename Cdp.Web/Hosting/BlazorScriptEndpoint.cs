using Microsoft.Net.Http.Headers;

namespace Cdp.Web.Hosting;

/// <summary>
/// Serves _framework/blazor.web.js from the copy extracted at build time (Build/BlazorScript.targets). When the
/// app is built with the official .NET 10 pack instead, no copy exists and the static assets serve the script.
/// </summary>
internal static class BlazorScriptEndpoint
{
    private static readonly string ScriptPath = Path.Combine(AppContext.BaseDirectory, "blazor", "blazor.web.js");

    public static void MapBlazorScript(this IEndpointRouteBuilder endpoints)
    {
        if (!File.Exists(ScriptPath)) return;
        var lastModified = File.GetLastWriteTimeUtc(ScriptPath);
        var etag = new EntityTagHeaderValue($"\"{lastModified.Ticks:x}\"");
        endpoints.MapGet("/_framework/blazor.web.js", () =>
                TypedResults.PhysicalFile(ScriptPath, "text/javascript", lastModified: lastModified, entityTag: etag))
            .ExcludeFromDescription()
            .AllowAnonymous();   // the sign-in page needs it too
    }
}
