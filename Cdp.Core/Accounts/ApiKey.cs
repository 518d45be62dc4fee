namespace Cdp.Core.Accounts;

/// <summary>What an API key may call.</summary>
public enum ApiKeyScope
{
    /// <summary>Only the personalisation endpoints (<c>/api/personalize/…</c> and <c>/p/…</c>), for a public site.</summary>
    Personalize,

    /// <summary>Every API endpoint, reading and changing data, as a marketer could.</summary>
    ReadWrite,
}

/// <summary>
/// An API key as stored: only a SHA-256 hash of the secret is kept (the secret is shown once, when created).
/// Keys are random 256-bit values, so a fast hash is enough: there is nothing to guess from a dictionary.
/// </summary>
public class ApiKey
{
    public int Id { get; set; }

    /// <summary>What the key is for, as the admin named it ("Website", "Nightly export").</summary>
    public required string Name { get; set; }

    /// <summary>The first characters of the secret, so that admins can tell keys apart without seeing them.</summary>
    public required string Prefix { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole secret.</summary>
    public required string Hash { get; set; }

    public ApiKeyScope Scope { get; set; }

    public DateTime CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    /// <summary>When the key stopped working; revoked keys stay listed for the record.</summary>
    public DateTime? RevokedAt { get; set; }
}
