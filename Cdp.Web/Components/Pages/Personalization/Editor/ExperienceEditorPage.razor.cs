using Cdp.Core.Audit;
using Cdp.Core.Personalization.Experiences;
using Cdp.Core.Segments.Saved;
using Cdp.Web.Components.Shared;
using Cdp.Web.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.JSInterop;
using Radzen;

namespace Cdp.Web.Components.Pages.Personalization.Editor;

/// <summary>Creates or edits an experience: its settings, its variants in priority order, and each variant's content.</summary>
public partial class ExperienceEditorPage
{
    [Parameter] public int? Id { get; set; }

    /// <summary>What a new experience personalises: <c>email</c> (the default) or <c>homepage</c>.</summary>
    [SupplyParameterFromQuery(Name = "kind")] public string? NewKind { get; set; }

    [Inject] private ExperienceStore Store { get; set; } = default!;
    [Inject] private SegmentStore Segments { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private DialogService Dialogs { get; set; } = default!;
    [Inject] private NotificationService Notifications { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private CurrentActor Actor { get; set; } = default!;

    private ExperienceEdit? edit;
    private EditedVariant? selected;
    private IReadOnlyList<SegmentSummary> segments = [];
    private string? savedKey;
    /// <summary>The stored version this editor started from; a save against an older one is refused.</summary>
    private int version;
    private string savedFingerprint = "";
    private bool dirty;
    private bool saving;
    private string? loadError;
    private string? saveError;

    private ElementReference root;
    private IJSObjectReference? module;
    private IJSObjectReference? listeners;
    private bool attached;

    private bool CanSave => !saving && (dirty || Id is null);

    private string KeyShown => savedKey ?? edit?.Key ?? "";

    private string Title => loadError is not null ? "Experience not found"
        : !string.IsNullOrWhiteSpace(edit?.Name) ? edit.Name
        : Id is not null ? "Experience"
        : edit?.Kind == ExperienceKind.Homepage ? "New homepage experience" : "New e-mail experience";

    protected override async Task OnParametersSetAsync()
    {
        // After the first save the page moves to its id; the edit in hand is already what was saved.
        if (edit is not null) return;
        segments = await Segments.ListAsync();
        if (Id is { } id)
        {
            if (await Store.GetAsync(id) is not { } details)
            {
                loadError = $"There is no experience with id {id}. It may have been deleted.";
                return;
            }
            Load(details);
        }
        else
        {
            edit = ExperienceEdit.New(string.Equals(NewKind, "homepage", StringComparison.OrdinalIgnoreCase) ? ExperienceKind.Homepage : ExperienceKind.Email);
            selected = edit.Default;
            savedFingerprint = edit.Fingerprint();
        }
    }

    private void Load(ExperienceDetails details)
    {
        var index = selected is null || edit is null ? 0 : Math.Max(0, edit.Variants.IndexOf(selected));
        edit = ExperienceEdit.From(details);
        selected = edit.Variants[Math.Min(index, edit.Variants.Count - 1)];
        savedKey = details.Key;
        version = details.Version;
        savedFingerprint = edit.Fingerprint();
        dirty = false;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (edit is null || attached) return;
        // Set before the first await: renders that land meanwhile must not attach the listeners twice.
        attached = true;
        module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/experience-editor.js");
        listeners = await module.InvokeAsync<IJSObjectReference>("attach", root);
    }

    private EditedVariant NewVariant(SegmentSummary segment)
    {
        // A new variant starts as a copy of the default's content, so the marketer edits rather than starts over.
        var variant = EditedVariant.From(edit!.Default.ToDefinition(edit.Kind) with { Name = segment.Name, SegmentKey = segment.Key });
        return variant;
    }

    private void Change(Action set)
    {
        set();
        UpdateDirty();
    }

    private void OnVariantsChanged() => UpdateDirty();

    private void OnContentChanged() => UpdateDirty();

    private void UpdateDirty() => dirty = edit is not null && edit.Fingerprint() != savedFingerprint;

    private async Task<bool> InsertOrRestoreAsync(string text) =>
        listeners is not null && await listeners.InvokeAsync<bool>("insertOrRestore", text);

    private async Task SaveAsync()
    {
        if (!CanSave || edit is null || !await Access.EnsureAsync()) return;
        saving = true;
        saveError = null;
        try
        {
            var draft = edit.ToDraft();
            var actor = await Actor.GetAsync();
            ExperienceDetails? saved;
            try
            {
                saved = Id is { } id ? await Store.UpdateAsync(id, draft, version, actor) : await Store.CreateAsync(draft, actor);
            }
            catch (ConcurrencyConflictException conflict)
            {
                saved = await ResolveConflictAsync(conflict, draft, actor);
                if (saved is null) return;
            }
            if (saved is null)
            {
                saveError = "This experience was deleted by someone else; it was not saved.";
                return;
            }
            Load(saved);
            Notifications.Notify(NotificationSeverity.Success, "Experience saved", $"“{saved.Name}”, version {saved.Version}.");
            if (Id is null) Navigation.NavigateTo($"personalization/{saved.Id}", replace: true);
        }
        catch (ExperienceValidationException e)
        {
            edit.ShowErrors(e.Errors);
            saveError = e.Errors.Count == 1 ? "Not saved: one problem to fix, shown beside its field." : $"Not saved: {e.Errors.Count} problems to fix, shown beside their fields.";
            // Show a variant with problems when the one on screen has none.
            if (selected is null || !selected.HasErrors) selected = edit.Variants.FirstOrDefault(v => v.HasErrors) ?? selected;
        }
        finally
        {
            saving = false;
        }
    }

    /// <summary>Someone saved this experience since it was opened: reload theirs, overwrite it with this one, or keep editing.</summary>
    /// <returns>This experience saved over theirs, or null when nothing was saved (theirs is reloaded, or the editor kept as it is).</returns>
    private async Task<ExperienceDetails?> ResolveConflictAsync(ConcurrencyConflictException conflict, ExperienceDraft draft, Actor actor)
    {
        switch (await ConflictDialog.AskAsync(Dialogs, conflict))
        {
            case ConflictChoice.Overwrite:
                try
                {
                    // Another save can land meanwhile; then the dialog asks again about that one.
                    var saved = await Store.UpdateAsync(Id!.Value, draft, conflict.CurrentVersion, actor);
                    if (saved is null) saveError = "This experience was deleted by someone else; it was not saved.";
                    return saved;
                }
                catch (ConcurrencyConflictException again)
                {
                    return await ResolveConflictAsync(again, draft, actor);
                }
            case ConflictChoice.Reload:
                if (await Store.GetAsync(Id!.Value) is { } current) Load(current);
                else saveError = "This experience was deleted by someone else.";
                return null;
            default:
                saveError = $"Not saved: {conflict.ChangedBy ?? "someone"} saved this experience at {Formats.DateTimeUtc(conflict.ChangedAt)}. Save again to choose what to do.";
                return null;
        }
    }

    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        if (!dirty) return;
        var leave = await Dialogs.Confirm("Your changes to this experience are not saved. Leave and lose them?", "Unsaved changes",
            new ConfirmOptions { OkButtonText = "Leave without saving", CancelButtonText = "Stay" });
        if (leave != true) context.PreventNavigation();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (listeners is not null) await listeners.InvokeVoidAsync("dispose");
            if (module is not null) await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone; its listeners went with it.
        }
        GC.SuppressFinalize(this);
    }
}
