using System.Net;
using System.Net.Sockets;

namespace Audit.Tests.Support;

/// <summary>The proxy tests reach the server AUDIT_TEST_PG names, however it is written.</summary>
public sealed class TestDatabaseEndPointTests
{
    [Theory]
    [InlineData("Host=127.0.0.1;Port=55432;Username=postgres", "127.0.0.1:55432")]
    [InlineData("Host=db.example.internal;Port=6000", "db.example.internal:6000")]
    [InlineData("Host=localhost", "localhost:5432")]
    [InlineData("Host=pg-a:7000,pg-b:7001", "pg-a:7000")]
    [InlineData("Host=[::1]:7002", "[::1]:7002")]
    [InlineData("Host=::1;Port=7003", "[::1]:7003")]
    [InlineData("Host=/var/run/postgresql;Port=5433", "unix:/var/run/postgresql/.s.PGSQL.5433")]
    public void Reads_the_servers_endpoint_from_the_connection_string(string connectionString, string expected)
    {
        var text = TestDatabase.EndPointOf(connectionString) switch
        {
            IPEndPoint ip => ip.ToString(),
            DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
            UnixDomainSocketEndPoint unix => "unix:" + unix,
            var other => other.ToString(),
        };
        Assert.Equal(expected, text);
    }
}
