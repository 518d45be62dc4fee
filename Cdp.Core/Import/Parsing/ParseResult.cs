namespace Cdp.Core.Import.Parsing;

/// <summary>A parsed cell: a value, nothing (an empty cell), or the reason it could not be read.</summary>
public readonly record struct ParseResult<T>(bool HasValue, T Value, string? Error)
{
    public bool IsError => Error is not null;

    public static ParseResult<T> Ok(T value) => new(true, value, null);
    public static ParseResult<T> Empty => new(false, default!, null);
    public static ParseResult<T> Fail(string error) => new(false, default!, error);
}
