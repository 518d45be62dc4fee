using System.Globalization;
using System.Text;
using System.Text.Json;
using Cdp.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Segments.Values;

/// <summary>
/// Recomputes the value metrics stored on every customer: RFM scores (see <see cref="RfmThresholds"/>), the named
/// RFM segment (<see cref="RfmSegments"/>) and predicted CLV (<see cref="CustomerValue"/>). Scores are relative to
/// all customers, so the whole table is rescored at once: a few cut-point queries, then one UPDATE.
/// </summary>
public static class ValueMetrics
{
    private static readonly double[] Quantiles = [0.2, 0.4, 0.6, 0.8];
    private const string Scored = "ValueMetricsScored";
    private const string DropScored = $"DROP TABLE IF EXISTS temp.{Scored}";
    private const string CreateScored =
        $"CREATE TEMP TABLE {Scored} AS SELECT OrdersCount AS Orders, TotalSpent AS Spent FROM Customers NOT INDEXED WHERE LastOrderAt IS NOT NULL";
    private const string Histogram = $"SELECT Orders, COUNT(*) AS Customers FROM temp.{Scored} GROUP BY Orders ORDER BY Orders";
    private const string MonetaryCuts = $"""
        SELECT Value FROM (SELECT Spent AS Value, ROW_NUMBER() OVER (ORDER BY Spent) - 1 AS Position FROM temp.{Scored})
        WHERE Position IN ({"{0}"}, {"{1}"}, {"{2}"}, {"{3}"}) ORDER BY Position
        """;

    /// <summary>
    /// Scores every customer as of <paramref name="asOfUtc"/> and records the run. Runs on the context's connection
    /// and in its current transaction, if any (imports rescore inside theirs).
    /// </summary>
    public static async Task<RfmThresholds> RecomputeAsync(CdpDbContext db, DateTime asOfUtc, CancellationToken ct)
    {
        // "Has orders" is "has a last order date": that column is indexed, OrdersCount is not.
        var scored = await db.Customers.CountAsync(c => c.LastOrderAt != null, ct);
        var positions = Quantiles.Select(q => CutPosition(q, scored)).ToArray();

        string[] recency = [];
        int[] frequency = [];
        double[] monetary = [];
        if (scored > 0)
        {
            recency = await RecencyCutPointsAsync(db, positions, ct);
            // Frequency and spend have no index to walk (TotalSpent's would cost a table lookup per customer to skip
            // those without orders): one scan copies both into a small temp table, which is then grouped and sorted.
            var opened = db.Database.GetDbConnection().State != System.Data.ConnectionState.Open;
            if (opened) await db.Database.OpenConnectionAsync(ct);
            try
            {
                await db.Database.ExecuteSqlRawAsync(DropScored, ct);
                await db.Database.ExecuteSqlRawAsync(CreateScored, ct);
                frequency = await FrequencyCutPointsAsync(db, positions, ct);
                monetary = await MonetaryCutPointsAsync(db, positions, ct);
                await db.Database.ExecuteSqlRawAsync(DropScored, ct);
            }
            finally
            {
                if (opened) await db.Database.CloseConnectionAsync();
            }
        }

        var parameters = new List<SqliteParameter> { new("$asOf", ToJulianDay(CustomerValue.ClvDay(asOfUtc))) };
        parameters.AddRange(CutParameters("r", recency));
        parameters.AddRange(CutParameters("f", frequency));
        parameters.AddRange(CutParameters("m", monetary));
        parameters.AddRange(RfmSegments.Names.Select((name, i) => new SqliteParameter("$s" + i, name)));
        var sql = UpdateSql();
        await db.Database.ExecuteSqlRawAsync(sql, parameters, ct);

        var thresholds = new RfmThresholds(DateTime.SpecifyKind(asOfUtc, DateTimeKind.Utc), scored,
            recency.Select(ParseStoredDate).ToArray(), frequency, monetary.Select(m => (decimal)m).ToArray());
        db.ValueMetricRuns.Add(new ValueMetricRun
        {
            ComputedAt = thresholds.ComputedAt,
            CustomersScored = scored,
            RecencyCutPoints = JsonSerializer.Serialize(thresholds.Recency),
            FrequencyCutPoints = JsonSerializer.Serialize(thresholds.Frequency),
            MonetaryCutPoints = JsonSerializer.Serialize(thresholds.Monetary),
        });
        await db.SaveChangesAsync(ct);
        return thresholds;
    }

    /// <summary>The thresholds of the latest recomputation, or null before the first.</summary>
    public static async Task<RfmThresholds?> LatestAsync(CdpDbContext db, CancellationToken ct)
    {
        var run = await db.ValueMetricRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        if (run is null) return null;
        return new RfmThresholds(DateTime.SpecifyKind(run.ComputedAt, DateTimeKind.Utc), run.CustomersScored,
            JsonSerializer.Deserialize<DateTime[]>(run.RecencyCutPoints)!.Select(d => DateTime.SpecifyKind(d, DateTimeKind.Utc)).ToArray(),
            JsonSerializer.Deserialize<int[]>(run.FrequencyCutPoints)!,
            JsonSerializer.Deserialize<decimal[]>(run.MonetaryCutPoints)!);
    }

    /// <summary>
    /// 0-based position, in ascending order, of the last value in the lower <paramref name="quantile"/> of
    /// <paramref name="count"/> values. With 10 values the cut points are the 2nd, 4th, 6th and 8th.
    /// </summary>
    internal static int CutPosition(double quantile, int count) =>
        Math.Max(0, (int)Math.Ceiling(Math.Round(quantile * count, 9)) - 1);

