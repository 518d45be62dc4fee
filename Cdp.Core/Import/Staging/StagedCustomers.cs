namespace Cdp.Core.Import.Staging;

/// <summary>
/// Finds the customers that staged order and favourite lines name, by customer id first and e-mail second. The stage
/// table has the columns ExternalId, Email and CustomerId.
/// </summary>
internal static class StagedCustomers
{
    public static void Resolve(SqlSession sql, string t)
    {
        // Customers.Email is NOCASE, and as the left operand its collation decides the comparison (and lets it use the index).
        sql.Execute($"UPDATE {t} SET CustomerId = (SELECT c.Id FROM main.Customers c WHERE c.ExternalId = {t}.ExternalId) WHERE CustomerId IS NULL AND ExternalId IS NOT NULL");
        sql.Execute($"UPDATE {t} SET CustomerId = (SELECT c.Id FROM main.Customers c WHERE c.Email = {t}.Email) WHERE CustomerId IS NULL AND Email IS NOT NULL");
    }

    /// <summary>Rejects the lines whose customer is still unknown, naming the id or e-mail that was looked for.</summary>
    public static List<(long Line, string Message)> RejectUnknown(SqlSession sql, string t, string hint) =>
        StagedRows.Reject(sql, t, "CustomerId IS NULL", $"""
            CASE WHEN ExternalId IS NOT NULL AND Email IS NOT NULL THEN 'no customer with customer id ' || ExternalId || ' or e-mail ' || Email || {SqlString(hint)}
                 WHEN ExternalId IS NOT NULL THEN 'no customer with customer id ' || ExternalId || {SqlString(hint)}
                 WHEN Email IS NOT NULL THEN 'no customer with e-mail ' || Email || {SqlString(hint)}
                 ELSE 'no customer: the line gives neither a customer id nor an e-mail' END
            """);

    /// <summary>A constant of this code's own as an SQL string literal.</summary>
    public static string SqlString(string text) => "'" + text.Replace("'", "''") + "'";
}
