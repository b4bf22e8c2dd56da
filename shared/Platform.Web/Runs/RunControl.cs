using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Storage;

namespace Platform.Web.Runs;

/// <summary>
/// What the API asks of runs: submissions go on the bus to a Coordinator; cancels and approvals go on the
/// bus too, or (the embedded <c>serve</c>, <see cref="WebOptions.CommandsThroughStore"/>) into the run's
/// command inbox in the store, where whichever process owns the run takes them — the path
/// <c>./platform cancel</c> and <c>approve</c> use.
/// </summary>
public sealed class RunControl(IBus bus, IRunStore store, IOptions<WebOptions> options, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task SubmitAsync(SubmitRun submission, CancellationToken cancellationToken) => bus.Publish(submission, cancellationToken);

    public Task CancelAsync(Guid runId, string reason, CancellationToken cancellationToken) =>
        SendAsync(runId, RunCommandKind.Cancel, new CancelRun(runId, reason), cancellationToken);

    public Task ApproveAsync(Guid runId, string stepId, bool approve, string by, string? comment, CancellationToken cancellationToken) =>
        SendAsync(runId, RunCommandKind.Approve, new ApproveStep(runId, stepId, approve, by, comment, clock.GetUtcNow()), cancellationToken);

    private Task SendAsync<T>(Guid runId, RunCommandKind kind, T message, CancellationToken cancellationToken)
        where T : class =>
        options.Value.CommandsThroughStore && store is IRunCommands inbox
            ? inbox.EnqueueCommandAsync(runId, kind, JsonSerializer.Serialize(message, Json), clock.GetUtcNow(), cancellationToken)
            : bus.Publish(message, cancellationToken);
}