    // Walks the LastOrderAt index; the stored text is kept as it is, so the UPDATE compares like with like.
    private static async Task<string[]> RecencyCutPointsAsync(CdpDbContext db, int[] positions, CancellationToken ct)
    {
        const string sql = "SELECT LastOrderAt AS Value FROM Customers WHERE LastOrderAt IS NOT NULL ORDER BY LastOrderAt LIMIT 1 OFFSET {0}";
        var cuts = new string[positions.Length];
        for (var i = 0; i < positions.Length; i++)
            cuts[i] = (await db.Database.SqlQueryRaw<string>(sql, positions[i]).ToListAsync(ct)).Single();
        return cuts;
    }

    // Orders counts are few distinct values: a grouped count, then the cut points from the running totals.
    private static async Task<int[]> FrequencyCutPointsAsync(CdpDbContext db, int[] positions, CancellationToken ct)
    {
        var histogram = await db.Database.SqlQueryRaw<OrdersBucket>(Histogram).ToListAsync(ct);
        return positions.Select(position =>
        {
            var seen = 0;
            foreach (var bucket in histogram)
            {
                seen += bucket.Customers;
                if (seen > position) return bucket.Orders;
            }
            return histogram[^1].Orders;
        }).ToArray();
    }

    private sealed record OrdersBucket(int Orders, int Customers);

    // One sort numbers the customers by spend; the four wanted rows are kept.
    private static async Task<double[]> MonetaryCutPointsAsync(CdpDbContext db, int[] positions, CancellationToken ct)
    {
        var rows = await db.Database.SqlQueryRaw<double>(MonetaryCuts, positions.Cast<object>().ToArray()).ToListAsync(ct);
        // Equal positions (fewer than five customers) come back once: map each position to its row.
        var distinct = positions.Distinct().Order().ToList();
        return positions.Select(p => rows[distinct.IndexOf(p)]).ToArray();
    }

    private static IEnumerable<SqliteParameter> CutParameters<T>(string prefix, IReadOnlyList<T> cuts) =>
        Enumerable.Range(0, Quantiles.Length).Select(i =>
            new SqliteParameter($"${prefix}{i}", i < cuts.Count ? cuts[i]! : DBNull.Value));

    /// <summary>
    /// One UPDATE over every customer. A score is 1 + the number of cut points the value is above (SQLite gives 1
    /// for a true comparison); the segment is looked up from R×10+F; predicted CLV uses the reduced formula of
    /// <see cref="CustomerValue"/>, as of the start of the day. Customers without orders get nulls and 0.
    /// </summary>
    private static string UpdateSql()
    {
        static string Score(string column, string prefix) =>
            $"(1 + ({column} > ${prefix}0) + ({column} > ${prefix}1) + ({column} > ${prefix}2) + ({column} > ${prefix}3))";
        var recency = Score("LastOrderAt", "r");
        var frequency = Score("OrdersCount", "f");
        var segment = new StringBuilder($"CASE {recency} * 10 + {frequency}");
        for (var r = 1; r <= 5; r++)
            for (var f = 1; f <= 5; f++)
                segment.Append(CultureInfo.InvariantCulture, $" WHEN {r * 10 + f} THEN $s{IndexOfName(RfmSegments.Name(r, f))}");
        segment.Append(" END");

        var tenure = $"MAX($asOf - julianday(COALESCE(FirstOrderAt, LastOrderAt)), {CustomerValue.MinimumTenureDays.ToString(CultureInfo.InvariantCulture)})";
        var sinceLast = "MAX($asOf - julianday(LastOrderAt), 0)";
        var predicted = $"ROUND({CustomerValue.HorizonYears} * 365.25 * TotalSpent / ({tenure} + OrdersCount * {sinceLast}), 2)";

        var values = new (string Column, string Value)[]
        {
            ("RfmRecency", $"CASE WHEN LastOrderAt IS NULL THEN NULL ELSE {recency} END"),
            ("RfmFrequency", $"CASE WHEN LastOrderAt IS NULL THEN NULL ELSE {frequency} END"),
            ("RfmMonetary", $"CASE WHEN LastOrderAt IS NULL THEN NULL ELSE {Score("TotalSpent", "m")} END"),
            ("RfmSegment", $"CASE WHEN LastOrderAt IS NULL THEN NULL ELSE {segment} END"),
            ("PredictedClv", $"CASE WHEN LastOrderAt IS NULL OR OrdersCount <= 0 OR TotalSpent <= 0 THEN 0 ELSE {predicted} END"),
        };
        // Rows whose values stay the same are not written: a page no row of which changes is not rewritten, so a
        // second recomputation on the same day (after a small import, say) writes little. Computing the values twice
        // for the rows that do change costs less than writing the others would.
        return $"""
            UPDATE Customers SET {string.Join(", ", values.Select(v => $"{v.Column} = {v.Value}"))}
            WHERE {string.Join(" OR ", values.Select(v => $"{v.Column} IS NOT ({v.Value})"))}
            """;
    }

    private static int IndexOfName(string name) => RfmSegments.Names.ToList().IndexOf(name);

    private static double ToJulianDay(DateTime utc) => utc.ToOADate() + 2415018.5;

    private static DateTime ParseStoredDate(string text) =>
        DateTime.SpecifyKind(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None), DateTimeKind.Utc);
}
