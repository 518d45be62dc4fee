namespace Cdp.Tests.Web.Browser;

/// <summary>Where the web project and its build output are, found from the test assembly's own output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string WebProject => Path.Combine(Root, "Cdp.Web");

    /// <summary>Cdp.Web.dll built in the same configuration as the tests (bin/&lt;Configuration&gt;/&lt;tfm&gt;).</summary>
    public static string WebAssembly
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = output.Name;
            var configuration = output.Parent!.Name;
            var path = Path.Combine(WebProject, "bin", configuration, framework, "Cdp.Web.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"Build Cdp.Web first: {path} is missing.");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cdp.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Cdp.sln not found above " + AppContext.BaseDirectory);
    }
}
