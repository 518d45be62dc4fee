using System.Globalization;

namespace Cdp.Bench.Suites;

/// <summary>
/// Gives the server under test a larger share of the CPU than the browsers that load it, through two cgroup (v1)
/// CPU groups. The soak's 30 browser sessions stand for 30 people on their own computers, yet here they share two
/// cores with the server; left level, the server's threads wait their turn behind about a hundred browser threads
/// (some of which Chromium raises to nice -8 itself), and the run measures the scheduler rather than the server.
/// A group covers every thread of its processes and every process they start later, which per-thread nice values
/// cannot. Needs a writable /sys/fs/cgroup/cpu (root); without it the run goes on with a note saying so. The two
/// groups stay behind, empty once the run's processes end, and the next run uses them again.
/// </summary>
internal sealed class CpuShares
{
    private const string Root = "/sys/fs/cgroup/cpu";
    private static readonly string ServerGroup = Path.Combine(Root, "cdp-soak-server");
    private static readonly string BrowserGroup = Path.Combine(Root, "cdp-soak-browsers");

    private CpuShares(string description) => Description = description;

    /// <summary>What was arranged, for the bench's output.</summary>
    public string Description { get; }

    /// <summary>
    /// The server's group gets twice the weight of all the browsers together: when both want the CPU the server gets
    /// two thirds, and whatever it leaves idle goes to the browsers. Call before the browser opens its first page,
    /// so that the page processes start inside the browsers' group.
    /// </summary>
    /// <param name="browserCommand">Text in the command line of the browser's processes, all started by this run.</param>
    public static CpuShares Arrange(int serverProcessId, string browserCommand)
    {
        try
        {
            Move(ServerGroup, 2048, [serverProcessId]);
            Move(BrowserGroup, 1024, ProcessesStartedByThisRun(browserCommand));
            return new CpuShares("server 2:1 over the browsers (cgroup cpu.shares)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new CpuShares("level with the browsers: " + e.Message);
        }
    }

    private static void Move(string group, int shares, IEnumerable<int> processIds)
    {
        Directory.CreateDirectory(group);
        File.WriteAllText(Path.Combine(group, "cpu.shares"), shares.ToString(CultureInfo.InvariantCulture));
        foreach (var id in processIds)
            File.WriteAllText(Path.Combine(group, "cgroup.procs"), id.ToString(CultureInfo.InvariantCulture));
    }

    private static List<int> ProcessesStartedByThisRun(string command)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(directory), out var id) && StartedByThisRun(id)
                    && File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(command, StringComparison.Ordinal))
                    found.Add(id);
            }
            catch (IOException) { }   // ended meanwhile
        }
        return found;
    }

    private static bool StartedByThisRun(int processId)
    {
        for (var id = processId; id > 1; id = ParentOf(id))
            if (id == Environment.ProcessId) return true;
        return false;
    }

    /// <summary>The fourth field of /proc/&lt;id&gt;/stat, after the command name in parentheses (which may hold spaces).</summary>
    private static int ParentOf(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
    }
}
