using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace Cdp.Core.Import.Staging;

/// <summary>A column of a staging table; values are converted to what the target column stores.</summary>
internal sealed record StagingColumn(string Name, string SqlType, Func<object, object?>? ToStored = null)
{
    /// <summary>A column shaped like <paramref name="property"/>'s, converted as EF converts it (JSON lists, enums as text, money as REAL).</summary>
    public static StagingColumn Like(IProperty property, string? name = null)
    {
        var mapping = (RelationalTypeMapping)property.GetTypeMapping();
        return new(name ?? property.GetColumnName(), mapping.StoreType, mapping.Converter?.ConvertToProvider);
    }
}

/// <summary>
/// A TEMP table that an import streams its valid rows into. It lives on the import's connection only and is
/// dropped afterwards, so nothing of it outlives the import.
/// </summary>
/// <remarks>
/// Rows are bound and stepped through SQLite's own API (SQLitePCLRaw, which Microsoft.Data.Sqlite is built on):
/// ADO.NET's per-command machinery took longer than SQLite's work itself, and a million-row import spends most
/// of its time here. Values are stored as Microsoft.Data.Sqlite would store them (dates as its text format).
/// </remarks>
internal sealed class StagingTable : IDisposable
{
    private readonly SqlSession _sql;
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _insert;
    private readonly Func<object, object?>?[] _converters;
    private byte[] _utf8 = new byte[1024];

    /// <param name="name">Unqualified name; the table is created in the temp schema.</param>
    public StagingTable(SqlSession sql, string name, IReadOnlyList<StagingColumn> columns)
    {
        _sql = sql;
        _connection = (SqliteConnection)sql.Db.Database.GetDbConnection();
        Name = "temp." + SqlSession.Quote(name);
        Columns = columns;
        sql.Execute($"DROP TABLE IF EXISTS {Name}");
        sql.Execute($"CREATE TEMP TABLE {SqlSession.Quote(name)} (Line INTEGER PRIMARY KEY, {string.Join(", ", columns.Select(c => $"{SqlSession.Quote(c.Name)} {c.SqlType}"))})");
        var insert = $"INSERT INTO {Name} (Line, {string.Join(", ", columns.Select(c => SqlSession.Quote(c.Name)))}) " +
                     $"VALUES ({string.Join(", ", Enumerable.Repeat("?", columns.Count + 1))})";
        Check(raw.sqlite3_prepare_v2(_connection.Handle, insert, out _insert));
        _converters = columns.Select(c => c.ToStored).ToArray();
    }

    /// <summary>Qualified name for SQL (temp."Name").</summary>
    public string Name { get; }

    public IReadOnlyList<StagingColumn> Columns { get; }

    public int Rows { get; private set; }

    /// <summary>Adds a row; values are in <see cref="Columns"/> order, null for "not given".</summary>
    public void Insert(long line, object?[] values)
    {
        raw.sqlite3_bind_int64(_insert, 1, line);
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (value is not null && _converters[i] is { } convert) value = convert(value);
            Bind(i + 2, value);
        }
        var result = raw.sqlite3_step(_insert);
        raw.sqlite3_reset(_insert);
        if (result != raw.SQLITE_DONE) Check(result);
        Rows++;
    }

    private void Bind(int index, object? value) => Check(value switch
    {
        null => raw.sqlite3_bind_null(_insert, index),
        string s => BindText(index, s),
        long l => raw.sqlite3_bind_int64(_insert, index, l),
        int n => raw.sqlite3_bind_int64(_insert, index, n),
        bool b => raw.sqlite3_bind_int64(_insert, index, b ? 1 : 0),
        double d => raw.sqlite3_bind_double(_insert, index, d),
        decimal m => raw.sqlite3_bind_double(_insert, index, (double)m),
        DateTime t => BindDateTime(index, t),
        DateOnly d => BindDate(index, d),
        _ => throw new NotSupportedException($"Cannot stage a {value.GetType().Name}."),
    });

    /// <summary>
    /// Text is bound as UTF-8, the database's encoding, from one reused buffer: bound as UTF-16, SQLite converts each
    /// value itself with an allocation of its own (about 0.2 s of the 3 s that staging a million customers takes).
    /// </summary>
    private int BindText(int index, string value)
    {
        var most = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (most > _utf8.Length) _utf8 = new byte[Math.Max(most, _utf8.Length * 2)];
        var length = Encoding.UTF8.GetBytes(value, _utf8);
        return raw.sqlite3_bind_text(_insert, index, _utf8.AsSpan(0, length));
    }

    /// <summary>As Microsoft.Data.Sqlite writes a DateTime (yyyy-MM-dd HH:mm:ss.FFFFFFF), without a string per value.</summary>
    private int BindDateTime(int index, DateTime value)
    {
        Span<byte> text = stackalloc byte[27];
        if (value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            value.TryFormat(text, out var written, @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);
            return raw.sqlite3_bind_text(_insert, index, text[..written]);
        }
        WriteDate(text, value.Year, value.Month, value.Day);
        text[10] = (byte)' ';
        Write2(text[11..], value.Hour);
        text[13] = (byte)':';
        Write2(text[14..], value.Minute);
        text[16] = (byte)':';
        Write2(text[17..], value.Second);
        return raw.sqlite3_bind_text(_insert, index, text[..19]);
    }

    /// <summary>As Microsoft.Data.Sqlite writes a DateOnly (yyyy-MM-dd).</summary>
    private int BindDate(int index, DateOnly value)
    {
        Span<byte> text = stackalloc byte[10];
        WriteDate(text, value.Year, value.Month, value.Day);
        return raw.sqlite3_bind_text(_insert, index, text);
    }

    private static void WriteDate(Span<byte> text, int year, int month, int day)
    {
        Write2(text, year / 100);
        Write2(text[2..], year % 100);
        text[4] = (byte)'-';
        Write2(text[5..], month);
        text[7] = (byte)'-';
        Write2(text[8..], day);
    }

    private static void Write2(Span<byte> text, int value)
    {
        text[0] = (byte)('0' + value / 10);
        text[1] = (byte)('0' + value % 10);
    }

    private void Check(int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE)) SqliteException.ThrowExceptionForRC(result, _connection.Handle);
    }

    public void Dispose()
    {
        _insert.Dispose();
        _sql.Execute($"DROP TABLE IF EXISTS {Name}");
    }
}
