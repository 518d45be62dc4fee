using Cdp.Core.Audit;
using Cdp.Core.Segments;
using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Saved;
using Cdp.Web.Components.Shared;
using Cdp.Web.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.JSInterop;
using Radzen;

namespace Cdp.Web.Components.Pages.Segments.Builder;

public partial class SegmentBuilderPage
{
    [Parameter] public int? Id { get; set; }

    /// <summary>A tree to start from (react-querybuilder JSON), e.g. a link from documentation or a test.</summary>
    [SupplyParameterFromQuery(Name = "rules")] public string? InitialRules { get; set; }

    [Inject] private SegmentEngine Engine { get; set; } = default!;
    [Inject] private SegmentStore Store { get; set; } = default!;
    [Inject] private FieldHints Hints { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private DialogService Dialogs { get; set; } = default!;
    [Inject] private NotificationService Notifications { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private CurrentActor Actor { get; set; } = default!;

    private BuilderSession? _session;
    private FieldPalette? _palette;
    private ElementReference _root;
    private IJSObjectReference? _module;
    private IJSObjectReference? _listeners;
    private DotNetObjectReference<SegmentBuilderPage>? _self;

    private string? _key;
    /// <summary>The stored version this editor started from; a save against an older one is refused.</summary>
    private int _version;
    private string _name = "";
    private string _description = "";
    private (string Name, string Description, string Rules) _saved = ("", "", "");
    private bool _dirty;
    private bool _saving;
    private string? _loadError;
    private string? _saveError;
    private IReadOnlyList<string> _rootErrors = [];
    private RuleGroup? _validSnapshot;
    private int _validatedRevision = -1;
    private bool _focusPalette;

    private string Title => _loadError is not null ? "Segment not found"
        : !string.IsNullOrWhiteSpace(_name) ? _name
        : Id is not null ? "Segment" : "New segment";

    private bool CanSave => !_saving && _dirty && _validSnapshot is not null && _validatedRevision == _session?.Tree.Revision
                            && !string.IsNullOrWhiteSpace(_name);

    private string SaveHint => string.IsNullOrWhiteSpace(_name) ? "Give the segment a name to save it"
        : _validSnapshot is null ? "Fix the highlighted conditions to save"
        : !_dirty ? "No unsaved changes"
        : "Save the segment";

    private string Summary => _session is null ? "" : RuleDescriber.Summarize(_session.Tree.Root, _session.Catalog, _session.SegmentNames);

    protected override async Task OnParametersSetAsync()
    {
        if (_session is not null) return;
        RuleGroup root;
        if (Id is { } id)
        {
            if (await Store.GetAsync(id) is not { } details)
            {
                _loadError = $"There is no segment with id {id}. It may have been deleted.";
                return;
            }
            (_key, _name, _description, root, _version) =
                (details.Summary.Key, details.Summary.Name, details.Summary.Description ?? "", details.Rules, details.Summary.Version);
        }
        else
        {
            root = StartingTree();
        }

        var fields = await Hints.DescribeAsync();
        var types = fields.ToDictionary(f => f.Key, f => f.Type, StringComparer.OrdinalIgnoreCase);
        var tree = new BuilderTree(root) { FieldTypeOf = key => types.TryGetValue(key, out var type) ? type : null };
        _session = new BuilderSession(tree, fields, await Engine.CatalogAsync(), OnTreeChangedAsync, FocusPaletteAsync)
        {
            SegmentNames = (await Store.ListAsync()).Where(s => s.Key != _key).ToDictionary(s => s.Key, s => s.Name),
        };
        _saved = (_name, _description, Id is null ? "" : RuleTreeJson.Serialize(tree.Root));
        await ValidateAsync();
    }

    private RuleGroup StartingTree()
    {
        if (string.IsNullOrWhiteSpace(InitialRules)) return new RuleGroup();
        try
        {
            return RuleTreeJson.Parse(InitialRules);
        }
        catch (RuleTreeException e)
        {
            _saveError = $"The rule tree in the link could not be read ({e.Errors[0]}); starting from an empty segment.";
            return new RuleGroup();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_session is null) return;
        if (_self is null)
        {
            // Set before the first await: renders that land meanwhile must not attach the listeners twice.
            _self = DotNetObjectReference.Create(this);
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/segment-builder.js");
            _listeners = await _module.InvokeAsync<IJSObjectReference>("attach", _root, _self);
        }
        if (_module is null) return;
        if (_focusPalette && _palette is not null)
        {
            _focusPalette = false;
            await _palette.FocusSearchAsync();
        }
        if (_session.ValueFocusRequest is { } added)
        {
            _session.ValueFocusRequest = null;
            await _module.InvokeVoidAsync("focusValue", _root, added);
        }
        if (_session.FocusRequest is { } nodeId)
        {
            _session.FocusRequest = null;
            await _module.InvokeVoidAsync("focusHandle", _root, nodeId);
        }
    }

    [JSInvokable] public Task Undo() => Apply(tree => tree.Undo());

    [JSInvokable] public Task Redo() => Apply(tree => tree.Redo());

    private Task Apply(Action<BuilderTree> action)
    {
        if (_session is null) return Task.CompletedTask;
        action(_session.Tree);
        return InvokeAsync(OnTreeChangedAsync);
    }

    private async Task OnTreeChangedAsync()
    {
        _session!.Counts = new Dictionary<string, int>();
        _saveError = null;
        await ValidateAsync();
        StateHasChanged();
    }

    /// <summary>
    /// Asks the engine for the tree's problems and maps each to its node. Edits can overtake a validation, so a
    /// result only lands if the tree has not changed since it was asked for.
    /// </summary>
    private async Task ValidateAsync()
    {
        var tree = _session!.Tree;
        var revision = tree.Revision;
        var snapshot = tree.Root.Clone();
        var errors = await Engine.ValidateAsync(snapshot, _key);
        if (revision != tree.Revision) return;

        ShowErrors(errors);
        _validSnapshot = errors.Count == 0 ? snapshot : null;
        _validatedRevision = revision;
        UpdateDirty();
    }

    private void ShowErrors(IReadOnlyList<RuleError> errors)
    {
        var ids = _session!.Tree.IdsByPath();
        var byNode = new Dictionary<string, List<string>>();
        var rootErrors = new List<string>();
        foreach (var error in errors)
        {
            // Errors of the whole tree (its size or depth) match no node: the default pair sends them to the root's list.
            var (path, id) = ids.Where(p => p.Key.Length > 0 && (error.Path == p.Key || error.Path.StartsWith(p.Key + ".")))
                .DefaultIfEmpty().MaxBy(p => p.Key?.Length ?? 0);
            if (id is null) rootErrors.Add(error.ToString());
            else (byNode.TryGetValue(id, out var list) ? list : byNode[id] = []).Add(Describe(error, path));
        }
        _session.Errors = byNode.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value);
        _rootErrors = rootErrors;
    }

    /// <summary>The engine's message without the node path the highlight already shows ("value: expected a number").</summary>
    private static string Describe(RuleError error, string nodePath) =>
        error.Path.Length > nodePath.Length ? $"{error.Path[(nodePath.Length + 1)..]}: {error.Message}" : error.Message;

    private void ShowNodeCounts(IReadOnlyDictionary<string, int> counts)
    {
        if (_session is null) return;
        _session.Counts = counts;
    }

    private void SetName(string? name)
    {
        _name = name ?? "";
        UpdateDirty();
    }

    private void SetDescription(string? description)
    {
        _description = description ?? "";
        UpdateDirty();
    }

    private void UpdateDirty() =>
        _dirty = _session is not null && (_name != _saved.Name || _description != _saved.Description
                                          || RuleTreeJson.Serialize(_session.Tree.Root) != _saved.Rules);

    private async Task SaveAsync()
    {
        if (!CanSave || !await Access.EnsureAsync()) return;
        _saving = true;
        _saveError = null;
        try
        {
            var draft = new SegmentDraft(_name, _description, _session!.Tree.Root.Clone());
            var actor = await Actor.GetAsync();
            SegmentSummary? saved;
            try
            {
                saved = Id is { } id ? await Store.UpdateAsync(id, draft, _version, actor) : await Store.CreateAsync(draft, actor);
            }
            catch (ConcurrencyConflictException conflict)
            {
                saved = await ResolveConflictAsync(conflict, draft, actor);
                if (saved is null) return;
            }
            if (saved is null)
            {
                _saveError = "This segment was deleted by someone else; it was not saved. Copy its rules before leaving.";
                return;
            }
            _name = saved.Name;   // a new segment whose name was taken is saved numbered ("… (2)")
            _saved = (_name, _description, RuleTreeJson.Serialize(_session.Tree.Root));
            _dirty = false;
            _version = saved.Version;
            Notifications.Notify(NotificationSeverity.Success, "Segment saved", $"“{saved.Name}”: {Formats.SegmentSize(saved.CachedCount)}");
            if (Id is null) Navigation.NavigateTo($"segments/{saved.Id}", replace: true);
        }
        catch (RuleTreeException e)
        {
            ShowErrors(e.Errors);
            _saveError = "The segment was not saved: " + string.Join("; ", e.Errors);
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>Someone saved this segment since it was opened: reload theirs, overwrite it with this one, or keep editing.</summary>
    /// <returns>The segment saved over theirs, or null when nothing was saved.</returns>
    private async Task<SegmentSummary?> ResolveConflictAsync(ConcurrencyConflictException conflict, SegmentDraft draft, Actor actor)
    {
        switch (await ConflictDialog.AskAsync(Dialogs, conflict))
        {
            case ConflictChoice.Overwrite:
                _version = conflict.CurrentVersion;
                // Another save can land meanwhile; then the dialog asks again about that one.
                try
                {
                    var saved = await Store.UpdateAsync(Id!.Value, draft, _version, actor);
                    if (saved is null) _saveError = "This segment was deleted by someone else; it was not saved. Copy its rules before leaving.";
                    return saved;
                }
                catch (ConcurrencyConflictException again)
                {
                    return await ResolveConflictAsync(again, draft, actor);
                }
            case ConflictChoice.Reload:
                // The whole editor (tree, undo history, preview) starts again from what is stored now.
                _dirty = false;
                Navigation.NavigateTo(Navigation.Uri, forceLoad: true);
                return null;
            default:
                _saveError = $"Not saved: {conflict.ChangedBy ?? "someone"} saved this segment at {Formats.DateTimeUtc(conflict.ChangedAt)}. Save again to choose what to do.";
                return null;
        }
    }

    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        if (!_dirty) return;
        var leave = await Dialogs.Confirm("Your changes to this segment are not saved. Leave and lose them?", "Unsaved changes",
            new ConfirmOptions { OkButtonText = "Leave without saving", CancelButtonText = "Stay" });
        if (leave != true) context.PreventNavigation();
    }

    private Task FocusPaletteAsync()
    {
        _focusPalette = true;
        StateHasChanged();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_listeners is not null) await _listeners.InvokeVoidAsync("dispose");
            if (_module is not null) await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone; its listeners went with it.
        }
        _self?.Dispose();
    }
}
