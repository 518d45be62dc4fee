using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;

namespace Cdp.Web.Components.Pages.Segments.Builder;

/// <summary>
/// The rule tree being edited, with every edit the builder offers (mouse and keyboard share these) and undo/redo.
/// History keeps whole-tree snapshots as JSON: trees are at most 200 nodes, so this stays small and can never
/// drift from the tree the way inverse operations can.
/// </summary>
public sealed class BuilderTree
{
    private const int MaxHistory = 200;
    private readonly LinkedList<string> _undo = new();
    private readonly Stack<string> _redo = new();

    public BuilderTree(RuleGroup root)
    {
        Root = root;
        AssignIds(Root);
    }

    public RuleGroup Root { get; private set; }

    /// <summary>Increments on every change, undo and redo included; the preview refreshes on it.</summary>
    public int Revision { get; private set; }

    /// <summary>Looks up a field's type by key, so a field change knows whether the value still fits.</summary>
    public Func<string, SegmentFieldType?>? FieldTypeOf { get; init; }

    public bool CanUndo => _undo.Count > 0;
    public bool CanRedo => _redo.Count > 0;

    public string AddRule(string groupId, FieldDescription field, int? index = null)
    {
        var rule = NewRule(field);
        Edit(() => Insert(GroupOf(groupId), rule, index));
        return rule.Id!;
    }

    public string AddGroup(string groupId, int? index = null)
    {
        var group = new RuleGroup { Id = NextId() };
        Edit(() => Insert(GroupOf(groupId), group, index));
        return group.Id!;
    }

    public void Remove(string id)
    {
        var (_, parent, index) = Locate(id);
        if (parent is null) return;
        Edit(() => parent.Rules.RemoveAt(index));
    }

    /// <summary>Whether <paramref name="id"/> may go into the group <paramref name="groupId"/>: never into itself or its own descendants.</summary>
    public bool CanMoveInto(string id, string groupId) =>
        Find(id) is { } node && node != Root && (node is not RuleGroup group || FindIn(group, groupId) is null);

    /// <summary>Moves a node into a group before the child at <paramref name="index"/> (the end when null).</summary>
    /// <returns>False when the move is not allowed or changes nothing.</returns>
    public bool Move(string id, string groupId, int? index = null)
    {
        if (!CanMoveInto(id, groupId)) return false;
        var (node, parent, from) = Locate(id);
        var target = GroupOf(groupId);
        var to = Math.Clamp(index ?? target.Rules.Count, 0, target.Rules.Count);
        if (target == parent && (to == from || to == from + 1)) return false;
        Edit(() =>
        {
            parent!.Rules.RemoveAt(from);
            if (target == parent && to > from) to--;
            target.Rules.Insert(to, node!);
        });
        return true;
    }

    public bool CanMoveBy(string id, int delta) =>
        Locate(id) is (not null, { } parent, var index) && index + delta >= 0 && index + delta < parent.Rules.Count;

    /// <summary>Moves a node up (-1) or down (+1) among its siblings.</summary>
    public void MoveBy(string id, int delta)
    {
        if (!CanMoveBy(id, delta)) return;
        var (node, parent, index) = Locate(id);
        Edit(() =>
        {
            parent!.Rules.RemoveAt(index);
            parent.Rules.Insert(index + delta, node!);
        });
    }

    /// <summary>The group the node would join on indent: its previous sibling, when that is a group.</summary>
    public RuleGroup? IndentTarget(string id) =>
        Locate(id) is (not null, { } parent, > 0 and var index) ? parent.Rules[index - 1] as RuleGroup : null;

    /// <summary>Moves a node to the end of the group just above it.</summary>
    public void Indent(string id)
    {
        if (IndentTarget(id) is { } group) Move(id, group.Id!);
    }

    public bool CanOutdent(string id) => Locate(id) is (not null, { } parent, _) && parent != Root;

    /// <summary>Moves a node out of its group, to just after that group.</summary>
    public void Outdent(string id)
    {
        if (!CanOutdent(id)) return;
        var (_, parent, _) = Locate(id);
        var (_, grandparent, parentIndex) = Locate(parent!.Id!);
        Move(id, grandparent!.Id!, parentIndex + 1);
    }

    public void SetCombinator(string groupId, string combinator)
    {
        var group = GroupOf(groupId);
        if (group.Combinator != combinator) Edit(() => group.Combinator = combinator);
    }

    public void ToggleNot(string groupId)
    {
        var group = GroupOf(groupId);
        Edit(() => group.Not = !group.Not);
    }

    /// <summary>Changes a condition (field, operator, value or window) as one undoable step.</summary>
    public void UpdateRule(string id, Action<Rule> change)
    {
        if (Find(id) is Rule rule) Edit(() => change(rule));
    }

    /// <summary>Points a condition at another field, keeping its operator and value where they still make sense.</summary>
    public void ChangeField(string id, FieldDescription field) => UpdateRule(id, rule =>
    {
        var sameType = FieldTypeOf?.Invoke(rule.Field) == field.Type;
        rule.Field = field.Key;
        if (!field.Operators.Contains(rule.Operator)) rule.Operator = DefaultOperator(field);
        if (!sameType) rule.Value = NewRule(field).Value;
        if (!field.Windowable) rule.Window = null;
    });

