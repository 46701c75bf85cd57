namespace Audit.Tests.Support;

/// <summary>Tests that share one API host and database; isolated from each other by unique hosts and sources.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<AuditApiFactory>
{
    public const string Name = "api";
}
