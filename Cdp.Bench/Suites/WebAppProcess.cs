using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cdp.Bench.Suites;

/// <summary>
/// The real app (Cdp.Web.dll from the same configuration as this benchmark) as its own process on a free loopback port,
/// started as Cdp.Tests' browser tests start it. Killed on dispose and, should the benchmark itself be stopped with
/// Ctrl+C or exit early, from the process's exit handlers too, so that no app is left running.
/// </summary>
internal sealed class WebAppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly ConsoleCancelEventHandler _onCancel;
    private readonly EventHandler _onExit;

    private WebAppProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        _onCancel = (_, _) => Kill();
        _onExit = (_, _) => Kill();
        Console.CancelKeyPress += _onCancel;
        AppDomain.CurrentDomain.ProcessExit += _onExit;
    }

    public Uri BaseUrl { get; }

    /// <summary>The app's process id, to read its memory from /proc.</summary>
    public int ProcessId => _process.Id;

    /// <summary>What the app wrote to standard output and error, for error messages.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts the app on <paramref name="settings"/> (command-line configuration) and waits until /health answers.</summary>
    public static async Task<WebAppProcess> StartAsync(IReadOnlyDictionary<string, string> settings, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            // In Development the static web assets (Radzen's scripts and styles) are served from the project's build manifest.
            WorkingDirectory = Path.Combine(RepositoryRoot, "Cdp.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WebAssembly);
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        foreach (var (key, value) in settings) start.ArgumentList.Add($"--{key}={value}");

        var app = new WebAppProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}/"));
        app._process.OutputDataReceived += (_, e) => app.Append(e.Data);
        app._process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        try
        {
            await app.WaitUntilHealthyAsync(timeout, cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Cdp.Web.dll built in the configuration and framework this benchmark runs in (bin/&lt;Configuration&gt;/&lt;tfm&gt;).</summary>
    private static string WebAssembly
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(RepositoryRoot, "Cdp.Web", "bin", output.Parent!.Name, output.Name, "Cdp.Web.dll");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"Build the web app first (dotnet build Cdp.sln -c {output.Parent.Name}): {path} is missing.");
        }
    }

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Cdp.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("Cdp.sln not found above " + AppContext.BaseDirectory);
        }
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync("health", cancellationToken)).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            await Task.Delay(250, cancellationToken);
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

    private void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }   // already gone
    }

    public async ValueTask DisposeAsync()
    {
        Console.CancelKeyPress -= _onCancel;
        AppDomain.CurrentDomain.ProcessExit -= _onExit;
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
