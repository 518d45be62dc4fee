using Cdp.Core.Segments;
using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Saved;
using Cdp.Core.Segments.Sets;

namespace Cdp.Core.Personalization.Experiences;

/// <summary>One variant looked at while deciding, in priority order.</summary>
/// <param name="SegmentKey">The segment the variant targets; null for the default.</param>
/// <param name="Why">E.g. "in segment beginner-golfers", or the segment's conditions with the customer's values.</param>
public sealed record DecisionStep(string Variant, string? SegmentKey, bool Matched, string Why);

/// <summary>Which variant a customer gets, and the trace that led there.</summary>
/// <param name="VariantIndex">The winner's position in the experience's variants.</param>
/// <param name="Holdout">The customer is in the control group, so gets the default whatever their segments.</param>
public sealed record Decision(VariantDefinition Variant, int VariantIndex, bool Holdout, IReadOnlyList<DecisionStep> Trace);

/// <summary>
/// Decides which variant of an experience a customer sees: the first in priority order whose segment contains the
/// customer, else the default; a customer in the holdout gets the default. Membership comes from the segments'
/// kept customer sets, so a decision costs no SQL once each segment's set is computed (once per data version or day).
/// </summary>
public sealed class ExperienceDecider(SegmentSetCounter sets, SegmentEngine engine, SegmentStore segments)
{
    /// <param name="withReasons">
    /// False: each step's Why is "in segment X" or "not in segment X" (the fast path for renders and bulk exports).
    /// True: Why lists the segment's conditions with the customer's own values, from <see cref="SegmentEngine.ExplainAsync"/>.
    /// </param>
    public async Task<Decision> DecideAsync(ExperienceDetails experience, int customerId, bool withReasons, CancellationToken cancellationToken = default)
    {
        var members = await MembersAsync(experience, cancellationToken);
        var decision = Decide(experience, customerId, members);
        if (!withReasons) return decision;

        // The trace checks variants in order, so step i is variant i (a holdout's single step names no segment).
        var trace = new List<DecisionStep>(decision.Trace.Count);
        for (var i = 0; i < decision.Trace.Count; i++)
        {
            var step = decision.Trace[i];
            trace.Add(step.SegmentKey is { } key && i < members.Length && members[i].Problem is null
                ? step with { Why = await ReasonAsync(key, customerId, step.Matched, cancellationToken) }
                : step);
        }
        return decision with { Trace = trace };
    }

    /// <summary>
    /// Decides for many customers of one experience without SQL: every targeted segment's kept set is read once here,
    /// and the returned function decides as <see cref="DecideAsync"/> does with <c>withReasons: false</c> (bulk renders;
    /// tested equal). The sets are a snapshot: decisions do not follow data changed after this call.
    /// </summary>
    internal async Task<Func<int, Decision>> DeciderAsync(ExperienceDetails experience, CancellationToken cancellationToken = default)
    {
        var members = await MembersAsync(experience, cancellationToken);
        return customerId => Decide(experience, customerId, members);
    }

    /// <summary>Each targeted segment's kept customer set, or why it cannot be evaluated.</summary>
    private async Task<(CustomerSet? Set, string? Problem)[]> MembersAsync(ExperienceDetails experience, CancellationToken cancellationToken)
    {
        var members = new (CustomerSet? Set, string? Problem)[experience.Variants.Count];
        for (var i = 0; i < members.Length; i++)
        {
            if (experience.Variants[i].SegmentKey is not { } key) continue;
            try
            {
                members[i] = ((await sets.SegmentSetAsync(key, cancellationToken)).Segment, null);
            }
            catch (RuleTreeException e)
            {
                // A segment deleted or broken after the experience was saved must not break every render: skip the variant.
                members[i] = (null, $"segment {key} cannot be evaluated ({e.Message}); the variant is skipped");
            }
        }
        return members;
    }

    private static Decision Decide(ExperienceDetails experience, int customerId, (CustomerSet? Set, string? Problem)[] members)
    {
        var defaultIndex = experience.Variants.Count - 1;
        var fallback = experience.Variants[defaultIndex];
        if (Holdout.IsHeldOut(experience.Key, experience.HoldoutPercent, customerId))
            return new Decision(fallback, defaultIndex, true, [new DecisionStep(fallback.Name, null, true, HoldoutReason(experience, customerId))]);

        var trace = new List<DecisionStep>();
        for (var i = 0; i < experience.Variants.Count; i++)
        {
            var variant = experience.Variants[i];
            if (variant.SegmentKey is not { } key)
            {
                trace.Add(new DecisionStep(variant.Name, null, true, DefaultReason(i)));
                return new Decision(variant, i, false, trace);
            }
            var matched = members[i].Set?.Contains(customerId) == true;
            trace.Add(new DecisionStep(variant.Name, key, matched, members[i].Problem ?? $"{(matched ? "in" : "not in")} segment {key}"));
            if (matched) return new Decision(variant, i, false, trace);
        }
        trace.Add(new DecisionStep(fallback.Name, fallback.SegmentKey, false, NoDefaultReason));
        return new Decision(fallback, defaultIndex, false, trace);
    }

    private const string NoDefaultReason = "no variant matched; the last variant is used";

    private static string DefaultReason(int index) => index == 0 ? "default: everyone gets it" : "default: in none of the segments above";

    private static string HoldoutReason(ExperienceDetails experience, int customerId) =>
        $"in the holdout: {experience.HoldoutPercent}% of customers are a control group that always gets the default "
        + $"(this customer's bucket is {Holdout.Bucket(experience.Key, customerId)} of 0–99)";

    /// <summary>"in segment Beginner golfers (beginner-golfers): Interests contains any of golf; customer has golf: matched; …".</summary>
    private async Task<string> ReasonAsync(string key, int customerId, bool matched, CancellationToken cancellationToken)
    {
        var prefix = $"{(matched ? "in" : "not in")} segment {key}";
        var summary = (await segments.ListAsync(cancellationToken)).FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase));
        if (summary is null || await segments.GetAsync(summary.Id, cancellationToken) is not { } segment) return prefix;
        var explanation = await engine.ExplainAsync(segment.Rules, customerId, cancellationToken: cancellationToken);
        if (explanation is null) return $"{prefix}: there is no customer {customerId}";
        var root = explanation.Root;
        var reasons = root.Children.Count == 0 ? root.Text : string.Join("; ", root.Children.Select(c => c.Text));
        // With AND the conditions say it all; OR and NOT need the group's own verdict to read right.
        if (root.Children.Count > 0 && (segment.Rules.Not || segment.Rules.Combinator == Combinators.Or)) reasons += $" ({root.Text})";
        return $"{(matched ? "in" : "not in")} segment {segment.Summary.Name} ({key}): {reasons}";
    }
}
