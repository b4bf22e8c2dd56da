using Platform.Notifier.Notifications;

namespace Platform.Notifier.Tests;

public sealed class SqliteNotificationLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("notify-log-").FullName;

    private SqliteNotificationLog Open() => new(Path.Combine(_dir, "runs.db"), TimeProvider.System);

    [Fact]
    public async Task A_sent_notification_is_not_claimed_again_after_a_restart()
    {
        var key = new NotificationKey(Guid.NewGuid(), "failed", "webhook:http://ci/hooks");
        Assert.True(await Open().TryClaimAsync(key, CancellationToken.None));
        Assert.False(await Open().TryClaimAsync(key, CancellationToken.None)); // in progress elsewhere
        await Open().CompleteAsync(key, NotificationOutcome.Sent, null, CancellationToken.None);

        var restarted = Open();
        Assert.False(await restarted.TryClaimAsync(key, CancellationToken.None));
        var record = Assert.Single(await restarted.ForRunAsync(key.RunId, CancellationToken.None));
        Assert.Equal((NotificationOutcome.Sent, 1), (record.Outcome, record.Deliveries));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_log_and_its_wal_file_are_0600_in_a_0700_folder()
    {
        var path = Path.Combine(_dir, "private", "notifications.db");
        var log = new SqliteNotificationLog(path, TimeProvider.System);
        Assert.True(await log.TryClaimAsync(new NotificationKey(Guid.NewGuid(), "failed", "log:"), CancellationToken.None));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        Assert.Contains(path + "-wal", Directory.GetFiles(Path.GetDirectoryName(path)!));
        Assert.All(Directory.GetFiles(Path.GetDirectoryName(path)!), f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
    }

    [Fact]
    public async Task A_failed_or_released_notification_may_be_tried_again()
    {
        var log = Open();
        var failed = new NotificationKey(Guid.NewGuid(), "failed", "webhook:http://down");
        Assert.True(await log.TryClaimAsync(failed, CancellationToken.None));
        await log.CompleteAsync(failed, NotificationOutcome.Failed, "503", CancellationToken.None);
        Assert.True(await log.TryClaimAsync(failed, CancellationToken.None));
        Assert.Equal(2, (await log.ForRunAsync(failed.RunId, CancellationToken.None)).Single().Deliveries);

        var released = new NotificationKey(Guid.NewGuid(), "cancelled", "log:");
        Assert.True(await log.TryClaimAsync(released, CancellationToken.None));
        await log.ReleaseAsync(released, CancellationToken.None);
        Assert.True(await log.TryClaimAsync(released, CancellationToken.None));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
