using System.Globalization;
using System.Text;
using System.Text.Json;
using Cdp.Core.Audit;
using Cdp.Core.Customers;
using Cdp.Core.Data;
using Cdp.Core.Limits;
using Cdp.Core.Personalization.Experiences;
using Cdp.Core.Segments.Rules;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Segments.Saved;

/// <summary>What a marketer writes when creating or editing a segment.</summary>
/// <param name="Key">Optional on create (made from the name); ignored on update, keys never change.</param>
public sealed record SegmentDraft(string Name, string? Description, RuleGroup Rules, string? Key = null);

/// <summary>A saved segment as lists and the API show it.</summary>
/// <param name="Version">1 when created, incremented by every update; editors save against the version they loaded.</param>
public sealed record SegmentSummary(int Id, string Key, string Name, string? Description, int? CachedCount, DateTime? CountedAt,
    DateTime CreatedAt, DateTime UpdatedAt, int Version);

/// <summary>A saved segment with its rule tree.</summary>
public sealed record SegmentDetails(SegmentSummary Summary, RuleGroup Rules);

/// <summary>
/// Saved segments: create, update, duplicate, delete, JSON export and import. Every save validates the tree
/// (references and cycles included) and stores its count with the time it was computed; every change is recorded
/// in the <see cref="AuditLog"/> in the same transaction.
/// </summary>
public sealed class SegmentStore(IDbContextFactory<CdpDbContext> dbFactory, SegmentEngine engine, TimeProvider clock, AuditLog audit)
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 1000;

    public async Task<IReadOnlyList<SegmentSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var segments = await db.Segments.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        return segments.Select(Summary).ToList();
    }

    public async Task<SegmentDetails?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is { } segment
            ? new SegmentDetails(Summary(segment), RuleTreeJson.Parse(segment.Rules))
            : null;
    }

    /// <exception cref="RuleTreeException">The name or the tree is invalid; nothing was saved.</exception>
    public Task<SegmentSummary> CreateAsync(SegmentDraft draft, Actor actor, CancellationToken cancellationToken = default) =>
        CreateAsync(draft, actor, AuditActions.Created, cancellationToken);

    /// <summary>Creates a segment from an exported document (see <see cref="SegmentJson"/>), e.g. an uploaded file.</summary>
    /// <exception cref="RuleTreeException">The document, its name or its tree is invalid; nothing was saved.</exception>
    public Task<SegmentSummary> ImportJsonAsync(string json, Actor actor, CancellationToken cancellationToken = default) =>
        CreateAsync(SegmentJson.ParseDraft(json), actor, AuditActions.Imported, cancellationToken);

    /// <summary>A new segment whose name another already has gets a number, as its key does ("Germans (2)", "germans-2").</summary>
    private async Task<SegmentSummary> CreateAsync(SegmentDraft draft, Actor actor, string action, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(draft.Name)) draft = draft with { Name = await FreeNameAsync(draft.Name, null, cancellationToken) };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await FreeKeyAsync(db, Slug(string.IsNullOrWhiteSpace(draft.Key) ? draft.Name : draft.Key), cancellationToken);
        var count = await ValidateAndCountAsync(db, draft, key, null, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var segment = new Segment
        {
            Key = key, Name = draft.Name.Trim(), Description = Clean(draft.Description), Rules = RuleTreeJson.Serialize(draft.Rules),
            CachedCount = count, CountedAt = count is null ? null : now, CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        db.Segments.Add(segment);
        await audit.SaveWithEntryAsync(db, () => Record(actor, action, segment, before: null), cancellationToken);
        engine.SegmentsChanged();
        return Summary(segment);
    }

    /// <summary>Replaces the name, description and rules, and increments the version.</summary>
    /// <param name="expectedVersion">The version the editor started from; null saves over whatever is stored (last write wins).</param>
    /// <returns>The updated segment, or null when there is no such segment.</returns>
    /// <exception cref="RuleTreeException">The name or the tree is invalid; nothing was saved.</exception>
    /// <exception cref="ConcurrencyConflictException">Someone saved it since <paramref name="expectedVersion"/>; nothing was saved.</exception>
    public async Task<SegmentSummary?> UpdateAsync(int id, SegmentDraft draft, int? expectedVersion, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Segments.FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } segment) return null;
        if (expectedVersion is { } expected && expected != segment.Version) throw await ConflictAsync(db, segment, expected, cancellationToken);
        var before = State(segment);
        var count = await ValidateAndCountAsync(db, draft, segment.Key, id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var loaded = segment.Version;
        segment.Name = draft.Name.Trim();
        segment.Description = Clean(draft.Description);
        segment.Rules = RuleTreeJson.Serialize(draft.Rules);
        (segment.CachedCount, segment.CountedAt, segment.UpdatedAt) = (count, count is null ? null : now, now);
        segment.Version++;
        await audit.RecordAsync(db, Record(actor, AuditActions.Updated, segment, before), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Saved by someone else while this one was being validated and counted. Without a version the last
            // write wins, so it is simply written again over theirs.
            if (expectedVersion is null) return await UpdateAsync(id, draft, null, actor, cancellationToken);
            await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
            var current = await fresh.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
            if (current is null) return null;
            throw await ConflictAsync(fresh, current, expectedVersion ?? loaded, cancellationToken);
        }
        engine.SegmentsChanged();
        return Summary(segment);
    }

    /// <summary>A copy named "… (copy)" ("… (copy 2)" when that is taken too) with a key of its own.</summary>
    /// <returns>The copy, or null when there is no such segment.</returns>
    public async Task<SegmentSummary?> DuplicateAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(id, cancellationToken) is not { } original) return null;
        var name = await FreeNameAsync(original.Summary.Name, "copy", cancellationToken);
        return await CreateAsync(new SegmentDraft(name, original.Summary.Description, original.Rules), actor, cancellationToken);
    }

    /// <summary>
    /// <paramref name="name"/> when no segment has it yet, else "name (<paramref name="suffix"/>)", then
    /// "name (<paramref name="suffix"/> 2)" and so on; without a suffix "name (2)", "name (3)"; cut to fit
    /// <see cref="MaxNameLength"/>.
    /// </summary>
    public async Task<string> FreeNameAsync(string name, string? suffix, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var taken = (await db.Segments.Select(s => s.Name).ToListAsync(cancellationToken)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        name = name.Trim();
        if (!taken.Contains(name)) return name;
        for (var n = suffix is null ? 2 : 1; ; n++)
        {
            var number = n.ToString(CultureInfo.InvariantCulture);
            var tail = suffix is null ? $" ({number})" : n == 1 ? $" ({suffix})" : $" ({suffix} {number})";
            var candidate = name[..Math.Min(name.Length, MaxNameLength - tail.Length)].TrimEnd() + tail;
            if (!taken.Contains(candidate)) return candidate;
        }
    }

    /// <summary>Why the segment cannot be deleted (the segments and experiences that use it), or null when it can.</summary>
    public async Task<string?> InUseAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is { } segment
            ? await InUseAsync(db, segment, cancellationToken)
            : null;
    }

    private static async Task<string?> InUseAsync(CdpDbContext db, Segment segment, CancellationToken cancellationToken)
    {
        var users = (await db.Segments.AsNoTracking().Where(s => s.Id != segment.Id).ToListAsync(cancellationToken))
            .Where(s => References(s.Rules).Contains(segment.Key, StringComparer.OrdinalIgnoreCase)).Select(s => $"\"{s.Name}\"").ToList();
        // A variant whose segment is gone would be skipped for everyone without a word, so experiences count as users too.
        users.AddRange((await db.Experiences.AsNoTracking().OrderBy(e => e.Name).ToListAsync(cancellationToken))
            .Where(e => ExperienceJson.Deserialize(e.Variants).Any(v => string.Equals(v.SegmentKey, segment.Key, StringComparison.OrdinalIgnoreCase)))
            .Select(e => $"the experience \"{e.Name}\""));
        return users.Count > 0 ? $"\"{segment.Name}\" is used by {Listed(users)}; remove those references first." : null;
    }

    /// <returns>False when there is no such segment.</returns>
    /// <exception cref="InvalidOperationException">Other segments or experiences refer to it; the message names them.</exception>
    public async Task<bool> DeleteAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Segments.FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } segment) return false;
        if (await InUseAsync(db, segment, cancellationToken) is { } inUse) throw new InvalidOperationException(inUse);
        db.Segments.Remove(segment);
        await audit.RecordAsync(db, new AuditRecord(actor, AuditActions.Deleted, AuditEntityTypes.Segment, Id(segment), segment.Name,
            Before: State(segment)), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Changed or deleted meanwhile: a delete needs no version, so it is tried again on what is there now.
            return await DeleteAsync(id, actor, cancellationToken);
        }
        engine.SegmentsChanged();
        return true;
    }

    /// <summary>
    /// Counts the segment again with its current rules and stores the count with the time, leaving the rules and
    /// <see cref="SegmentSummary.UpdatedAt"/> alone: sizes go stale as imports and the calendar move on.
    /// </summary>
    /// <returns>The segment with its fresh count, or null when there is no such segment.</returns>
    /// <exception cref="RuleTreeException">The stored rules no longer compile (a custom attribute they use is gone).</exception>
    /// <exception cref="PreviewTimeoutException">Counting took longer than the preview limit; the stored count stays.</exception>
    public async Task<SegmentSummary?> RecountAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } segment) return null;
        var count = await engine.CountWithinLimitAsync(RuleTreeJson.Parse(segment.Rules), cancellationToken: cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        // Only when the rules are still those counted: an edit saved meanwhile stored its own, newer count.
        await db.Segments.Where(s => s.Id == id && s.Rules == segment.Rules)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.CachedCount, count).SetProperty(s => s.CountedAt, now), cancellationToken);
        return await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is { } fresh ? Summary(fresh) : null;
    }

    /// <summary>Pages the segment's customers, by id.</summary>
    public async Task<(int Total, IReadOnlyList<Customer> Customers)?> CustomersAsync(int id, int skip, int take, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(id, cancellationToken) is not { } segment) return null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customers = await engine.QueryAsync(db, segment.Rules, cancellationToken: cancellationToken);
        var total = await customers.CountAsync(cancellationToken);
        var page = await customers.OrderBy(c => c.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return (total, page);
    }

    /// <summary>Writes the segment's customers as CSV (see <see cref="CustomerExport"/>); false when there is no such segment.</summary>
    public async Task<bool> ExportCustomersAsync(int id, Stream destination, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(id, cancellationToken) is not { } segment) return false;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customers = await engine.QueryAsync(db, segment.Rules, cancellationToken: cancellationToken);
        await CustomerExport.WriteAsync(destination, db, customers.OrderBy(c => c.Id), cancellationToken);
        return true;
    }

    /// <summary>A lower-case slug: "High spenders (DE)" becomes "high-spenders-de".</summary>
    public static string Slug(string text)
    {
        var builder = new StringBuilder();
        foreach (var ch in (Data.TextFolding.Fold(text) ?? "").Trim())
        {
            if (char.IsAsciiLetterOrDigit(ch)) builder.Append(ch);
            else if (builder.Length > 0 && builder[^1] != '-') builder.Append('-');
        }
        var slug = builder.ToString().Trim('-');
        slug = slug.Length > 56 ? slug[..56].Trim('-') : slug;
        return slug.Length == 0 ? "segment" : slug;
    }

    /// <summary>
    /// Checks the draft (a name no other segment has, a valid tree) and counts it within the preview limit; a tree
    /// that takes longer is saved without a count (null), which the segments list shows and offers to recount.
    /// </summary>
    private async Task<int?> ValidateAndCountAsync(CdpDbContext db, SegmentDraft draft, string key, int? id, CancellationToken cancellationToken)
    {
        var errors = new List<RuleError>();
        var name = draft.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new RuleError("name", "is required"));
        else if (name.Length > MaxNameLength) errors.Add(new RuleError("name", $"is longer than {MaxNameLength} characters"));
        // Names are what marketers pick segments by (lists, experience targets): two alike could not be told apart.
        else if (await db.Segments.Where(s => s.Id != id && EF.Functions.Collate(s.Name, "NOCASE") == name).Select(s => s.Name)
                     .FirstOrDefaultAsync(cancellationToken) is { } taken)
            errors.Add(new RuleError("name", $"another segment is already called \"{taken}\"; choose a name of its own"));
        if (draft.Description?.Length > MaxDescriptionLength)
            errors.Add(new RuleError("description", $"is longer than {MaxDescriptionLength} characters"));
        errors.AddRange(await engine.ValidateAsync(draft.Rules, key, cancellationToken));
        if (errors.Count > 0) throw new RuleTreeException(errors);
        try
        {
            return await engine.CountWithinLimitAsync(draft.Rules, key, cancellationToken);
        }
        catch (PreviewTimeoutException)
        {
            return null;
        }
    }

    private static async Task<string> FreeKeyAsync(CdpDbContext db, string slug, CancellationToken cancellationToken)
    {
        var taken = await db.Segments.Where(s => s.Key == slug || s.Key.StartsWith(slug + "-")).Select(s => s.Key).ToListAsync(cancellationToken);
        var set = new HashSet<string>(taken, StringComparer.OrdinalIgnoreCase);
        if (!set.Contains(slug)) return slug;
        for (var n = 2; ; n++)
            if (!set.Contains($"{slug}-{n.ToString(CultureInfo.InvariantCulture)}")) return $"{slug}-{n}";
    }

    /// <summary>The keys a stored tree refers to.</summary>
    /// <summary>"a", "a and b", "a, b and c".</summary>
    private static string Listed(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];

    private static IEnumerable<string> References(string rules)
    {
        RuleGroup tree;
        try { tree = RuleTreeJson.Parse(rules); }
        catch (RuleTreeException) { yield break; }
        foreach (var (node, _) in SegmentEngine.Walk(tree, ""))
            if (node is Rule { Field: Fields.BuiltInFields.SegmentKey, Value: { ValueKind: System.Text.Json.JsonValueKind.String } value })
                yield return value.GetString()!;
    }

    private static async Task<ConcurrencyConflictException> ConflictAsync(CdpDbContext db, Segment current, int expected,
        CancellationToken cancellationToken)
    {
        var latest = await AuditLog.LatestAsync(db, AuditEntityTypes.Segment, Id(current), cancellationToken);
        return new ConcurrencyConflictException(AuditEntityTypes.Segment, current.Name, expected, current.Version,
            latest?.Actor, latest?.At ?? current.UpdatedAt);
    }

    /// <summary>What the audit log keeps of a segment: what a marketer edits.</summary>
    private static object State(Segment s) => new
    {
        s.Name, s.Description, Rules = JsonDocument.Parse(s.Rules).RootElement.Clone(),
    };

    private static AuditRecord Record(Actor actor, string action, Segment segment, object? before) =>
        new(actor, action, AuditEntityTypes.Segment, Id(segment), segment.Name, before, State(segment));

    private static string Id(Segment s) => s.Id.ToString(CultureInfo.InvariantCulture);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static SegmentSummary Summary(Segment s) =>
        new(s.Id, s.Key, s.Name, s.Description, s.CachedCount, s.CountedAt, s.CreatedAt, s.UpdatedAt, s.Version);
}
