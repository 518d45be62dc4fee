namespace Cdp.Core.Demo;

/// <summary>The few distributions the demo store needs, on top of a seeded <see cref="Random"/>.</summary>
internal sealed class DemoRandom(int seed)
{
    private readonly Random _random = new(seed);

    public double Next() => _random.NextDouble();
    public int Between(int minInclusive, int maxInclusive) => _random.Next(minInclusive, maxInclusive + 1);
    public bool Chance(double probability) => _random.NextDouble() < probability;
    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public T Weighted<T>(IReadOnlyList<(T Item, double Weight)> items)
    {
        var roll = _random.NextDouble() * items.Sum(i => i.Weight);
        foreach (var (item, weight) in items)
        {
            roll -= weight;
            if (roll < 0) return item;
        }
        return items[^1].Item;
    }

    /// <summary>Standard normal deviate (Box-Muller).</summary>
    public double Gaussian() =>
        Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    public char Digit() => (char)('0' + _random.Next(10));
    public char Letter() => (char)('A' + _random.Next(26));
}
