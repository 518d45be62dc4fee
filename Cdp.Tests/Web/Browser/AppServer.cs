using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cdp.Tests.Web.Browser;

/// <summary>
/// The real app, started as its own process on a free loopback port with its own temporary SQLite file and a
/// small demo store, exactly as <c>dotnet run</c> would start it.
/// </summary>
public sealed class AppServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly IReadOnlyDictionary<string, string>? _settings;
    private readonly int _demoCustomers;
    private bool _disposed;
    private bool _ownsDatabase = true;

    private AppServer(Process process, Uri baseUrl, string databasePath, int demoCustomers, IReadOnlyDictionary<string, string>? settings)
    {
        _demoCustomers = demoCustomers;
        _settings = settings;
        _process = process;
        BaseUrl = baseUrl;
        DatabasePath = databasePath;
        Access = new AppAccess(this);
    }

    /// <summary>Users, keys and signed-in browsers for this app.</summary>
    public AppAccess Access { get; }

    /// <summary>A read-write API key created when the app started.</summary>
    public string ApiKey { get; private set; } = "";

    /// <summary>An HTTP client that calls the API with <see cref="ApiKey"/>.</summary>
    public HttpClient CreateHttpClient(TimeSpan? timeout = null)
    {
        var http = new HttpClient { BaseAddress = BaseUrl, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return http;
    }

    public Uri BaseUrl { get; }
    public string DatabasePath { get; }
    public string ConnectionString => $"Data Source={DatabasePath};Pooling=False";
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static Task<AppServer> StartAsync(int demoCustomers, IReadOnlyDictionary<string, string>? settings = null) =>
        StartAsync(demoCustomers, settings, Path.Combine(Path.GetTempPath(), $"cdp-app-{Guid.NewGuid():N}.db"));

    /// <summary>
    /// Kills this app at once (as a crash or power cut would) and starts a new process on the same database, with the
    /// same settings. The new server owns the database from then on.
    /// </summary>
    public async Task<AppServer> RestartAfterKillAsync()
    {
        await KillAsync();
        _ownsDatabase = false;
        return await StartAsync(_demoCustomers, _settings, DatabasePath);
    }

    private static async Task<AppServer> StartAsync(int demoCustomers, IReadOnlyDictionary<string, string>? settings, string databasePath)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.WebProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryPaths.WebAssembly);
        var arguments = new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["environment"] = "Development",
            ["ConnectionStrings:Cdp"] = $"Data Source={databasePath}",
            ["Cdp:Demo:Customers"] = demoCustomers.ToString(),
        };
        foreach (var (key, value) in AppAccess.Settings) arguments[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) arguments[key] = value;
        foreach (var (key, value) in arguments) start.ArgumentList.Add($"--{key}={value}");

        var server = new AppServer(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}/"), databasePath, demoCustomers, settings);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await server.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
        server.ApiKey = await server.Access.CreateApiKeyAsync();
        return server;
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync("health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The app did not become healthy within {timeout.TotalSeconds} s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Kills the app's process at once, as a crash or power cut would.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await KillAsync();
        _process.Dispose();
        if (!_ownsDatabase) return;
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(DatabasePath + suffix); } catch (IOException) { }
        }
    }
}
