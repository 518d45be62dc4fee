using Cdp.Core.Limits;
using Cdp.Core.Segments;
using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Sets;
using Microsoft.AspNetCore.Components;

namespace Cdp.Web.Components.Pages.Segments.Preview;

/// <summary>
/// The builder's live preview: after each edit (a new <see cref="Revision"/>) and a short pause, the count and
/// each node's count first (from the conditions' kept customer sets, see <see cref="SegmentSetCounter"/>), then the
/// breakdowns and sample customers. Each refresh cancels the one
/// before (interrupting its SQL), and nothing of an old revision is ever shown: the previous figures stay on
/// screen, marked busy, until the new ones land.
/// </summary>
public sealed partial class SegmentPreviewPanel : ComponentBase, IDisposable
{
    /// <summary>Edits closer together than this make one refresh.</summary>
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(150);

    public const int SampleSize = 10;

    private static readonly IReadOnlyDictionary<string, int> NoCounts = new Dictionary<string, int>();

    [Inject] private SegmentEngine Engine { get; set; } = default!;
    [Inject] private SegmentSetCounter Counter { get; set; } = default!;
    [Inject] private BasePreview BasePreview { get; set; } = default!;
    [Inject] private ILogger<SegmentPreviewPanel> Logger { get; set; } = default!;

    /// <summary>A snapshot of the tree, never changed after it is passed; null while the tree has errors.</summary>
    [Parameter] public RuleGroup? Rules { get; set; }

    /// <summary>
    /// Increases with every edit; the panel refreshes when it changes (or when a new <see cref="Rules"/> snapshot
    /// arrives for it), never on other renders. Best passed as the revision the snapshot was validated at.
    /// </summary>
    [Parameter, EditorRequired] public required int Revision { get; set; }

    /// <summary>The saved segment's key, so that a reference back to it is reported as a cycle; null for a new one.</summary>
    [Parameter] public string? OwnKey { get; set; }

    /// <summary>Each node's count by node id once known; an empty dictionary while they are recomputed.</summary>
    [Parameter] public EventCallback<IReadOnlyDictionary<string, int>> OnNodeCounts { get; set; }

    private int? _seenRevision;
    private RuleGroup? _seenRules;
    private CancellationTokenSource? _refresh;

    // What is on screen. Each part keeps the revision it belongs to; none is replaced by an older one.
    private int? _count;
    private int _countRevision;
    private long? _change;
    private int? _total;
    private bool _everyone;
    private SegmentPreview? _preview;
    private IReadOnlyList<SampleCustomer>? _samples;
    private SegmentPreview? _base;
    private bool _compare;
    private bool _busy;
    private bool _invalid;
    private string? _error;

    protected override void OnParametersSet()
    {
        // Prerendered HTML is replaced as soon as the circuit starts, which computes the preview anyway.
        if (!RendererInfo.IsInteractive)
        {
            _busy = Rules is not null;
            return;
        }
        // A new snapshot for the same revision (the builder validates after the edit) supersedes the one before.
        if (Revision == _seenRevision && ReferenceEquals(Rules, _seenRules)) return;
        (_seenRevision, _seenRules) = (Revision, Rules);
        Cancel();
        if (Rules is null)
        {
            // Keep the last result, visibly stale, until the tree is valid again.
            _invalid = true;
            _busy = false;
            _ = ClearNodeCountsAsync();
            return;
        }
        _refresh = new CancellationTokenSource();
        _busy = true;
        _ = RefreshAsync(Rules, Revision, OwnKey, _refresh.Token);
    }

    private async Task RefreshAsync(RuleGroup rules, int revision, string? ownKey, CancellationToken cancellationToken)
    {
        try
        {
            await ClearNodeCountsAsync();
            await Task.Delay(Debounce, cancellationToken);
            // One time limit (Cdp:Limits:PreviewSeconds) for the whole refresh; its SQL is interrupted when it runs out.
            await PreviewDeadline.RunAsync(Engine.Limits.PreviewSeconds,
                token => ComputeAsync(rules, revision, ownKey, token, cancellationToken), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A newer revision took over; it shows its own results.
        }
        catch (PreviewTimeoutException e)
        {
            if (IsCurrent(revision, cancellationToken)) _error = e.Message;
        }
        catch (RuleTreeException e)
        {
            if (IsCurrent(revision, cancellationToken)) _error = "This tree cannot be previewed: " + string.Join(" ", e.Errors.Select(x => x.Message));
        }
        catch (Exception e)
        {
            // The circuit must survive whatever the database says; the log has the details.
            Logger.LogError(e, "Segment preview failed for revision {Revision}", revision);
            if (IsCurrent(revision, cancellationToken)) _error = "The preview could not be computed. Try again after your next edit.";
        }
        finally
        {
            if (IsCurrent(revision, cancellationToken))
            {
                _busy = false;
                StateHasChanged();
            }
        }
    }

    /// <param name="token">Cancelled by a newer revision or by the time limit.</param>
    /// <param name="revisionToken">Cancelled by a newer revision only: what decides whether results may still be shown.</param>
    private async Task<bool> ComputeAsync(RuleGroup rules, int revision, string? ownKey, CancellationToken token, CancellationToken revisionToken)
    {
        var everyone = rules is { Not: false, Rules.Count: 0 };

        // SQLite's "async" calls run synchronously: Task.Run keeps the circuit responsive meanwhile.
        var counts = await Task.Run(() => Counter.CountAsync(rules, ownKey, token), token);
        if (!IsCurrent(revision, revisionToken)) return false;
        var count = counts.Count;
        _change = _count is { } shown ? count - shown : null;
        (_count, _total, _countRevision, _everyone, _invalid, _error) = (count, counts.Total, revision, everyone, false, null);
        StateHasChanged();
        await OnNodeCounts.InvokeAsync(counts.Nodes.Where(n => n.Id is not null).ToDictionary(n => n.Id!, n => n.Count));

        var preview = await Task.Run(() => everyone
            ? BasePreview.GetAsync(token)
            : Engine.PreviewAsync(rules, new PreviewOptions(OwnKey: ownKey), token), token);
        var samples = await Task.Run(() => Counter.SampleAsync(rules, SampleSize, ownKey, token), token);
        if (!IsCurrent(revision, revisionToken)) return false;
        (_preview, _samples, _total) = (preview, samples, preview.Total);
        StateHasChanged();
        // Cheap once computed: the service keeps it per data version and day; this picks up a newer one.
        if (_compare) _base = await Task.Run(() => BasePreview.GetAsync(token), token);
        return true;
    }

    private Task ClearNodeCountsAsync() => OnNodeCounts.InvokeAsync(NoCounts);

    // The token alone decides: every new revision or snapshot cancels the refresh before it.
    private bool IsCurrent(int revision, CancellationToken cancellationToken) =>
        revision == _seenRevision && !cancellationToken.IsCancellationRequested;

    private async Task ToggleCompareAsync(ChangeEventArgs e)
    {
        _compare = e.Value is true;
        if (!_compare || _base is not null) return;
        try
        {
            _base = await Task.Run(() => BasePreview.GetAsync());
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "The whole-base preview failed");
            _compare = false;
            _error = "The comparison with all customers could not be computed.";
        }
    }

    private void Cancel()
    {
        _refresh?.Cancel();
        _refresh?.Dispose();
        _refresh = null;
    }

    public void Dispose() => Cancel();
}
