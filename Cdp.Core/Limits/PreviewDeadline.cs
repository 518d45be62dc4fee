namespace Cdp.Core.Limits;

/// <summary>A segment preview or count ran longer than <c>Cdp:Limits:PreviewSeconds</c> and was stopped; its SQL was interrupted.</summary>
/// <param name="work">What was stopped, for the message: "preview", "count".</param>
public sealed class PreviewTimeoutException(double seconds, string work = "preview")
    : Exception($"The {work} was stopped after {LimitSettings.Seconds(seconds)}; narrow the segment (fewer or simpler conditions, " +
        $"shorter order windows) or raise {LimitSettings.Key(nameof(LimitSettings.PreviewSeconds))}.")
{
    /// <summary>The limit that was hit, in seconds.</summary>
    public double Seconds { get; } = seconds;
}

/// <summary>Runs preview work under the <c>Cdp:Limits:PreviewSeconds</c> time limit.</summary>
public static class PreviewDeadline
{
    /// <summary>
    /// Runs <paramref name="work"/> with a token that is also cancelled after <paramref name="seconds"/>. Work that
    /// honours the token (the engine interrupts SQLite on it) then stops, and the caller gets a message instead.
    /// </summary>
    /// <exception cref="PreviewTimeoutException">The time ran out before the work finished.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <param name="what">What the work is, for the message when it runs out of time.</param>
    public static async Task<T> RunAsync<T>(double seconds, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default,
        string what = "preview")
    {
        ArgumentNullException.ThrowIfNull(work);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(seconds));
        try
        {
            return await work(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new PreviewTimeoutException(seconds, what);
        }
    }
}
