namespace Cdp.Core.Personalization.Recommendations;

/// <summary>
/// The skill levels products are made for, lowest first. A customer's level in a category is the highest level
/// bought there; the next level up is what "next level" recommendations offer.
/// </summary>
internal static class ProductLevels
{
    public static readonly IReadOnlyList<string> Ascending = ["beginner", "intermediate", "pro"];

    /// <summary>Position in <see cref="Ascending"/>, or -1 for no level or one we do not know.</summary>
    public static int Rank(string? level)
    {
        if (level is null) return -1;
        for (var i = 0; i < Ascending.Count; i++)
            if (string.Equals(Ascending[i], level, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>The level after <paramref name="level"/>, or null at the top or for an unknown level.</summary>
    public static string? Next(string? level)
    {
        var rank = Rank(level);
        return rank >= 0 && rank + 1 < Ascending.Count ? Ascending[rank + 1] : null;
    }
}
