using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Sets;

namespace Cdp.Core.Personalization.Experiences;

/// <summary>How many customers one variant reaches under the priority order.</summary>
/// <param name="SegmentSize">Customers in the variant's segment; null for the default (and for a segment that cannot be evaluated).</param>
/// <param name="Customers">Customers who get this variant: for the default, everyone else, the holdout included.</param>
/// <param name="TakenByEarlier">Customers of the segment who get an earlier variant instead.</param>
/// <param name="InHoldout">Customers of the segment, not taken earlier, who are in the holdout and get the default.</param>
/// <param name="Problem">Why the segment could not be evaluated (deleted since the experience was saved), else null.</param>
public sealed record VariantReach(int Index, string Name, string? SegmentKey, int? SegmentSize, int Customers, int TakenByEarlier,
    int InHoldout, string? Problem = null);

/// <summary>An experience's reach over all customers.</summary>
/// <param name="MatchingSeveral">Customers in the segments of two or more variants (priority decides for them).</param>
/// <param name="Holdout">All customers in the control group, whatever their segments.</param>
/// <param name="Default">Customers who get the default variant (equal to the last entry's <see cref="VariantReach.Customers"/>).</param>
public sealed record ReachResult(int Total, IReadOnlyList<VariantReach> Variants, int MatchingSeveral, int Holdout, int Default);

/// <summary>
/// Computes reach with set algebra over the segments' kept customer sets (the same sets decisions use, computed
/// by the engine's SQL once per data version or day), so it agrees exactly with <see cref="ExperienceDecider"/>.
/// </summary>
public sealed class ExperienceReach(SegmentSetCounter sets)
{
    public async Task<ReachResult> ComputeAsync(ExperienceDetails experience, CancellationToken cancellationToken = default)
    {
        var all = await sets.AllAsync(cancellationToken);
        var none = all.Except(all);
        var holdout = experience.HoldoutPercent > 0 ? all.Where(id => Holdout.IsHeldOut(experience.Key, experience.HoldoutPercent, id)) : none;
        var (covered, once, twice) = (none, none, none);
        var variants = new List<VariantReach>();
        var reached = 0;
        for (var i = 0; i < experience.Variants.Count; i++)
        {
            var variant = experience.Variants[i];
            if (variant.SegmentKey is not { } key)
            {
                variants.Add(new VariantReach(i, variant.Name, null, null, all.Count - reached, 0, 0));
                break;
            }
            CustomerSet segment;
            try
            {
                segment = (await sets.SegmentSetAsync(key, cancellationToken)).Segment.And(all);
            }
            catch (RuleTreeException e)
            {
                variants.Add(new VariantReach(i, variant.Name, key, null, 0, 0, 0, e.Message));
                continue;
            }
            var fresh = segment.Except(covered);
            var gets = fresh.Except(holdout);
            reached += gets.Count;
            variants.Add(new VariantReach(i, variant.Name, key, segment.Count, gets.Count, segment.Count - fresh.Count, fresh.Count - gets.Count));
            twice = twice.Or(once.And(segment));
            once = once.Or(segment);
            covered = covered.Or(segment);
        }
        return new ReachResult(all.Count, variants, twice.Count, holdout.Count, all.Count - reached);
    }
}
