using MassTransit;
using Platform.Contracts;
using Platform.Storage;

namespace Platform.Coordinator.Artifacts;

/// <summary>Answers <see cref="GetArtifact"/> from the run store: an Executor fetching a file of the run its host lacks.</summary>
public sealed class GetArtifactConsumer(IRunStore store) : IConsumer<GetArtifact>
{
    public async Task Consume(ConsumeContext<GetArtifact> context)
    {
        var m = context.Message;
        var content = store is IRunArtifacts artifacts
            ? await artifacts.ReadArtifactAsync(m.RunId, m.Digest, context.CancellationToken).ConfigureAwait(false)
            : null;
        await context.RespondAsync(new ArtifactContent(m.RunId, m.Digest, content)).ConfigureAwait(false);
    }
}
