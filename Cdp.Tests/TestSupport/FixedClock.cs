namespace Cdp.Tests.TestSupport;

/// <summary>A clock that stands still at a chosen instant, so date rules give the same answer every run.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Default = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public FixedClock() : this(Default) { }

    public DateTimeOffset Now { get; set; } = now;

    public DateTime UtcNow => Now.UtcDateTime;

    public override DateTimeOffset GetUtcNow() => Now;
}
