using Cdp.Core.Personalization.Experiences;
using Cdp.Core.Segments.Saved;
using Microsoft.AspNetCore.Components;
using Radzen;

namespace Cdp.Web.Components.Pages.Personalization;

/// <summary>The experiences: their variants and the segments they target, and create, duplicate and delete.</summary>
public partial class PersonalizationPage
{
    [Inject] private ExperienceStore Store { get; set; } = null!;
    [Inject] private Cdp.Web.Hosting.CurrentActor Actor { get; set; } = null!;
    [Inject] private SegmentStore Segments { get; set; } = null!;
    [Inject] private DialogService Dialogs { get; set; } = null!;
    [Inject] private NotificationService Notifications { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;

    private IReadOnlyList<ExperienceDetails>? experiences;
    private IReadOnlyDictionary<string, string> segmentNames = new Dictionary<string, string>();
    private readonly HashSet<int> busy = [];
    private IReadOnlyList<string> errors = [];
    private int? highlighted;

    protected override Task OnInitializedAsync() => ReloadAsync();

    private async Task ReloadAsync(int? highlight = null)
    {
        segmentNames = (await Segments.ListAsync()).ToDictionary(s => s.Key, s => s.Name, StringComparer.OrdinalIgnoreCase);
        experiences = await Store.ListAsync();
        highlighted = highlight;
    }

    private async Task OnDemoAddedAsync(IReadOnlyList<ExperienceDetails> added)
    {
        errors = [];
        await ReloadAsync();
        Notify(NotificationSeverity.Success, "Demo experiences added", $"{added.Count} examples on the demo segments.");
    }

    private async Task DuplicateAsync(ExperienceDetails experience)
    {
        await RunAsync(experience, async () =>
        {
            try
            {
                var copy = await Store.DuplicateAsync(experience.Id, await Actor.GetAsync());
                await ReloadAsync(copy?.Id);
            }
            catch (ExperienceValidationException e)
            {
                // A segment it targets was deleted since: the copy would not be valid either.
                errors = [$"\"{experience.Name}\" was not duplicated:", .. e.Errors.Select(error => error.ToString())];
            }
        });
    }

    private Task ExportAsync(ExperienceDetails experience) =>
        Dialogs.OpenAsync<List.ExportRenderedDialog>($"Export rendered e-mails: {experience.Name}",
            new Dictionary<string, object?> { [nameof(List.ExportRenderedDialog.Experience)] = experience,
                [nameof(List.ExportRenderedDialog.SegmentNames)] = segmentNames },
            new DialogOptions { Width = "560px", CloseDialogOnEsc = true });

    private async Task DeleteAsync(ExperienceDetails experience)
    {
        var live = experience.Status == ExperienceStatus.Live ? " It is live: the API and exports stop serving it at once." : "";
        var confirmed = await Dialogs.Confirm($"Delete \"{experience.Name}\" and its {experience.Variants.Count} variants?{live}",
            "Delete experience", new ConfirmOptions { OkButtonText = "Delete", CancelButtonText = "Keep it", CloseDialogOnEsc = true });
        if (confirmed != true) return;
        await RunAsync(experience, async () =>
        {
            await Store.DeleteAsync(experience.Id, await Actor.GetAsync());
            Notify(NotificationSeverity.Info, "Experience deleted", $"\"{experience.Name}\" was deleted.");
            await ReloadAsync();
        });
    }

    private async Task RunAsync(ExperienceDetails experience, Func<Task> action)
    {
        errors = [];
        busy.Add(experience.Id);
        try
        {
            await action();
        }
        finally
        {
            busy.Remove(experience.Id);
        }
    }

    private void Notify(NotificationSeverity severity, string summary, string detail) =>
        Notifications.Notify(new NotificationMessage { Severity = severity, Summary = summary, Detail = detail, Duration = 5000 });
}
