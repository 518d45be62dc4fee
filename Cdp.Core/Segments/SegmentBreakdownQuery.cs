using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Cdp.Core.Customers;
using Cdp.Core.Data;
using Cdp.Core.Segments.Compilation;
using Cdp.Core.Segments.Values;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Core.Segments;

/// <summary>
/// A segment's breakdowns in one pass over its customers: one aggregate row of conditional counts (gender,
/// age bands, countries, the RFM recency x frequency grid and with it the RFM segments, lifecycle stages,
/// revenue), so the segment's conditions run once and nothing is sorted. EF Core generates the segment's parameterised SELECT; the aggregates wrap it. Only
/// when the base has more than <see cref="MaxCountryColumns"/> countries is there a second pass, grouped
/// by country.
/// </summary>
internal static class SegmentBreakdownQuery
{
    /// <summary>Each band from its lowest age up to the next band's.</summary>
    private static readonly (string Label, int From)[] AgeBands =
        [("Under 18", 0), ("18-24", 18), ("25-34", 25), ("35-44", 35), ("45-54", 45), ("55-64", 55), ("65+", 65)];

    public const string NoPurchases = "No purchases";
    public const string Unknown = "Unknown";
    public const string Other = "Other";
    public const int MaxCountryColumns = 50;

    /// <summary>The countries of the base, to count in columns; null when there are too many for that.</summary>
    public static async Task<IReadOnlyList<string>?> CountryColumnsAsync(CdpDbContext db, CancellationToken cancellationToken)
    {
        var countries = await db.Customers.Where(c => c.Country != null).Select(c => c.Country!).Distinct()
            .OrderBy(c => c).Take(MaxCountryColumns + 1).ToListAsync(cancellationToken);
        return countries.Count <= MaxCountryColumns ? countries : null;
    }

    /// <param name="countries">From <see cref="CountryColumnsAsync"/>.</param>
    public static async Task<(int Count, SegmentBreakdowns Breakdowns)> RunAsync(CdpDbContext db, IQueryable<Customer> customers,
        int total, DateTime now, IReadOnlyList<string>? countries, CancellationToken cancellationToken)
    {
        var countryColumns = countries is not null;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            using var command = Rows(customers).CreateDbCommand();
            var inner = await ScanIfLargeAsync(command, command.CommandText, total, cancellationToken);
            var (sql, labels) = Aggregates(command, inner, now, countryColumns ? countries : null, total);
            command.CommandText = sql;
            var values = new long[labels.Count];
            decimal revenue;
            long orders;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                for (var i = 0; i < labels.Count; i++) values[i] = reader.IsDBNull(i) ? 0 : reader.GetInt64(i);
                revenue = (decimal)reader.GetDouble(labels.Count);
                orders = (long)reader.GetDouble(labels.Count + 1);
            }

            List<BreakdownItem> Items(string dimension) => labels.Select((l, i) => (l, i)).Where(x => x.l.Dimension == dimension)
                .Select(x => new BreakdownItem(x.l.Label, (int)values[x.i])).ToList();
            var byCountry = countryColumns ? Items("country").Where(c => c.Count > 0).ToList() : await CountriesAsync(command, inner, cancellationToken);
            var count = (int)values[0];

            var grid = RfmGrid(labels.Select((l, i) => (l.Dimension, Value: values[i])).Where(x => x.Dimension == "rfmGrid").Select(x => x.Value),
                RfmCellBits(total));
            return (count, new SegmentBreakdowns(
                Items("gender"), Ages(Items("age"), count), TopCountries(byCountry), NamedRfmSegments(grid, count), Lifecycle(Items("lifecycle"), count),
                revenue, count == 0 ? 0 : Math.Round(revenue / count, 2), orders == 0 ? 0 : Math.Round(revenue / orders, 2), orders, grid));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The segment's SELECT, told to scan the table when it would otherwise find a large share of the customers
    /// through an index: SQLite then looks every one of them up in the table, in index order, which at a
    /// million customers took several times as long as reading the table straight through. (Counting alone
    /// stays fast on such an index, which is why SQLite picks it.) Whether the share is large is counted when
    /// that is cheap, on the index alone; when the segment also has subqueries (orders, purchases), counting
    /// would cost as much as the breakdown itself, and the table is scanned.
    /// </summary>
    private static async Task<string> ScanIfLargeAsync(DbCommand command, string inner, int total, CancellationToken cancellationToken)
    {
        const string table = "FROM \"Customers\" AS \"c\"";
        command.CommandText = "EXPLAIN QUERY PLAN " + inner;
        var throughIndex = false;
        await using (var plan = await command.ExecuteReaderAsync(cancellationToken))
            while (await plan.ReadAsync(cancellationToken))
                throughIndex |= plan.GetString(3).StartsWith("SEARCH c USING INDEX", StringComparison.Ordinal);
        var at = inner.IndexOf(table, StringComparison.Ordinal);
        if (!throughIndex || at < 0) return inner;

        var hasSubqueries = inner.IndexOf("SELECT", 1, StringComparison.Ordinal) >= 0;
        if (!hasSubqueries)
        {
            command.CommandText = $"SELECT COUNT(*) FROM ({inner})";
            var count = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (count <= LargeShare * total) return inner;
        }
        return inner.Insert(at + table.Length, " NOT INDEXED");
    }

