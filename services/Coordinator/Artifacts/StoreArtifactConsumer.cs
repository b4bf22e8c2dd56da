using MassTransit;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Coordinator.Secrets;
using Platform.Storage;

namespace Platform.Coordinator.Artifacts;

/// <summary>
/// Keeps a succeeded attempt's file with its run (<see cref="StoreArtifact"/>): checks it
/// (<see cref="ArtifactAdmission"/>), asks for the bytes only when the store lacks the digest (or the
/// run has secrets to look for), and answers <see cref="ArtifactStored"/>. Requests take turns, so two
/// steps storing at once cannot both slip under the run's cap.
/// </summary>
public sealed class StoreArtifactConsumer(IRunStore store, RunSecrets secrets, IOptions<ArtifactOptions> options) : IConsumer<StoreArtifact>
{
    private static readonly SemaphoreSlim Turns = new(1, 1);

    public async Task Consume(ConsumeContext<StoreArtifact> context)
    {
        var m = context.Message;
        var answer = await StoreAsync(m, context.CancellationToken).ConfigureAwait(false);
        await context.RespondAsync(answer).ConfigureAwait(false);
    }

    private async Task<ArtifactStored> StoreAsync(StoreArtifact m, CancellationToken cancellationToken)
    {
        if (store is not IRunArtifacts artifacts)
        {
            return new ArtifactStored(m.RunId, m.Path, false, "this Coordinator's run store keeps no artifacts");
        }

        await Turns.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = await artifacts.ListArtifactsAsync(m.RunId, cancellationToken).ConfigureAwait(false);
            if (stored.FirstOrDefault(a => ArtifactAdmission.IsSame(a, m)) is { } same)
            {
                return same.Digest == m.Digest
                    ? new ArtifactStored(m.RunId, m.Path, false, null)
                    : new ArtifactStored(m.RunId, m.Path, false, $"artifact {m.Path} of this attempt is stored already with other content");
            }

            if (ArtifactAdmission.Refusal(m, stored, options.Value) is { } refusal)
            {
                return new ArtifactStored(m.RunId, m.Path, false, refusal);
            }

            var runSecrets = secrets.Get(m.RunId);
            if (m.Content is null)
            {
                var held = runSecrets.Count == 0 && await artifacts.HasArtifactContentAsync(m.Digest, cancellationToken).ConfigureAwait(false);
                if (!held)
                {
                    return new ArtifactStored(m.RunId, m.Path, true, null);
                }
            }
            else if (ArtifactAdmission.ContentRefusal(m, m.Content, runSecrets) is { } damaged)
            {
                return new ArtifactStored(m.RunId, m.Path, false, damaged);
            }

            await artifacts.SaveArtifactAsync(m.RunId, new StoredArtifact(m.Path, m.Digest, m.Size, m.StepId, m.Attempt), m.Content, cancellationToken)
                .ConfigureAwait(false);
            return new ArtifactStored(m.RunId, m.Path, false, null);
        }
        finally
        {
            Turns.Release();
        }
    }
}
