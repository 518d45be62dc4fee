using Cdp.Core.Customers;

namespace Cdp.Tests.Core.Customers;

public class EmailAddressTests
{
    [Theory]
    [InlineData("  Jeff.Miller@Example.COM ", "Jeff.Miller@example.com")]
    [InlineData("anna@MAIL.example", "anna@mail.example")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void Normalize_TrimsAndLowerCasesDomain(string? input, string? expected) =>
        Assert.Equal(expected, EmailAddress.Normalize(input));

    [Theory]
    [InlineData("jeff@example.com", true)]
    [InlineData("first.last+tag@sub.example.org", true)]
    [InlineData("jeff@localhost", false)]
    [InlineData("Jeff <jeff@example.com>", false)]
    [InlineData("not an email", false)]
    [InlineData("a@b@example.com", false)]
    [InlineData("", false)]
    public void IsValid_AcceptsOnlyPlainAddresses(string input, bool expected) =>
        Assert.Equal(expected, EmailAddress.IsValid(input));
}
