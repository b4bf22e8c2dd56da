namespace Platform.Integration.Tests;

/// <summary>
/// A virtual host of one test class's own on the local broker, for services it starts itself: nothing
/// else on the broker consumes their messages. Deleted on dispose.
/// </summary>
internal sealed class OwnVirtualHost(string prefix) : IDisposable
{
    private readonly string _name = $"{prefix}-{Guid.NewGuid():N}";

    private bool _created;

    public string Url => $"amqp://guest:guest@localhost:5672/{_name}";

    /// <summary>False when the broker is missing or rabbitmqctl could not make it (the tests then skip).</summary>
    public bool TryCreate(SystemFixture system) =>
        _created = system.SkipReason is null && Broker.Rabbitmqctl("add_vhost", _name) == 0
            && Broker.Rabbitmqctl("set_permissions", "-p", _name, "guest", ".*", ".*", ".*") == 0;

    public void Dispose()
    {
        if (_created)
        {
            Broker.Rabbitmqctl("delete_vhost", _name);
        }
    }
}