    /// <summary>From the segments benchmark: above about this share of the customers, a table scan wins.</summary>
    private const double LargeShare = 0.15;

    private static async Task<List<BreakdownItem>> CountriesAsync(DbCommand command, string inner, CancellationToken cancellationToken)
    {
        // "+" keeps SQLite from walking the Country index to avoid a sort: on a filtered segment that means a
        // table lookup per customer, several times slower than sorting the few rows that match.
        command.CommandText = $"SELECT s.\"Country\", COUNT(*) FROM ({inner}) AS s GROUP BY +s.\"Country\"";
        var countries = new List<BreakdownItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            countries.Add(new BreakdownItem(reader.IsDBNull(0) ? Unknown : reader.GetString(0), reader.GetInt32(1)));
        return countries;
    }

    private static IQueryable<BreakdownRow> Rows(IQueryable<Customer> customers) =>
        customers.Select(c => new BreakdownRow
        {
            Gender = c.Gender, BirthDate = c.BirthDate, Country = c.Country, TotalSpent = c.TotalSpent,
            RfmRecency = c.RfmRecency, RfmFrequency = c.RfmFrequency,
            OrdersCount = c.OrdersCount, FirstOrderAt = c.FirstOrderAt, LastOrderAt = c.LastOrderAt,
        });

