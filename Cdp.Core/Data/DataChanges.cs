namespace Cdp.Core.Data;

/// <summary>
/// Announces that stored customer data changed (seeding, imports, recomputed metrics), so that caches of
/// figures derived from it know when to recompute. Writers call <see cref="Notify"/> after they commit.
/// </summary>
public sealed class DataChanges
{
    private long _version;

    /// <summary>Increases with every change; equal versions mean nothing changed in between.</summary>
    public long Version => Interlocked.Read(ref _version);

    public event Action? Changed;

    public void Notify()
    {
        Interlocked.Increment(ref _version);
        Changed?.Invoke();
    }
}
