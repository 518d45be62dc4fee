namespace Cdp.Core.Customers;

/// <summary>
/// Age as the whole product counts it (profile, segment rules, breakdowns): whole years on a given day, and
/// people born on 29 February become a year older on 28 February in common years.
/// </summary>
public static class CustomerAge
{
    public static int InYears(DateOnly birthDate, DateOnly today)
    {
        var age = today.Year - birthDate.Year;
        return today < Birthday(birthDate, today.Year) ? age - 1 : age;
    }

    /// <summary>The day the birthday is celebrated in <paramref name="year"/>.</summary>
    public static DateOnly Birthday(DateOnly birthDate, int year) =>
        birthDate is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year)
            ? new DateOnly(year, 2, 28)
            : new DateOnly(year, birthDate.Month, birthDate.Day);
}
