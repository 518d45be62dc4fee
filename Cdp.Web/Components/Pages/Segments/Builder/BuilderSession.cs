using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;

namespace Cdp.Web.Components.Pages.Segments.Builder;

/// <summary>What is being dragged: a field or a new group from the palette, or a node of the tree.</summary>
public sealed record DragItem(string? FieldKey = null, string? NodeId = null, bool NewGroup = false);

/// <summary>
/// The state the builder's components share (cascaded from the page): the tree, the field catalogue, the
/// engine's errors and per-node counts by node id, the drag in progress, and which groups are collapsed.
/// Components edit through it and call <see cref="ChangedAsync"/> so the page validates and re-renders.
/// </summary>
/// <param name="changed">Called after every edit: the page validates, refreshes the preview and re-renders.</param>
/// <param name="pickField">Moves the focus to the palette so the keyboard can choose a field for the active group.</param>
public sealed class BuilderSession(
    BuilderTree tree, IReadOnlyList<FieldDescription> fields, FieldCatalog catalog, Func<Task> changed, Func<Task> pickField)
{
    private readonly Dictionary<string, FieldDescription> _fields = fields.ToDictionary(f => f.Key, StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _collapsed = [];

    public BuilderTree Tree { get; } = tree;
    public IReadOnlyList<FieldDescription> Fields { get; } = fields;
    public FieldCatalog Catalog { get; } = catalog;

    /// <summary>Segments a reference can point to, key → name (the segment being edited excluded).</summary>
    public IReadOnlyDictionary<string, string> SegmentNames { get; set; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; set; } = new Dictionary<string, IReadOnlyList<string>>();
    public IReadOnlyDictionary<string, int> Counts { get; set; } = new Dictionary<string, int>();

    /// <summary>The group that palette picks (click or Enter) add to; the last group the user worked in.</summary>
    public string ActiveGroupId { get; set; } = tree.Root.Id!;

    public DragItem? Dragging { get; private set; }

    /// <summary>A node whose drag handle should get the focus after the next render (it moved in the DOM).</summary>
    public string? FocusRequest { get; set; }

    /// <summary>A condition whose value editor should get the focus after the next render (just added from the keyboard).</summary>
    public string? ValueFocusRequest { get; set; }

    public FieldDescription? Field(string key) => _fields.GetValueOrDefault(key);

    /// <summary>How a condition is named to screen readers and in buttons: its field's label.</summary>
    public string Label(Rule rule) => Field(rule.Field)?.Label ?? rule.Field;

    public bool IsCollapsed(string id) => _collapsed.Contains(id);

    public void ToggleCollapsed(string id)
    {
        if (!_collapsed.Remove(id)) _collapsed.Add(id);
    }

    public void StartDrag(DragItem item) => Dragging = item;

    public void EndDrag() => Dragging = null;

    /// <summary>Whether the drag in progress may drop into the group: a group never goes into itself.</summary>
    public bool CanDropInto(string groupId) => Dragging switch
    {
        { NodeId: { } id } => Tree.CanMoveInto(id, groupId),
        _ => true,
    };

    /// <summary>Drops what is being dragged into the group before the child at <paramref name="index"/>.</summary>
    public async Task DropAsync(string groupId, int index)
    {
        var item = Dragging;
        Dragging = null;
        if (item is { FieldKey: { } key } && Field(key) is { } field)
        {
            Tree.AddRule(groupId, field, index);
            ActiveGroupId = groupId;
        }
        else if (item is { NewGroup: true })
        {
            ActiveGroupId = Tree.AddGroup(groupId, index);
        }
        else if (item is { NodeId: { } id } && !Tree.Move(id, groupId, index))
        {
            return;
        }
        await ChangedAsync();
    }

    /// <summary>Adds a condition on the field to the active group (palette click or Enter).</summary>
    /// <param name="focusValue">Whether the new condition's value gets the focus (added from the keyboard, the next thing to type).</param>
    public async Task AddToActiveGroupAsync(FieldDescription field, bool focusValue = false)
    {
        if (Tree.Find(ActiveGroupId) is not RuleGroup) ActiveGroupId = Tree.Root.Id!;
        var added = Tree.AddRule(ActiveGroupId, field);
        if (focusValue) ValueFocusRequest = added;
        await ChangedAsync();
    }

    /// <summary>Applies a keyboard or button move and keeps the focus on the moved node.</summary>
    public Task EditNodeAsync(string nodeId, Action edit)
    {
        edit();
        FocusRequest = nodeId;
        return ChangedAsync();
    }

    /// <summary>Adds an empty group to the active group and makes it the active one.</summary>
    public async Task AddGroupToActiveGroupAsync()
    {
        if (Tree.Find(ActiveGroupId) is not RuleGroup) ActiveGroupId = Tree.Root.Id!;
        ActiveGroupId = Tree.AddGroup(ActiveGroupId);
        await ChangedAsync();
    }

    public Task ChangedAsync() => changed();

    public Task RequestFieldPickAsync() => pickField();
}
