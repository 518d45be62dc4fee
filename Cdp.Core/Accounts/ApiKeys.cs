using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cdp.Core.Audit;
using Cdp.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Accounts;

/// <summary>An API key as admins see it: never the secret.</summary>
public sealed record ApiKeyInfo(int Id, string Name, string Prefix, ApiKeyScope Scope, DateTime CreatedAt, string CreatedBy, DateTime? RevokedAt)
{
    public bool IsActive => RevokedAt is null;
}

/// <summary>A key just created, with its secret: the only time the secret is available.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Key, string Secret);

/// <summary>A key name that cannot be used; nothing was saved.</summary>
public sealed class ApiKeyValidationException(string message) : Exception(message);

/// <summary>
/// Creates, lists, revokes and checks API keys. Checking is on the hot path of every API call, so active keys are
/// remembered for a minute after they were read; revoking forgets them at once. With an <see cref="AuditLog"/>, creating
/// and revoking are recorded in the same transaction (name, prefix and scope; never the secret or its hash).
/// </summary>
public sealed class ApiKeys(IDbContextFactory<CdpDbContext> dbFactory, TimeProvider clock, AuditLog? audit = null)
{
    public const int MaxNameLength = 100;
    private const string SecretPrefix = "cdp_";
    private static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (ApiKeyInfo Key, DateTime ReadAt)> _active = new();

    /// <exception cref="ApiKeyValidationException">The name is empty or too long.</exception>
    public async Task<CreatedApiKey> CreateAsync(string name, ApiKeyScope scope, string createdBy, CancellationToken cancellationToken = default)
    {
        name = name.Trim();
        if (name.Length == 0) throw new ApiKeyValidationException("Give the key a name, e.g. the site or job that will use it.");
        if (name.Length > MaxNameLength) throw new ApiKeyValidationException($"The name is {name.Length} characters long; at most {MaxNameLength} are allowed.");
        if (!Enum.IsDefined(scope)) throw new ApiKeyValidationException($"'{scope}' is not a scope; use Personalize or ReadWrite.");

        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Name = name, Prefix = secret[..12], Hash = Hash(secret), Scope = scope,
            CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = createdBy,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ApiKeys.Add(key);
        if (audit is null) await db.SaveChangesAsync(cancellationToken);
        else await audit.SaveWithEntryAsync(db, () => Record(new Actor(createdBy), AuditActions.Created, key, before: null), cancellationToken);
        return new CreatedApiKey(Info(key), secret);
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenBy(k => k.Name).ToListAsync(cancellationToken);
        return keys.Select(Info).ToList();
    }

    /// <summary>Stops a key working at once. Returns the key as it now is, or null when there is no such key.</summary>
    public Task<ApiKeyInfo?> RevokeAsync(int id, CancellationToken cancellationToken = default) =>
        RevokeAsync(id, Actor.System, cancellationToken);

    /// <summary>Stops a key working at once, recording <paramref name="by"/> as who did it (once: revoking again changes nothing).</summary>
    public async Task<ApiKeyInfo?> RevokeAsync(int id, Actor by, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken) is not { } key) return null;
        if (key.RevokedAt is null)
        {
            var before = Audited(key);
            key.RevokedAt = clock.GetUtcNow().UtcDateTime;
            if (audit is not null) await audit.RecordAsync(db, Record(by, AuditActions.Revoked, key, before), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        _active.TryRemove(key.Hash, out _);
        return Info(key);
    }

    /// <summary>The active key with this secret, or null for an unknown or revoked one.</summary>
    public async Task<ApiKeyInfo?> VerifyAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length > 100) return null;
        var hash = Hash(secret);
        var now = clock.GetUtcNow().UtcDateTime;
        if (_active.TryGetValue(hash, out var remembered) && now - remembered.ReadAt < RememberFor) return remembered.Key;

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, cancellationToken);
        if (key is null)
        {
            _active.TryRemove(hash, out _);
            return null;
        }
        var info = Info(key);
        _active[hash] = (info, now);
        return info;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static AuditRecord Record(Actor actor, string action, ApiKey key, object? before) =>
        new(actor, action, AuditEntityTypes.ApiKey, key.Id.ToString(CultureInfo.InvariantCulture), key.Name, before, Audited(key));

    /// <summary>What the audit log keeps of a key: never the secret or its hash.</summary>
    private static object Audited(ApiKey k) => new { k.Name, k.Prefix, k.Scope, k.CreatedAt, k.CreatedBy, k.RevokedAt };

    private static ApiKeyInfo Info(ApiKey k) => new(k.Id, k.Name, k.Prefix, k.Scope, k.CreatedAt, k.CreatedBy, k.RevokedAt);
}
