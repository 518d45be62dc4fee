namespace Cdp.Web.Components.Shared;

/// <summary>
/// A chart's value axis from 0 to a round maximum in round steps. Bars are read by their length, so the axis must
/// start at 0; Radzen fits it to the data instead (a bar from 50 makes 60 look twice 55). Radzen rounds the ticks
/// only while it picks the range itself: with just the minimum fixed it splits the range evenly (0, 91, 182), so the
/// maximum and the step are chosen here as well.
/// </summary>
public readonly record struct ValueAxisRange(double Max, double Step)
{
    private const int Ticks = 5;
    private static readonly double[] RoundSteps = [1, 2, 5, 10];

    /// <param name="values">Every value plotted on the axis (all series).</param>
    /// <param name="whole">Counts: no step below 1, so no "0.5 customers" tick.</param>
    public static ValueAxisRange For(IEnumerable<double> values, bool whole)
    {
        var highest = values.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        if (highest <= 0) return whole ? new(Ticks, 1) : new(1, 1.0 / Ticks);

        var rough = highest / Ticks;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = RoundSteps.Select(m => m * magnitude).First(s => s >= rough * (1 - 1e-9));
        if (whole) step = Math.Max(1, Math.Round(step));
        // Rounded before the ceiling so that floating-point noise (0.30000000000000004 / 0.1) adds no empty step.
        return new(Math.Ceiling(Math.Round(highest / step, 9)) * step, step);
    }
}
