using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Cdp.Web.Hosting;

internal static class SettingsBesideApp
{
    /// <summary>
    /// The repository keeps a single appsettings.json at its root and the build copies it beside the app's
    /// binaries. The default JSON sources look in the content root (the project folder under dotnet run), so
    /// they are pointed at the app's folder instead, keeping their place before environment variables and
    /// command-line arguments.
    /// </summary>
    public static void UseSettingsBesideApp(this ConfigurationManager configuration, IHostEnvironment environment)
    {
        var besideApp = new PhysicalFileProvider(AppContext.BaseDirectory);
        string[] names = ["appsettings.json", $"appsettings.{environment.EnvironmentName}.json"];
        var sources = configuration.Sources;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource json && json.Path is not null && names.Contains(json.Path, StringComparer.OrdinalIgnoreCase))
            {
                sources[i] = new JsonConfigurationSource
                {
                    Path = json.Path, Optional = json.Optional, ReloadOnChange = json.ReloadOnChange, FileProvider = besideApp,
                };
            }
        }
    }
}
