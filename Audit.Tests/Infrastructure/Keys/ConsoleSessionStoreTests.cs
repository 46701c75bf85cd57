using Audit.Infrastructure.Keys;
using Audit.Tests.Support;

namespace Audit.Tests.Infrastructure.Keys;

[Collection(ApiCollection.Name)]
public sealed class ConsoleSessionStoreTests(AuditApiFactory api)
{
    private const string Admin = "the-admin-key-for-these-tests";

    [Fact]
    public async Task A_session_lives_while_its_key_does_and_until_it_expires_or_ends()
    {
        var clock = new FixedTimeProvider(DateTimeOffset.UtcNow);
        var keys = new ApiKeyStore(api.Database.DataSource, clock);
        var sessions = new ConsoleSessionStore(api.Database.DataSource, clock);
        var (info, _) = await keys.CreateAsync("console user " + Guid.NewGuid(), [ApiKeyScopes.Read], "test", CancellationToken.None);

        var token = await sessions.OpenAsync(info.Id, null, TimeSpan.FromHours(1), CancellationToken.None);
        var found = await sessions.FindAsync(token, Admin, CancellationToken.None);
        Assert.Equal(info.Name, found?.Name);
        Assert.Equal(info.Id, found?.KeyId);
        Assert.Equal([ApiKeyScopes.Read], found?.Scopes);
        Assert.Null(await sessions.FindAsync(token + "x", Admin, CancellationToken.None));

        clock.Now += TimeSpan.FromMinutes(61);
        Assert.Null(await sessions.FindAsync(token, Admin, CancellationToken.None));
        clock.Now -= TimeSpan.FromMinutes(61);

        var second = await sessions.OpenAsync(info.Id, null, TimeSpan.FromHours(1), CancellationToken.None);
        await sessions.EndAsync(second, CancellationToken.None);
        Assert.Null(await sessions.FindAsync(second, Admin, CancellationToken.None));

        Assert.NotNull(await sessions.FindAsync(token, Admin, CancellationToken.None));
        await keys.RevokeAsync(info.Id, CancellationToken.None);
        Assert.Null(await sessions.FindAsync(token, Admin, CancellationToken.None));
    }

    [Fact]
    public async Task A_bootstrap_admin_session_ends_when_the_configured_admin_key_changes()
    {
        var sessions = new ConsoleSessionStore(api.Database.DataSource, TimeProvider.System);
        var token = await sessions.OpenAsync(null, Admin, TimeSpan.FromHours(1), CancellationToken.None);
        var found = await sessions.FindAsync(token, Admin, CancellationToken.None);
        Assert.Equal(ConsoleSessionStore.BootstrapName, found?.Name);
        Assert.Equal([ApiKeyScopes.Admin], found?.Scopes);
        Assert.Null(await sessions.FindAsync(token, "another-admin-key", CancellationToken.None));
        Assert.Null(await sessions.FindAsync(token, null, CancellationToken.None));
    }

    [Fact]
    public async Task Only_a_hash_of_the_token_is_stored()
    {
        var sessions = new ConsoleSessionStore(api.Database.DataSource, TimeProvider.System);
        var token = await sessions.OpenAsync(null, Admin, TimeSpan.FromHours(1), CancellationToken.None);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));
        Assert.Equal(1L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM console_sessions WHERE token_hash = @h", ("h", hash)));
        Assert.Equal(0L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM console_sessions WHERE encode(token_hash, 'escape') LIKE '%' || @t || '%'", ("t", token)));
    }
}
