using Cdp.Core.Data;
using Cdp.Core.Segments.Rules;

namespace Cdp.Core.Segments;

/// <summary>
/// The preview of all customers, for comparing a segment with the whole base. It costs a full preview of
/// everyone (about 2 s at a million customers), so it is computed once per data version and UTC day (relative
/// breakdowns such as age and lifecycle move with the day) and shared by every caller.
/// </summary>
public sealed class BasePreview(SegmentEngine engine, DataChanges changes, TimeProvider clock)
{
    private sealed record Entry(long Version, DateOnly Day, Task<SegmentPreview> Preview);

    private readonly Lock _lock = new();
    private Entry? _entry;

    /// <summary>
    /// The base's preview, computed when the data or the day changed since the last one. Cancelling stops the
    /// wait, not the computation, which other callers share.
    /// </summary>
    public Task<SegmentPreview> GetAsync(CancellationToken cancellationToken = default)
    {
        // The version is read before computing: data that changes meanwhile makes the next call compute again.
        var version = changes.Version;
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Entry entry;
        lock (_lock)
        {
            if (_entry is not { } cached || cached.Version != version || cached.Day != day || cached.Preview.IsFaulted || cached.Preview.IsCanceled)
                _entry = cached = new Entry(version, day, Task.Run(() => engine.PreviewAsync(new RuleGroup()), CancellationToken.None));
            entry = cached;
        }
        return entry.Preview.WaitAsync(cancellationToken);
    }
}
