using System.Globalization;
using System.Text;
using Cdp.Core.Audit;
using Cdp.Core.Data;
using Cdp.Core.Personalization.Templates;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Personalization.Experiences;

/// <summary>
/// Saved experiences: list, get, create, update, duplicate, delete. Every save validates the whole draft
/// (variants, segments, templates through <see cref="TemplateRenderer.Check"/>) and reports all problems with their paths; every update increments
/// <see cref="ExperienceDetails.Version"/>, and every change is recorded in the <see cref="AuditLog"/> in the same transaction.
/// </summary>
public sealed class ExperienceStore(IDbContextFactory<CdpDbContext> dbFactory, TemplateRenderer templates, TimeProvider clock, AuditLog audit)
{
    public const int MaxKeyLength = 64;

    /// <summary>How long <see cref="GetAsync(string, CancellationToken)"/> keeps an answer at most.</summary>
    private const long KeepMilliseconds = 5_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (ExperienceDetails? Experience, long Generation, long ReadAt)> _byKey =
        new(StringComparer.OrdinalIgnoreCase);
    private long _generation;

    /// <summary>Every experience, by name.</summary>
    public async Task<IReadOnlyList<ExperienceDetails>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var experiences = await db.Experiences.AsNoTracking().OrderBy(e => e.Name).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        return experiences.Select(Details).ToList();
    }

    /// <returns>The experience, or null when there is none with that id.</returns>
    public async Task<ExperienceDetails?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Experiences.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken) is { } e ? Details(e) : null;
    }

    /// <returns>The experience, or null when there is none with that key (keys compare case-insensitively).</returns>
    /// <remarks>
    /// The personalisation endpoints ask this on every request, so answers are kept until this store saves a change
    /// (and at most a few seconds, in case another process changed the database).
    /// </remarks>
    public async Task<ExperienceDetails?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var generation = Interlocked.Read(ref _generation);
        if (_byKey.TryGetValue(key, out var kept) && kept.Generation == generation && Environment.TickCount64 - kept.ReadAt < KeepMilliseconds)
            return kept.Experience;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var experience = await db.Experiences.AsNoTracking().FirstOrDefaultAsync(e => e.Key == key, cancellationToken) is { } e ? Details(e) : null;
        _byKey[key] = (experience, generation, Environment.TickCount64);
        return experience;
    }

    /// <summary>After every saved change: what <see cref="GetAsync(string, CancellationToken)"/> kept is read again.</summary>
    private void Changed()
    {
        Interlocked.Increment(ref _generation);
        _byKey.Clear();
    }

    /// <summary>Saves a new experience at version 1; a key already taken gets a number appended (<c>homepage-2</c>).</summary>
    /// <exception cref="ExperienceValidationException">The draft has problems; nothing was saved.</exception>
    public async Task<ExperienceDetails> CreateAsync(ExperienceDraft draft, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var valid = await ValidateAsync(db, draft, cancellationToken);
        var key = await FreeKeyAsync(db, Slug(string.IsNullOrWhiteSpace(draft.Key) ? valid.Name : draft.Key), cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var experience = new Experience
        {
            Key = key, Name = valid.Name, Kind = valid.Kind, Status = valid.Status, HoldoutPercent = valid.HoldoutPercent,
            Variants = ExperienceJson.Serialize(valid.Variants), Version = 1, CreatedAt = now, UpdatedAt = now,
        };
        db.Experiences.Add(experience);
        await audit.SaveWithEntryAsync(db, () => Record(actor, AuditActions.Created, experience, before: null), cancellationToken);
        Changed();
        return Details(experience);
    }

    /// <summary>Replaces everything but the key, and increments the version.</summary>
    /// <param name="expectedVersion">The version the editor started from; null saves over whatever is stored (last write wins).</param>
    /// <returns>The updated experience, or null when there is no such experience.</returns>
    /// <exception cref="ExperienceValidationException">The draft has problems; nothing was saved.</exception>
    /// <exception cref="ConcurrencyConflictException">Someone saved it since <paramref name="expectedVersion"/>; nothing was saved.</exception>
    public async Task<ExperienceDetails?> UpdateAsync(int id, ExperienceDraft draft, int? expectedVersion, Actor actor,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Experiences.FirstOrDefaultAsync(e => e.Id == id, cancellationToken) is not { } experience) return null;
        if (expectedVersion is { } expected && expected != experience.Version) throw await ConflictAsync(db, experience, expected, cancellationToken);
        var before = State(experience);
        var loaded = experience.Version;
        var valid = await ValidateAsync(db, draft, cancellationToken);
        experience.Name = valid.Name;
        experience.Kind = valid.Kind;
        experience.Status = valid.Status;
        experience.HoldoutPercent = valid.HoldoutPercent;
        experience.Variants = ExperienceJson.Serialize(valid.Variants);
        experience.Version++;
        experience.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await audit.RecordAsync(db, Record(actor, AuditActions.Updated, experience, before), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Saved by someone else while this one was validated; without a version the last write wins.
            if (expectedVersion is null) return await UpdateAsync(id, draft, null, actor, cancellationToken);
            await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (await fresh.Experiences.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken) is not { } current) return null;
            throw await ConflictAsync(fresh, current, loaded, cancellationToken);
        }
        Changed();
        return Details(experience);
    }

    /// <summary>A copy named "… (copy)" with a key of its own, as a draft so that it does not go live by accident.</summary>
    /// <returns>The copy, or null when there is no such experience.</returns>
    /// <exception cref="ExperienceValidationException">The original no longer validates (a segment it targets was deleted).</exception>
    public async Task<ExperienceDetails?> DuplicateAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(id, cancellationToken) is not { } original) return null;
        var name = original.Name.Length + 7 > ExperienceValidator.MaxNameLength ? original.Name : original.Name + " (copy)";
        return await CreateAsync(new ExperienceDraft(name, original.Kind, ExperienceStatus.Draft, original.HoldoutPercent, original.Variants,
            original.Key), actor, cancellationToken);
    }

    /// <returns>False when there is no such experience.</returns>
    public async Task<bool> DeleteAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Experiences.FirstOrDefaultAsync(e => e.Id == id, cancellationToken) is not { } experience) return false;
        db.Experiences.Remove(experience);
        await audit.RecordAsync(db, new AuditRecord(actor, AuditActions.Deleted, AuditEntityTypes.Experience, Id(experience), experience.Name,
            Before: State(experience)), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Changed or deleted meanwhile: a delete needs no version, so it is tried again on what is there now.
            return await DeleteAsync(id, actor, cancellationToken);
        }
        Changed();
        return true;
    }

    /// <summary>A lower-case slug: "Homepage (spring)" becomes "homepage-spring"; never only digits, so it never reads as an id.</summary>
    public static string Slug(string text)
    {
        var builder = new StringBuilder();
        foreach (var ch in (TextFolding.Fold(text) ?? "").Trim())
        {
            if (char.IsAsciiLetterOrDigit(ch)) builder.Append(ch);
            else if (builder.Length > 0 && builder[^1] != '-') builder.Append('-');
        }
        var slug = builder.ToString().Trim('-');
        slug = slug.Length > MaxKeyLength - 8 ? slug[..(MaxKeyLength - 8)].Trim('-') : slug;
        if (slug.Length == 0) return "experience";
        return slug.All(char.IsAsciiDigit) ? "experience-" + slug : slug;
    }

    private async Task<ExperienceDraft> ValidateAsync(CdpDbContext db, ExperienceDraft draft, CancellationToken cancellationToken)
    {
        var keys = await db.Segments.AsNoTracking().Select(s => s.Key).ToListAsync(cancellationToken);
        return new ExperienceValidator(templates, keys.ToDictionary(k => k, k => k, StringComparer.OrdinalIgnoreCase)).Validate(draft);
    }

    private static async Task<string> FreeKeyAsync(CdpDbContext db, string slug, CancellationToken cancellationToken)
    {
        var taken = await db.Experiences.Where(e => e.Key == slug || e.Key.StartsWith(slug + "-")).Select(e => e.Key).ToListAsync(cancellationToken);
        var set = new HashSet<string>(taken, StringComparer.OrdinalIgnoreCase);
        if (!set.Contains(slug)) return slug;
        for (var n = 2; ; n++)
        {
            var candidate = $"{slug}-{n.ToString(CultureInfo.InvariantCulture)}";
            if (!set.Contains(candidate)) return candidate;
        }
    }

    private static async Task<ConcurrencyConflictException> ConflictAsync(CdpDbContext db, Experience current, int expected,
        CancellationToken cancellationToken)
    {
        var latest = await AuditLog.LatestAsync(db, AuditEntityTypes.Experience, Id(current), cancellationToken);
        return new ConcurrencyConflictException(AuditEntityTypes.Experience, current.Name, expected, current.Version,
            latest?.Actor, latest?.At ?? current.UpdatedAt);
    }

    /// <summary>What the audit log keeps of an experience: the draft as the API shows it.</summary>
    private static ExperienceDraft State(Experience e) =>
        new(e.Name, e.Kind, e.Status, e.HoldoutPercent, ExperienceJson.Deserialize(e.Variants), e.Key);

    private static AuditRecord Record(Actor actor, string action, Experience experience, ExperienceDraft? before) =>
        new(actor, action, AuditEntityTypes.Experience, Id(experience), experience.Name, before, State(experience));

    private static string Id(Experience e) => e.Id.ToString(CultureInfo.InvariantCulture);

    private static ExperienceDetails Details(Experience e) =>
        new(e.Id, e.Key, e.Name, e.Kind, e.Status, e.HoldoutPercent, ExperienceJson.Deserialize(e.Variants), e.Version, e.CreatedAt, e.UpdatedAt);
}
