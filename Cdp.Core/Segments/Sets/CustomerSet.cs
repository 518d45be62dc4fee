using System.Numerics;

namespace Cdp.Core.Segments.Sets;

/// <summary>
/// A set of customer ids as a bitmap: a million customers take 125 KB, and AND, OR and NOT over them take
/// microseconds. Written here because the BCL's BitArray has no population count and mutates in place.
/// </summary>
internal sealed class CustomerSet
{
    private readonly ulong[] _words;

    private CustomerSet(ulong[] words) => _words = words;

    /// <summary>An empty set that can hold ids from 0 to <paramref name="maxId"/>.</summary>
    public static CustomerSet Empty(int maxId) => new(new ulong[(Math.Max(maxId, 0) >> 6) + 1]);

    public int Bytes => _words.Length * sizeof(ulong);

    public int Count
    {
        get
        {
            var count = 0;
            foreach (var word in _words) count += BitOperations.PopCount(word);
            return count;
        }
    }

    /// <summary>Adds an id; ids beyond the set's range (customers added after it was sized) are left out.</summary>
    public void Add(int id)
    {
        if (id >= 0 && (id >> 6) < _words.Length) _words[id >> 6] |= 1UL << (id & 63);
    }

    /// <summary>The smallest ids in the set, in order.</summary>
    public IReadOnlyList<int> First(int take)
    {
        var ids = new List<int>(take);
        for (var i = 0; i < _words.Length && ids.Count < take; i++)
            for (var word = _words[i]; word != 0 && ids.Count < take; word &= word - 1)
                ids.Add((i << 6) + BitOperations.TrailingZeroCount(word));
        return ids;
    }

    /// <summary>Every id in the set, in order.</summary>
    public IEnumerable<int> Ids()
    {
        for (var i = 0; i < _words.Length; i++)
            for (var word = _words[i]; word != 0; word &= word - 1)
                yield return (i << 6) + BitOperations.TrailingZeroCount(word);
    }

    /// <summary>The id at position <paramref name="index"/> (0-based) in id order; null past the end.</summary>
    public int? ElementAt(int index)
    {
        for (var i = 0; i < _words.Length; i++)
        {
            var bits = BitOperations.PopCount(_words[i]);
            if (index >= bits)
            {
                index -= bits;
                continue;
            }
            var word = _words[i];
            for (; index > 0; index--) word &= word - 1; // drop the lowest bits before the one wanted
            return (i << 6) + BitOperations.TrailingZeroCount(word);
        }
        return null;
    }

    public bool Contains(int id) => id >= 0 && (id >> 6) < _words.Length && (_words[id >> 6] & (1UL << (id & 63))) != 0;

    /// <summary>The ids in the set that satisfy <paramref name="keep"/>, as a new set.</summary>
    public CustomerSet Where(Func<int, bool> keep)
    {
        var words = new ulong[_words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            for (var word = _words[i]; word != 0; word &= word - 1)
            {
                var bit = BitOperations.TrailingZeroCount(word);
                if (keep((i << 6) | bit)) words[i] |= 1UL << bit;
            }
        }
        return new CustomerSet(words);
    }

    public CustomerSet And(CustomerSet other) => Combine(other, static (a, b) => a & b);

    public CustomerSet Or(CustomerSet other) => Combine(other, static (a, b) => a | b);

    public CustomerSet Except(CustomerSet other) => Combine(other, static (a, b) => a & ~b);

    private CustomerSet Combine(CustomerSet other, Func<ulong, ulong, ulong> op)
    {
        var words = new ulong[Math.Max(_words.Length, other._words.Length)];
        for (var i = 0; i < words.Length; i++)
            words[i] = op(i < _words.Length ? _words[i] : 0, i < other._words.Length ? other._words[i] : 0);
        return new CustomerSet(words);
    }
}
