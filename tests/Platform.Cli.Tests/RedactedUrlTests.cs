using Platform.ServiceDefaults;

namespace Platform.Cli.Tests;

/// <summary>Where a location is printed, a password in it is not.</summary>
public class RedactedUrlTests
{
    [Theory]
    [InlineData("mongodb://admin:hunter2@db:27017/platform", "mongodb://admin:***@db:27017/platform")]
    [InlineData("amqp://ci:p%40ss@rabbit/", "amqp://ci:***@rabbit/")]
    [InlineData("mongodb://db:27017/platform", "mongodb://db:27017/platform")]
    [InlineData("/home/me/.local/share/platform/runs.db", "/home/me/.local/share/platform/runs.db")]
    public void A_password_in_a_location_is_masked(string location, string printed) => Assert.Equal(printed, RedactedUrl.Of(location));

    [Fact]
    public void A_broker_url_is_printed_with_its_password_masked() =>
        Assert.Equal("amqp://ci:***@rabbit:5672/platform", RabbitMqSettings.Mask("amqp://ci:s3cret@rabbit/platform"));
}
