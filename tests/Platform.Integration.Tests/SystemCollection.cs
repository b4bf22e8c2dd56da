namespace Platform.Integration.Tests;

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system over RabbitMQ";
}
