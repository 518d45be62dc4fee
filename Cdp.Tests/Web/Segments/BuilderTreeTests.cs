using Cdp.Core.Segments.Fields;
using Cdp.Core.Segments.Rules;
using Cdp.Web.Components.Pages.Segments.Builder;

namespace Cdp.Tests.Web.Segments;

public class BuilderTreeTests
{
    private static readonly FieldDescription Country = Field("country", SegmentFieldType.Text, [Operators.Equal, Operators.In]);
    private static readonly FieldDescription Orders = Field("ordersCount", SegmentFieldType.Number, [Operators.Equal, Operators.GreaterOrEqual]);
    private static readonly FieldDescription OptIn = Field("emailOptIn", SegmentFieldType.Boolean, [Operators.Equal]);

    [Fact]
    public void AddRule_FromPalette_UsesTheUsualOperatorAndGivesEveryNodeAnId()
    {
        var tree = new BuilderTree(new RuleGroup());
        var countryId = tree.AddRule(tree.Root.Id!, Country);
        var optInId = tree.AddRule(tree.Root.Id!, OptIn, index: 0);

        Assert.Equal([optInId, countryId], tree.Root.Rules.Select(r => r.Id));
        Assert.Equal(Operators.In, ((Rule)tree.Find(countryId)!).Operator);
        Assert.Equal("true", ((Rule)tree.Find(optInId)!).Value!.Value.GetRawText());
        Assert.NotNull(tree.Root.Id);
    }

    [Fact]
    public void Move_GroupIntoItsOwnDescendant_IsRefusedAndChangesNothing()
    {
        var tree = new BuilderTree(new RuleGroup());
        var outer = tree.AddGroup(tree.Root.Id!);
        var inner = tree.AddGroup(outer);
        var before = RuleTreeJson.Serialize(tree.Root);

        Assert.False(tree.CanMoveInto(outer, inner));
        Assert.False(tree.Move(outer, inner));
        Assert.False(tree.Move(outer, outer));
        Assert.Equal(before, RuleTreeJson.Serialize(tree.Root));
        Assert.True(tree.Move(inner, tree.Root.Id!));
        Assert.Equal(2, tree.Root.Rules.Count);
    }

    [Fact]
    public void Move_WithinTheSameGroup_LandsBeforeTheChildAtTheIndex()
    {
        var tree = new BuilderTree(new RuleGroup());
        var a = tree.AddRule(tree.Root.Id!, Country);
        var b = tree.AddRule(tree.Root.Id!, Orders);
        var c = tree.AddRule(tree.Root.Id!, OptIn);

        Assert.True(tree.Move(a, tree.Root.Id!, 3));
        Assert.Equal([b, c, a], tree.Root.Rules.Select(r => r.Id));
        Assert.False(tree.Move(c, tree.Root.Id!, 1)); // already there
    }

    [Fact]
    public void IndentAndOutdent_MoveIntoThePreviousGroupAndBackOut()
    {
        var tree = new BuilderTree(new RuleGroup());
        var group = tree.AddGroup(tree.Root.Id!);
        var rule = tree.AddRule(tree.Root.Id!, Country);

        Assert.Equal(group, tree.IndentTarget(rule)?.Id);
        tree.Indent(rule);
        Assert.Equal(rule, ((RuleGroup)tree.Find(group)!).Rules.Single().Id);
        Assert.True(tree.CanOutdent(rule));

        tree.Outdent(rule);
        Assert.Equal([group, rule], tree.Root.Rules.Select(r => r.Id));
        Assert.False(tree.CanOutdent(rule));
        Assert.Null(tree.IndentTarget(group));
    }

    [Fact]
    public void UndoRedo_RestoreEachStepAndANewEditClearsRedo()
    {
        var tree = new BuilderTree(new RuleGroup());
        tree.AddRule(tree.Root.Id!, Country);
        tree.ToggleNot(tree.Root.Id!);
        var afterBoth = RuleTreeJson.Serialize(tree.Root);

        tree.Undo();
        Assert.False(tree.Root.Not);
        Assert.Single(tree.Root.Rules);
        tree.Undo();
        Assert.Empty(tree.Root.Rules);
        Assert.False(tree.CanUndo);

        tree.Redo();
        tree.Redo();
        Assert.Equal(afterBoth, RuleTreeJson.Serialize(tree.Root));

        tree.Undo();
        tree.SetCombinator(tree.Root.Id!, Combinators.Or);
        Assert.False(tree.CanRedo);
    }

    [Fact]
    public void ChangeOperator_ToAnotherValueShape_ClearsTheValue()
    {
        var tree = new BuilderTree(new RuleGroup());
        var id = tree.AddRule(tree.Root.Id!, Orders);
        tree.UpdateRule(id, rule => rule.With(3));

        tree.ChangeOperator(id, Operators.Equal);
        Assert.NotNull(((Rule)tree.Find(id)!).Value);
        tree.ChangeOperator(id, Operators.Between);
        Assert.Null(((Rule)tree.Find(id)!).Value);
    }

    [Fact]
    public void IdsByPath_NamesNodesTheWayEngineErrorsDo()
    {
        var tree = new BuilderTree(RuleTreeJson.Parse("""{"rules":[{"field":"country","operator":"=","value":"DE"},{"rules":[{"field":"age","operator":">","value":3}]}]}"""));
        var paths = tree.IdsByPath();

        Assert.Equal(tree.Root.Id, paths[""]);
        Assert.Equal(((RuleGroup)tree.Root.Rules[1]).Rules[0].Id, paths["rules[1].rules[0]"]);
    }

    private static FieldDescription Field(string key, SegmentFieldType type, IReadOnlyList<string> operators) =>
        new(key, key, FieldCategory.Demographic, type, operators, "", false, false, null, null, null);
}
