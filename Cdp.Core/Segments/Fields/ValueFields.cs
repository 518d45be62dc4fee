using Cdp.Core.Segments.Compilation;
using Cdp.Core.Segments.Values;
using static Cdp.Core.Segments.Fields.BuiltInFields;
using static Cdp.Core.Segments.Fields.FieldCategory;

namespace Cdp.Core.Segments.Fields;

/// <summary>Value and lifecycle fields (docs/value-metrics.md): RFM scores and segment, predicted CLV, lifecycle stage.</summary>
internal static class ValueFields
{
    public static readonly IReadOnlyList<CatalogEntry> All =
    [
        Entry("rfmSegment", "RFM segment", Value, SegmentFieldType.Choice, "Named RFM segment, e.g. Champions; empty without orders.",
            new ChoiceTranslator(c => c.Member(x => x.RfmSegment), RfmSegments.Names), choices: RfmSegments.Names),
        Score("rfmRecency", "RFM recency score", "5 = bought most recently.", c => c.Member(x => x.RfmRecency)),
        Score("rfmFrequency", "RFM frequency score", "5 = ordered most often.", c => c.Member(x => x.RfmFrequency)),
        Score("rfmMonetary", "RFM monetary score", "5 = spent the most.", c => c.Member(x => x.RfmMonetary)),
        Entry("predictedClv", "Predicted CLV", Value, SegmentFieldType.Number, "Expected spend over the next three years.",
            new NumberTranslator(c => c.Member(x => x.PredictedClv), whole: false), nullable: false),
        Entry("lifecycleStage", "Lifecycle stage", Lifecycle, SegmentFieldType.Choice, "Never purchased, New, Active, At risk or Lapsed, as of today.",
            new ChoiceTranslator(c => Expr.Bind(LifecycleStages.Expression(c.Now), c.Customer), LifecycleStages.Names),
            nullable: false, choices: LifecycleStages.Names),
    ];

    private static CatalogEntry Score(string key, string label, string description, MemberAccess member) =>
        Entry(key, label, Value, SegmentFieldType.Number, $"1 to 5; {description} Empty without orders.",
            new NumberTranslator(member, whole: true), whole: true);
}
