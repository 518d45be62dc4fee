namespace Cdp.Core.Personalization.Experiences;

/// <summary>
/// The control group of an experience: a customer is held out when their bucket (0 to 99) is below the
/// experience's holdout percentage. The bucket is a fixed hash of the experience key and the customer id, the same
/// in every process and on every day (string.GetHashCode is randomised per process), and different per experience
/// so that the same customers are not held out of everything. Changing this function reshuffles every control group.
/// </summary>
public static class Holdout
{
    /// <summary>The customer's bucket for the experience, 0 to 99.</summary>
    public static int Bucket(string experienceKey, int customerId)
    {
        // FNV-1a over the key (case-insensitively, as keys compare) and the id, then MurmurHash3's finaliser so
        // that consecutive ids spread evenly over the buckets.
        const ulong prime = 1099511628211UL;
        var hash = 14695981039346656037UL;
        foreach (var ch in experienceKey)
        {
            var c = char.ToLowerInvariant(ch);
            hash = (hash ^ (byte)c) * prime;
            hash = (hash ^ (byte)(c >> 8)) * prime;
        }
        hash = (hash ^ (byte)':') * prime;
        for (var shift = 0; shift < 32; shift += 8) hash = (hash ^ (byte)(customerId >> shift)) * prime;
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return (int)(hash % 100);
    }

    /// <summary>Whether the customer is in the experience's control group.</summary>
    public static bool IsHeldOut(string experienceKey, int holdoutPercent, int customerId) =>
        holdoutPercent > 0 && Bucket(experienceKey, customerId) < holdoutPercent;
}
