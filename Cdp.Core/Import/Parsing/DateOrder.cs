namespace Cdp.Core.Import.Parsing;

/// <summary>How to read a numeric date whose first two parts could each be the day: 03/04/2024.</summary>
public enum DateOrder
{
    /// <summary>Not known yet: only unambiguous dates (ISO, or a part above 12) are read.</summary>
    Unknown,
    /// <summary>Day first: 13/01/2024 is 13 January.</summary>
    DayFirst,
    /// <summary>Month first: 01/13/2024 is 13 January.</summary>
    MonthFirst,
}

/// <summary>Which character separates decimals in numbers such as 1,234.56 or 1.234,56.</summary>
public enum DecimalSeparator
{
    /// <summary>Not known yet: only unambiguous numbers are read.</summary>
    Unknown,
    Point,
    Comma,
}
