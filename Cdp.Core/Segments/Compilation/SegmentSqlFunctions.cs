using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cdp.Core.Segments.Compilation;

/// <summary>
/// SQLite functions the segment compiler uses inside LINQ: json_extract over custom attributes, and the
/// month-day of a stored date for anniversaries. They only run in SQL.
/// </summary>
public static class SegmentSqlFunctions
{
    public static double? JsonNumber(string? json, string path) => throw InSqlOnly();

    public static string? JsonText(string? json, string path) => throw InSqlOnly();

    /// <summary>JSON true/false come out of json_extract as 1/0.</summary>
    public static long? JsonInteger(string? json, string path) => throw InSqlOnly();

    /// <summary>"MM-dd" of a date stored as ISO text ("yyyy-MM-dd…").</summary>
    public static string MonthDay(DateTime value) => throw InSqlOnly();

    public static string MonthDay(DateOnly value) => throw InSqlOnly();

    public static string MonthDay(string value) => throw InSqlOnly();

    /// <summary>The same date, as an expression SQLite cannot serve from an index: steers its choice of plan.</summary>
    public static DateTime Unindexed(DateTime value) => throw InSqlOnly();

    internal static void Map(ModelBuilder modelBuilder)
    {
        foreach (var name in new[] { nameof(JsonNumber), nameof(JsonText), nameof(JsonInteger) })
            modelBuilder.HasDbFunction(typeof(SegmentSqlFunctions).GetMethod(name)!).HasName("json_extract").IsBuiltIn();

        foreach (var type in new[] { typeof(DateTime), typeof(DateOnly), typeof(string) })
            modelBuilder.HasDbFunction(typeof(SegmentSqlFunctions).GetMethod(nameof(MonthDay), [type])!)
                .HasTranslation(args => new SqlFunctionExpression("substr",
                    [args[0], Constant(6), Constant(5)],
                    nullable: true, argumentsPropagateNullability: [true, false, false], typeof(string), null));
        MapUnindexed(modelBuilder);
    }

    private static void MapUnindexed(ModelBuilder modelBuilder) =>
        modelBuilder.HasDbFunction(typeof(SegmentSqlFunctions).GetMethod(nameof(Unindexed))!)
            .HasTranslation(args => new SqlUnaryExpression(ExpressionType.Convert, (SqlExpression)args[0], typeof(DateTime), args[0].TypeMapping));

    private static SqlConstantExpression Constant(int value) => new(value, new IntTypeMapping("INTEGER"));

    private static InvalidOperationException InSqlOnly() => new("This function is translated to SQL and cannot run in memory.");
}
