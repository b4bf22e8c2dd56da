using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Coordinator.Ownership;
using Platform.Coordinator.Running;
using Platform.Storage;
using Platform.ServiceDefaults;

namespace Platform.Coordinator.Commands;

/// <summary>
/// Takes the commands other processes left in the store for the runs this Coordinator holds
/// (<see cref="IRunCommands"/>) and publishes them as the bus messages a distributed client would
/// send: how <c>./platform cancel</c> or <c>approve</c> in a second terminal reaches an embedded run.
/// Polls every <see cref="CoordinatorOptions.CommandPollInterval"/>.
/// </summary>
public sealed class RunCommandInbox(IRunStore store, RunOwnership ownership, IBus bus, IOptions<CoordinatorOptions> options, ILogger<RunCommandInbox> logger)
    : BackgroundService
{
    /// <summary>Command bodies are the bus messages in their JSON form (camelCase, as the CLI writes them).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is not IRunCommands commands || !ownership.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.CommandPollInterval);
        using var ticksEnd = timer.StopOn(stoppingToken);
        while (await timer.WaitForNextTickAsync().ConfigureAwait(false))
        {
            try
            {
                foreach (var command in await commands.TakeCommandsAsync(ownership.Owner, stoppingToken).ConfigureAwait(false))
                {
                    await PublishAsync(command, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not read the run command inbox; trying again");
            }
        }
    }

    private Task PublishAsync(RunCommand command, CancellationToken cancellationToken)
    {
        switch (command.Kind)
        {
            case RunCommandKind.Cancel:
                var cancel = JsonSerializer.Deserialize<CancelRun>(command.Body, Json);
                return cancel is null || cancel.RunId != command.RunId
                    ? Refuse(command)
                    : bus.Publish(cancel, cancellationToken);
            case RunCommandKind.Approve:
                var approve = JsonSerializer.Deserialize<ApproveStep>(command.Body, Json);
                return approve is null || approve.RunId != command.RunId
                    ? Refuse(command)
                    : bus.Publish(approve, cancellationToken);
            default:
                throw new InvalidOperationException($"a run command the Coordinator does not know: {command.Kind}");
        }
    }

    private Task Refuse(RunCommand command)
    {
        logger.LogWarning("Run {RunId}: ignored a {Kind} command whose body is not one", command.RunId, command.Kind);
        return Task.CompletedTask;
    }
}
