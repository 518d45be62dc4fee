namespace Cdp.Core.Import.Staging;

/// <summary>
/// Notices whether a column's value repeats within a file, without keeping the values: most files repeat no key,
/// and then the SQL that merges in-file duplicates (an index over the whole stage and a self-join) can be skipped.
/// </summary>
/// <remarks>
/// Keeps a 64-bit hash of each value, case-folded as SQLite's NOCASE folds: about 20 MB per million rows, up to a bound. A hash
/// collision only reports a repeat that is not one, which costs the SQL that would have run anyway.
/// </remarks>
internal sealed class RepeatTracker(bool ignoreCase)
{
    private readonly HashSet<ulong> _seen = [];

    public bool HasRepeats { get; private set; }

    /// <summary>Beyond this many values the tracker stops and answers "repeats", so its memory stays bounded whatever the file size.</summary>
    private const int MaxValues = 2_000_000;

    public void Add(string? value)
    {
        if (value is null || HasRepeats) return;
        if (_seen.Count >= MaxValues || !_seen.Add(Hash(value)))
        {
            HasRepeats = true;
            _seen.Clear();
            _seen.TrimExcess();
        }
    }

    /// <summary>FNV-1a over the UTF-16 code units; string.GetHashCode is only 32 bits, too few for millions of rows.</summary>
    private ulong Hash(string value)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in value)
        {
            hash ^= ignoreCase && c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}
