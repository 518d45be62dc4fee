using Cdp.Core.Accounts;
using Cdp.Core.Audit;
using Cdp.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Cdp.Tests.Core.Accounts;

public class ApiKeysTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_SecretWorksOnce_StoredOnlyAsHash()
    {
        await using var database = await TestDatabase.CreateAsync();
        var keys = new ApiKeys(database.Factory, TimeProvider.System);

        var created = await keys.CreateAsync(" Website ", ApiKeyScope.Personalize, "admin@example.com", Cancel);

        Assert.Equal("Website", created.Key.Name);
        Assert.StartsWith(created.Key.Prefix, created.Secret);
        Assert.Equal(created.Key, await keys.VerifyAsync(created.Secret, Cancel));
        await using var db = database.NewContext();
        var stored = await db.ApiKeys.SingleAsync(Cancel);
        Assert.DoesNotContain(created.Secret, new[] { stored.Hash, stored.Prefix, stored.Name });
        Assert.Equal(64, stored.Hash.Length);
    }

    [Fact]
    public async Task Verify_UnknownOrAlteredSecret_IsNull()
    {
        await using var database = await TestDatabase.CreateAsync();
        var keys = new ApiKeys(database.Factory, TimeProvider.System);
        var created = await keys.CreateAsync("Export", ApiKeyScope.ReadWrite, "admin@example.com", Cancel);

        Assert.Null(await keys.VerifyAsync(created.Secret + "x", Cancel));
        Assert.Null(await keys.VerifyAsync("", Cancel));
        Assert.Null(await keys.VerifyAsync("not-even-our-format", Cancel));
    }

    [Fact]
    public async Task Revoke_StopsTheKeyAtOnce_EvenWhenRemembered()
    {
        await using var database = await TestDatabase.CreateAsync();
        var keys = new ApiKeys(database.Factory, TimeProvider.System);
        var created = await keys.CreateAsync("Website", ApiKeyScope.Personalize, "admin@example.com", Cancel);
        Assert.NotNull(await keys.VerifyAsync(created.Secret, Cancel));

        var revoked = await keys.RevokeAsync(created.Key.Id, Cancel);

        Assert.False(revoked!.IsActive);
        Assert.Null(await keys.VerifyAsync(created.Secret, Cancel));
        Assert.Contains(await keys.ListAsync(Cancel), k => k.Id == created.Key.Id && !k.IsActive);
        Assert.Null(await keys.RevokeAsync(999, Cancel));
    }

    [Fact]
    public async Task CreateAndRevoke_WithAnAuditLog_AreRecorded_NeverTheSecretOrHash()
    {
        await using var database = await TestDatabase.CreateAsync();
        var audit = new AuditLog(database.Factory, TimeProvider.System);
        var keys = new ApiKeys(database.Factory, TimeProvider.System, audit);
        var created = await keys.CreateAsync("Website", ApiKeyScope.Personalize, "admin@example.com", Cancel);

        await keys.RevokeAsync(created.Key.Id, new Actor("second@example.com"), Cancel);
        await keys.RevokeAsync(created.Key.Id, new Actor("second@example.com"), Cancel);   // already revoked: nothing to record

        var entries = (await audit.QueryAsync(new AuditFilter(EntityType: AuditEntityTypes.ApiKey), Cancel)).Entries;
        Assert.Equal([(AuditActions.Revoked, "second@example.com"), (AuditActions.Created, "admin@example.com")],
            entries.Select(e => (e.Action, e.Actor)));
        Assert.All(entries, e => Assert.Equal((created.Key.Id.ToString(), "Website"), (e.EntityId, e.EntityName)));
        Assert.Contains("\"revokedAt\":", entries[0].After);
        await using var db = database.NewContext();
        var hash = (await db.ApiKeys.SingleAsync(Cancel)).Hash;
        Assert.All(entries, e => Assert.DoesNotContain(created.Secret, e.Before + e.After));
        Assert.All(entries, e => Assert.DoesNotContain(hash, e.Before + e.After));
    }

    [Theory]
    [InlineData("   ", "Give the key a name")]
    [InlineData("a name far too long for anyone to read in a list of keys, going on and on and on until it passes the limit of characters", "at most 100")]
    public async Task Create_BadName_RefusedWithReason_NothingSaved(string name, string reason)
    {
        await using var database = await TestDatabase.CreateAsync();
        var keys = new ApiKeys(database.Factory, TimeProvider.System);

        var error = await Assert.ThrowsAsync<ApiKeyValidationException>(() => keys.CreateAsync(name, ApiKeyScope.ReadWrite, "admin", Cancel));

        Assert.Contains(reason, error.Message);
        Assert.Empty(await keys.ListAsync(Cancel));
    }
}