    private static (string Sql, List<(string Dimension, string Label)> Labels) Aggregates(DbCommand command, string inner, DateTime now,
        IReadOnlyList<string>? countries, int total)
    {
        var labels = new List<(string Dimension, string Label)>();
        var columns = new List<string>();
        void Add(string dimension, string label, string condition)
        {
            labels.Add((dimension, label));
            columns.Add($"SUM({condition})");
        }
        string Parameter(object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@b{command.Parameters.Count}";
            parameter.Value = value;
            command.Parameters.Add(parameter);
            return parameter.ParameterName;
        }

        Add("count", "", "1");
        foreach (var gender in Enum.GetNames<Gender>()) Add("gender", gender, $"s.\"Gender\" = {Parameter(gender)}");

        var today = DateOnly.FromDateTime(now);
        string Born(int age) => Parameter(DateOnly.FromDateTime(ElapsedTranslator.AgeBound(today, age))
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        // One comparison per band and customer: how many are at least each band's lowest age (born before its
        // bound); the bands are the differences (see Ages).
        foreach (var (label, from) in AgeBands)
            Add("age", label, from == 0 ? "s.\"BirthDate\" IS NOT NULL" : $"s.\"BirthDate\" < {Born(from)}");

        if (countries is not null)
        {
            foreach (var country in countries) Add("country", country, $"s.\"Country\" = {Parameter(country)}");
            Add("country", Unknown, "s.\"Country\" IS NULL");
        }

        // The 5x5 recency x frequency grid, several cells to a SUM (see RfmCells); the named RFM segments are
        // unions of its cells, so they are read from it rather than counted again.
        var bits = RfmCellBits(total);
        var perSum = 63 / bits;
        const string cell = "(s.\"RfmRecency\" - 1) * 5 + s.\"RfmFrequency\" - 1";
        for (var first = 0; first < RfmCells; first += perSum)
        {
            var cases = new StringBuilder("CASE ").Append(cell);
            for (var c = first; c < Math.Min(first + perSum, RfmCells); c++)
                cases.Append(" WHEN ").Append(Parameter(c)).Append(" THEN ").Append(Parameter(1L << (bits * (c - first))));
            Add("rfmGrid", first.ToString(CultureInfo.InvariantCulture), cases.Append(" END").ToString());
        }
        // Lifecycle stages as LifecycleStages.Expression defines them, counted the cheap way: never purchased, then
        // how many bought since each cut-off (first order for New, last order for the others); the stages are the
        // differences (see Lifecycle). Five CASE evaluations per customer cost a tenth of a big preview.
        const string bought = "s.\"OrdersCount\" > 0 AND s.\"LastOrderAt\" IS NOT NULL";
        string Since(int days) => Parameter(now.AddDays(-days));
        Add("lifecycle", LifecycleStages.NeverPurchased, $"NOT ({bought})");
        Add("lifecycle", LifecycleStages.New, $"{bought} AND s.\"FirstOrderAt\" >= {Since(LifecycleStages.NewDays)}");
        Add("lifecycle", LifecycleStages.Active, $"{bought} AND s.\"LastOrderAt\" >= {Since(LifecycleStages.ActiveDays)}");
        Add("lifecycle", LifecycleStages.AtRisk, $"{bought} AND s.\"LastOrderAt\" >= {Since(LifecycleStages.AtRiskDays)}");

        var sql = new StringBuilder("SELECT ").AppendJoin(", ", columns)
            .Append(", TOTAL(s.\"TotalSpent\"), TOTAL(s.\"OrdersCount\") FROM (").Append(inner).Append(") AS s").ToString();
        return (sql, labels);
    }

    /// <summary>Bands from "at least this age" counts (the first is everyone with a birth date), then Unknown.</summary>
    private static List<BreakdownItem> Ages(List<BreakdownItem> atLeast, int count)
    {
        var bands = atLeast.Select((band, i) => band with { Count = band.Count - (i + 1 < atLeast.Count ? atLeast[i + 1].Count : 0) }).ToList();
        bands.Add(new BreakdownItem(Unknown, count - atLeast[0].Count));
        return bands;
    }

    /// <summary>
    /// Stages from [never, new, bought since the active cut-off, bought since the at-risk cut-off]. New customers
    /// bought since the active cut-off too (their first order is recent, so is their last), and so on down.
    /// </summary>
    private static List<BreakdownItem> Lifecycle(List<BreakdownItem> counts, int count)
    {
        var (never, recent, active, atRisk) = (counts[0].Count, counts[1].Count, counts[2].Count, counts[3].Count);
        return
        [
            counts[0], counts[1], counts[2] with { Count = active - recent }, counts[3] with { Count = atRisk - active },
            new BreakdownItem(LifecycleStages.Lapsed, count - never - atRisk),
        ];
    }

    private const int RfmCells = 25;

    /// <summary>
    /// Bits per grid cell: enough for a count of every customer. A SUM is a function call per customer and row, the
    /// dearest part of this query (25 of them added 1.3 s at a million customers), so cells share SUMs: each
    /// customer adds 1 shifted to its cell's bits, and no cell can carry into the next. At a million customers
    /// that is 21 bits (one spare, for customers added since the total was counted), three cells to a SUM, nine SUMs.
    /// </summary>
    private static int RfmCellBits(int total) => 64 - (int)long.LeadingZeroCount(2L * total + 1);

    /// <summary>The 25 cells, recency then frequency, unpacked from the packed sums.</summary>
    private static List<RfmCell> RfmGrid(IEnumerable<long> sums, int bits)
    {
        var perSum = 63 / bits;
        var mask = (1L << bits) - 1;
        var packed = sums.ToList();
        return Enumerable.Range(0, RfmCells)
            .Select(c => new RfmCell(c / 5 + 1, c % 5 + 1, (int)((packed[c / perSum] >> (bits * (c % perSum))) & mask)))
            .ToList();
    }

    /// <summary>The named segments, each the union of its cells (<see cref="RfmSegments"/>), then the unscored.</summary>
    private static List<BreakdownItem> NamedRfmSegments(List<RfmCell> grid, int count)
    {
        var named = RfmSegments.Names.Select(name =>
            new BreakdownItem(name, grid.Where(c => RfmSegments.Name(c.Recency, c.Frequency) == name).Sum(c => c.Count))).ToList();
        named.Add(new BreakdownItem(NoPurchases, count - grid.Sum(c => c.Count)));
        return named;
    }

    private static List<BreakdownItem> TopCountries(List<BreakdownItem> countries)
    {
        var known = countries.Where(c => c.Label != Unknown).OrderByDescending(c => c.Count).ThenBy(c => c.Label, StringComparer.Ordinal).ToList();
        var top = known.Take(10).ToList();
        var other = known.Skip(10).Sum(c => c.Count);
        if (other > 0) top.Add(new BreakdownItem(Other, other));
        top.AddRange(countries.Where(c => c.Label == Unknown));
        return top;
    }

    /// <summary>The projection EF Core turns into the segment's SELECT list.</summary>
    private sealed class BreakdownRow
    {
        public Gender Gender { get; init; }
        public DateOnly? BirthDate { get; init; }
        public string? Country { get; init; }
        public int? RfmRecency { get; init; }
        public int? RfmFrequency { get; init; }
        public DateTime? FirstOrderAt { get; init; }
        public DateTime? LastOrderAt { get; init; }
        public decimal TotalSpent { get; init; }
        public int OrdersCount { get; init; }
    }
}
