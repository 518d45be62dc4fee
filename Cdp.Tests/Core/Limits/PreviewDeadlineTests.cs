using Cdp.Core.Limits;

namespace Cdp.Tests.Core.Limits;

public class PreviewDeadlineTests
{
    [Fact]
    public async Task Run_WorkOutlastsTheLimit_StopsItWithAMessageNamingTheLimit()
    {
        var stopped = false;

        var e = await Assert.ThrowsAsync<PreviewTimeoutException>(() => PreviewDeadline.RunAsync<int>(0.05, async token =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, token);   // only the time limit ends it
                return 1;
            }
            finally
            {
                stopped = token.IsCancellationRequested;
            }
        }, TestContext.Current.CancellationToken));

        Assert.True(stopped);
        Assert.Equal(0.05, e.Seconds);
        Assert.StartsWith("The preview was stopped after 0.05 s; ", e.Message);
        Assert.Contains("Cdp:Limits:PreviewSeconds", e.Message);
    }

    [Fact]
    public async Task Run_CallerCancels_IsCancellationNotATimeout()
    {
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var running = PreviewDeadline.RunAsync<int>(3600, async token =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return 1;
        }, caller.Token);

        await caller.CancelAsync();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.IsNotType<PreviewTimeoutException>(e);
    }

    [Fact]
    public async Task Run_WorkWithinTheLimit_ReturnsItsResult()
    {
        Assert.Equal(7, await PreviewDeadline.RunAsync(3600, _ => Task.FromResult(7), TestContext.Current.CancellationToken));
    }
}
