using Cdp.Core.Data;
using Cdp.Core.Personalization.Experiences;
using Cdp.Core.Personalization.Templates;
using Cdp.Core.Segments.Rules;
using Cdp.Core.Segments.Sets;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Personalization.Rendering;

/// <summary>The file a bulk render writes: CSV (for spreadsheets and e-mail tools) or JSON Lines (one object per line).</summary>
public enum BulkRenderFormat { Csv, JsonLines }

/// <summary>How far a bulk render is: <paramref name="Done"/> of <paramref name="Total"/> customers written.</summary>
public sealed record BulkRenderProgress(int Done, int Total);

/// <summary>
/// A bulk render ready to run: the e-mail experience and the customers it goes to (a snapshot of the segment, or of
/// everyone, taken by <see cref="BulkRenderer.PlanAsync(ExperienceDetails, string?, CancellationToken)"/>).
/// </summary>
public sealed class BulkRenderPlan
{
    internal BulkRenderPlan(ExperienceDetails experience, string? segmentKey, CustomerSet customers)
    {
        Experience = experience;
        SegmentKey = segmentKey;
        Customers = customers;
        Total = customers.Count;
    }

    public ExperienceDetails Experience { get; }

    /// <summary>The segment rendered for; null for every customer.</summary>
    public string? SegmentKey { get; }

    /// <summary>How many customers the file will hold.</summary>
    public int Total { get; }

    internal CustomerSet Customers { get; }
}

/// <summary>
/// Renders an e-mail experience for every customer of a segment (or everyone) into a streamed CSV or JSON Lines file:
/// per customer their id, e-mail, the variant, whether they are in the holdout, subject, preheader, HTML and plain text,
/// in customer id order. Each customer's output equals <see cref="PersonalizationRenderer"/>'s for them (tested), but
/// the work is batched: models are built for about 1,000 customers at a time in a few set-based queries
/// (<see cref="PersonalizationModelBuilder.BuildManyAsync(CdpDbContext, IReadOnlyList{int}, CancellationToken)"/>), several
/// batches are read and rendered at once (one per core) and written in order, decisions come from the segments' kept sets
/// without SQL, and each variant's templates are compiled once for the run.
/// </summary>
public sealed class BulkRenderer(
    IDbContextFactory<CdpDbContext> dbFactory, ExperienceStore experiences, ExperienceDecider decider, PersonalizationModelBuilder models,
    PersonalizationRenderer renderer, SegmentSetCounter sets)
{
    /// <summary>Customers per batch: large enough that queries per batch cost little per customer, small enough to stream.</summary>
    public const int DefaultBatchSize = 1000;

    /// <summary>Customers per batch (tests make it small to see several batches).</summary>
    internal int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Finds the experience by key and takes the customers to render for.</summary>
    /// <returns>Null when there is no experience with that key.</returns>
    /// <inheritdoc cref="PlanAsync(ExperienceDetails, string?, CancellationToken)"/>
    public async Task<BulkRenderPlan?> PlanAsync(string experienceKey, string? segmentKey, CancellationToken cancellationToken = default) =>
        await experiences.GetAsync(experienceKey, cancellationToken) is { } experience
            ? await PlanAsync(experience, segmentKey, cancellationToken)
            : null;

    /// <summary>Takes the customers to render for: the segment's members now, or everyone when <paramref name="segmentKey"/> is null.</summary>
    /// <exception cref="ArgumentException">The experience is not an e-mail (a homepage is rendered per visit, not in bulk).</exception>
    /// <exception cref="RuleTreeException">There is no segment with that key, or its rules are invalid.</exception>
    public async Task<BulkRenderPlan> PlanAsync(ExperienceDetails experience, string? segmentKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experience);
        if (experience.Kind != ExperienceKind.Email)
            throw new ArgumentException($"\"{experience.Key}\" is a {experience.Kind.ToString().ToLowerInvariant()} experience; only e-mails are rendered in bulk.",
                nameof(experience));
        var customers = string.IsNullOrWhiteSpace(segmentKey)
            ? await sets.AllAsync(cancellationToken)
            : (await sets.SegmentSetAsync(segmentKey.Trim(), cancellationToken)).Segment;
        return new BulkRenderPlan(experience, string.IsNullOrWhiteSpace(segmentKey) ? null : segmentKey.Trim(), customers);
    }

    /// <summary>
    /// Renders the plan into <paramref name="destination"/> (left open), streamed batch by batch, reporting progress after
    /// each batch. Cancelling stops after the batch being written; what was written stays written.
    /// </summary>
    /// <returns>How many customers were written (fewer than <see cref="BulkRenderPlan.Total"/> if some were deleted meanwhile).</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<int> WriteAsync(BulkRenderPlan plan, BulkRenderFormat format, Stream destination, IProgress<BulkRenderProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(destination);
        var decide = await decider.DeciderAsync(plan.Experience, cancellationToken);
        IRecommendationSource recommendations;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            recommendations = await models.BulkRunRecommendationsAsync(db, cancellationToken);
        await using var output = BulkRenderOutput.Create(format, destination);
        await output.StartAsync(cancellationToken);

        var render = renderer.EmailRenderer(plan.Experience);

        // Several batches are read and rendered at once, each on its own context and thread, and written in order as they
        // finish: one batch at a time left a core idle while its queries ran.
        var inFlight = new Queue<Task<Batch>>();
        using var batches = plan.Customers.Ids().Chunk(BatchSize).GetEnumerator();
        void StartNext()
        {
            if (batches.MoveNext()) inFlight.Enqueue(BatchAsync(batches.Current, recommendations, decide, render, cancellationToken));
        }
        var done = 0;
        try
        {
            for (var i = 0; i < BatchesInFlight; i++) StartNext();
            while (inFlight.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = await inFlight.Dequeue();
                StartNext();
                for (var i = 0; i < batch.Rendered.Length; i++)
                    await output.WriteAsync(batch.Models[i].Id, batch.Models[i].Email, batch.Rendered[i], cancellationToken);
                await output.FlushAsync(cancellationToken);
                done += batch.Models.Count;
                progress?.Report(new BulkRenderProgress(done, plan.Total));
            }
        }
        finally
        {
            // Never leave a batch running after the call ends (on cancel or failure its queries may still be on their contexts).
            if (inFlight.Count > 0)
            {
                try { await Task.WhenAll(inFlight); }
                catch (Exception)
                {
                    // Their outcome no longer matters: the error or cancellation that ended the loop is what the caller gets.
                }
            }
        }
        return done;
    }

    /// <summary>Batches read and rendered at the same time: one per core, and at least two so that reading overlaps rendering.</summary>
    private static int BatchesInFlight => Math.Max(2, Environment.ProcessorCount);

    private sealed record Batch(IReadOnlyList<PersonalizationModel> Models, RenderedOutput[] Rendered);

    private Task<Batch> BatchAsync(int[] ids, IRecommendationSource recommendations, Func<int, Decision> decide,
        Func<Decision, PersonalizationModel, RenderedOutput> render, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        IReadOnlyList<PersonalizationModel> built;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            built = await models.BuildManyAsync(db, ids, recommendations, cancellationToken);
        var rendered = new RenderedOutput[built.Count];
        for (var i = 0; i < rendered.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rendered[i] = render(decide(built[i].Id), built[i]);
        }
        return new Batch(built, rendered);
    }, cancellationToken);
}