    /// <summary>Changes a condition's operator; the value goes when its shape (list, range, days, single) changes.</summary>
    public void ChangeOperator(string id, string op) => UpdateRule(id, rule =>
    {
        if (ValueShape(rule.Operator) != ValueShape(op)) rule.Value = null;
        rule.Operator = op;
    });

    private static int ValueShape(string op) =>
        Operators.TakesNoValue(op) ? 0 : OperatorLabels.TakesList(op) ? 1 : OperatorLabels.TakesRange(op) ? 2 : OperatorLabels.TakesDays(op) ? 3 : 4;

    public void Undo() => Restore(Pop(_undo), _redo.Push);

    public void Redo() => Restore(_redo.Count > 0 ? _redo.Pop() : null, PushUndo);

    public RuleNode? Find(string id) => FindIn(Root, id);

    /// <summary>Node ids by the node's path as the engine names it in errors: "" for the root, else e.g. <c>rules[1].rules[0]</c>.</summary>
    public IReadOnlyDictionary<string, string> IdsByPath()
    {
        var paths = new Dictionary<string, string>();
        Walk(Root, "", paths);
        return paths;

        static void Walk(RuleNode node, string path, Dictionary<string, string> paths)
        {
            paths[path] = node.Id!;
            if (node is not RuleGroup group) return;
            for (var i = 0; i < group.Rules.Count; i++)
                Walk(group.Rules[i], path.Length == 0 ? $"rules[{i}]" : $"{path}.rules[{i}]", paths);
        }
    }

    private void Edit(Action change)
    {
        PushUndo(RuleTreeJson.Serialize(Root));
        _redo.Clear();
        change();
        Revision++;
    }

    private void Restore(string? json, Action<string> keepCurrent)
    {
        if (json is null) return;
        keepCurrent(RuleTreeJson.Serialize(Root));
        Root = RuleTreeJson.Parse(json);
        Revision++;
    }

    private void PushUndo(string json)
    {
        _undo.AddLast(json);
        if (_undo.Count > MaxHistory) _undo.RemoveFirst();
    }

    private static string? Pop(LinkedList<string> list)
    {
        if (list.Last is not { } last) return null;
        list.RemoveLast();
        return last.Value;
    }

    private Rule NewRule(FieldDescription field)
    {
        var rule = new Rule { Id = NextId(), Field = field.Key, Operator = DefaultOperator(field) };
        return field.Type switch
        {
            SegmentFieldType.Boolean => rule.With(true),
            SegmentFieldType.Date when rule.Operator == Operators.InLastDays => rule.With(30),
            _ => rule,
        };
    }

    /// <summary>The operator a marketer most often means when dropping a field of this type.</summary>
    private static string DefaultOperator(FieldDescription field) => field.Type switch
    {
        SegmentFieldType.Number => field.Operators.Contains(Operators.GreaterOrEqual) ? Operators.GreaterOrEqual : field.Operators[0],
        SegmentFieldType.Date when field.Operators.Contains(Operators.InNextDays) && field.Key == "birthDate" => Operators.InNextDays,
        SegmentFieldType.Date => field.Operators.Contains(Operators.InLastDays) ? Operators.InLastDays : field.Operators[0],
        SegmentFieldType.Text or SegmentFieldType.Choice => field.Operators.Contains(Operators.In) ? Operators.In : field.Operators[0],
        _ => field.Operators[0],
    };

    private static void Insert(RuleGroup group, RuleNode node, int? index) =>
        group.Rules.Insert(Math.Clamp(index ?? group.Rules.Count, 0, group.Rules.Count), node);

    private RuleGroup GroupOf(string id) =>
        Find(id) as RuleGroup ?? throw new InvalidOperationException($"There is no group {id} in the tree.");

    private (RuleNode? Node, RuleGroup? Parent, int Index) Locate(string id)
    {
        if (Root.Id == id) return (Root, null, -1);
        return LocateIn(Root, id);

        static (RuleNode?, RuleGroup?, int) LocateIn(RuleGroup group, string id)
        {
            for (var i = 0; i < group.Rules.Count; i++)
            {
                if (group.Rules[i].Id == id) return (group.Rules[i], group, i);
                if (group.Rules[i] is RuleGroup child && LocateIn(child, id) is ({ }, _, _) found) return found;
            }
            return (null, null, -1);
        }
    }

    private static RuleNode? FindIn(RuleNode node, string id)
    {
        if (node.Id == id) return node;
        return node is RuleGroup group ? group.Rules.Select(child => FindIn(child, id)).FirstOrDefault(n => n is not null) : null;
    }

    /// <summary>Gives every node a unique id: loaded trees may have none, or duplicates from a copy and paste.</summary>
    private void AssignIds(RuleNode root)
    {
        var seen = new HashSet<string>();
        Assign(root);

        void Assign(RuleNode node)
        {
            if (string.IsNullOrEmpty(node.Id) || !seen.Add(node.Id)) node.Id = NextId();
            seen.Add(node.Id);
            if (node is RuleGroup group) foreach (var child in group.Rules) Assign(child);
        }
    }

    private static string NextId() => $"n{Guid.NewGuid():N}"[..13];
}
