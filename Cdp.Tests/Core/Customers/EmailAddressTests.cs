using System.Net.Mail;
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
    /// <summary>The hand-written check for common addresses answers as MailAddress does, on short strings of the characters that matter.</summary>
    [Fact]
    public void IsValid_AgreesWithMailAddress()
    {
        const string alphabet = "aZ9.-_+@";
        var random = new Random(3);
        string[] edges = ["a@b.c", ".a@b.c", "a.@b.c", "a..b@c.d", "a@.b.c", "a@b..c", "a@b.c.", "a@-b.c", "a-@b.c", "_@b.c", "a@b_c.d", "+@b.c", "a@b+c.d"];
        var inputs = edges.Concat(Enumerable.Range(0, 20_000).Select(_ =>
            new string(Enumerable.Range(0, random.Next(3, 9)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray())));
        foreach (var input in inputs)
            Assert.True(Reference(input) == EmailAddress.IsValid(input), input);
    }

    private static bool Reference(string email) =>
        MailAddress.TryCreate(email, out var parsed) && parsed.Address == email
        && parsed.Host.Contains('.') && !parsed.Host.StartsWith('.') && !parsed.Host.EndsWith('.');
}
