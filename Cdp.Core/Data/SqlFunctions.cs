using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cdp.Core.Data;

/// <summary>SQL functions usable in LINQ queries, mapped in <see cref="CdpDbContext"/>.</summary>
public static class SqlFunctions
{
    /// <summary>
    /// "yyyy-MM" of a stored date: the first seven characters of its text form. EF's translation of Year and
    /// Month calls strftime twice per row, which takes twice as long over millions of orders.
    /// </summary>
    public static string YearMonth(DateTime value) => value.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    internal static void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDbFunction(typeof(TextFolding).GetMethod(nameof(TextFolding.Sql))!).HasName(TextFolding.SqlFunctionName);
        modelBuilder.HasDbFunction(typeof(SqlFunctions).GetMethod(nameof(YearMonth))!)
            .HasTranslation(args => new SqlFunctionExpression("substr",
                [args[0], new SqlConstantExpression(1, new IntTypeMapping("INTEGER")), new SqlConstantExpression(7, new IntTypeMapping("INTEGER"))],
                nullable: true, argumentsPropagateNullability: [true, false, false], typeof(string), null));
        Segments.Compilation.SegmentSqlFunctions.Map(modelBuilder);
    }
}
