using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Cdp.Bench.Suites;

/// <summary>What one wrk run reports.</summary>
internal sealed record WrkResult(double RequestsPerSecond, long Requests, double P50Ms, double P99Ms, double MaxMs, long Non2xx, long SocketErrors)
{
    public long Errors => Non2xx + SocketErrors;
}

/// <summary>Runs wrk (Debian's package) as a separate process on loopback and reads its report.</summary>
internal static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(Uri baseUrl, string script, IEnumerable<string> scriptArguments, int threads, int connections,
        TimeSpan duration, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     $"-t{threads}", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "--timeout", "5s", "-s", script,
                     baseUrl.ToString().TrimEnd('/'), "--",
                 }.Concat(scriptArguments))
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("wrk is not installed: apt-get install -y wrk");
        }
        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0) throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {errors}{output}");
            return Parse(output);
        }
    }

    internal static WrkResult Parse(string report)
    {
        double Latency(string percentile) => Milliseconds(Match($@"^\s*{percentile}%\s+([\d.]+)(us|ms|s)\b", report));
        var socket = SocketErrors().Match(report);
        return new WrkResult(
            double.Parse(Match(@"Requests/sec:\s+([\d.]+)", report).Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(Match(@"(\d+) requests in", report).Groups[1].Value, CultureInfo.InvariantCulture),
            Latency("50"), Latency("99"),
            Milliseconds(Match(@"Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)", report)),
            Regex.Match(report, @"Non-2xx or 3xx responses:\s+(\d+)") is { Success: true } non2xx ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            socket.Success ? socket.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0);
    }

    private static Match Match(string pattern, string text) =>
        Regex.Match(text, pattern, RegexOptions.Multiline) is { Success: true } match
            ? match
            : throw new FormatException($"wrk's report has no match for {pattern}:\n{text}");

    private static double Milliseconds(Match match)
    {
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
