using Cdp.Core.Limits;
using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Saved;
using Cdp.Web.Access;
using Cdp.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Radzen;

namespace Cdp.Web.Components.Pages.Segments;

/// <summary>The saved segments: sizes, exports, and create, duplicate, import, recount and delete.</summary>
public partial class SegmentsPage
{
    [Inject] private SegmentStore Store { get; set; } = null!;
    [Inject] private Cdp.Web.Hosting.CurrentActor Actor { get; set; } = null!;
    [Inject] private DialogService Dialogs { get; set; } = null!;
    [Inject] private NotificationService Notifications { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private WriteAccess Access { get; set; } = null!;
    [CascadingParameter] private UserRights Rights { get; set; } = UserRights.ReadOnly;

    private IReadOnlyList<SegmentSummary>? segments;
    private readonly HashSet<int> busy = [];
    private IReadOnlyList<string> errors = [];
    private int? highlighted;
    private bool recountingAll;

    protected override async Task OnInitializedAsync() => segments = await Store.ListAsync();

    private async Task ReloadAsync(int? highlight = null)
    {
        segments = await Store.ListAsync();
        highlighted = highlight;
    }

    private async Task OnImportedAsync(SegmentSummary created)
    {
        errors = [];
        await ReloadAsync(created.Id);
        Notify(NotificationSeverity.Success, "Segment imported", $"\"{created.Name}\": {Formats.SegmentSize(created.CachedCount)}");
    }

    private void OnImportFailed(IReadOnlyList<string> problems) => errors = ["The file was not imported.", .. problems];

    private async Task OnDemoAddedAsync(IReadOnlyList<SegmentSummary> added)
    {
        await ReloadAsync();
        Notify(NotificationSeverity.Success, "Demo segments added", $"{Formats.Count(added.Count, "example")}, counted on today's data.");
    }

    private async Task DuplicateAsync(SegmentSummary segment)
    {
        await RunAsync(segment, async () =>
        {
            if (await Store.DuplicateAsync(segment.Id, await Actor.GetAsync()) is { } copy) await ReloadAsync(copy.Id);
            else await ReloadAsync();
        });
    }

    private async Task DeleteAsync(SegmentSummary segment)
    {
        // Said before asking: confirming a delete that is then refused wastes the marketer's decision.
        if (await Store.InUseAsync(segment.Id) is { } inUse)
        {
            errors = [$"Not deleted: {inUse}"];
            return;
        }
        var confirmed = await Dialogs.Confirm(
            $"Delete \"{segment.Name}\"? Its rules are lost; the customers themselves are not touched.", "Delete segment",
            new ConfirmOptions { OkButtonText = "Delete", CancelButtonText = "Keep it", CloseDialogOnEsc = true });
        if (confirmed != true) return;
        await RunAsync(segment, async () =>
        {
            try
            {
                await Store.DeleteAsync(segment.Id, await Actor.GetAsync());
                Notify(NotificationSeverity.Info, "Segment deleted", $"\"{segment.Name}\" was deleted.");
            }
            catch (InvalidOperationException e)
            {
                // Refused because other segments use it; the message names them.
                errors = [$"Not deleted: {e.Message}"];
            }
            await ReloadAsync();
        });
    }

    private Task RecountAsync(SegmentSummary segment) => RunAsync(segment, async () => await RecountOneAsync(segment));

    private async Task RecountAllAsync()
    {
        if (!await Access.EnsureAsync()) return;
        recountingAll = true;
        try
        {
            foreach (var segment in segments ?? [])
            {
                busy.Add(segment.Id);
                StateHasChanged();
                try
                {
                    await RecountOneAsync(segment);
                }
                finally
                {
                    busy.Remove(segment.Id);
                }
            }
        }
        finally
        {
            recountingAll = false;
        }
    }

    /// <summary>Replaces the row with its fresh count; a segment whose rules no longer compile says why.</summary>
    private async Task RecountOneAsync(SegmentSummary segment)
    {
        try
        {
            var fresh = await Store.RecountAsync(segment.Id);
            segments = fresh is null
                ? segments?.Where(s => s.Id != segment.Id).ToList()
                : segments?.Select(s => s.Id == fresh.Id ? fresh : s).ToList();
        }
        catch (Exception e) when (e is RuleTreeException or PreviewTimeoutException)
        {
            errors = [.. errors, $"\"{segment.Name}\" could not be counted: {e.Message}"];
        }
    }

    /// <summary>Runs an action on one row, with its buttons busy meanwhile.</summary>
    private async Task RunAsync(SegmentSummary segment, Func<Task> action)
    {
        if (!await Access.EnsureAsync()) return;
        errors = [];
        busy.Add(segment.Id);
        try
        {
            await action();
        }
        finally
        {
            busy.Remove(segment.Id);
        }
    }

    private void Notify(NotificationSeverity severity, string summary, string detail) =>
        Notifications.Notify(new NotificationMessage { Severity = severity, Summary = summary, Detail = detail, Duration = 5000 });
}
