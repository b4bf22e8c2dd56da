using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.Executor.Workspaces;
using Platform.ServiceDefaults.Files;

namespace Platform.Executor.Artifacts;

/// <summary>
/// Moves a run's artifacts between this host and the Coordinator, over the bus (request/response), so an
/// Executor needs no store connection: before a step starts, the run's artifacts this host lacks are
/// fetched (<see cref="GetArtifact"/>), their SHA-256 checked, and written where the step will see them
/// (the run's workspace, or for a step of an isolated branch whatever its layers are read from,
/// <see cref="BranchWorkspaces.PlaceFor"/>); after it succeeds, the files its globs match as the step saw
/// them (through its layers, <see cref="BranchWorkspaces.ViewOf"/>) are stored (<see cref="StoreArtifact"/>: asked first without the
/// bytes, which are sent only when the Coordinator lacks them). A file holding a secret value of the run is
/// refused here (<see cref="SecretScan"/>) and again by the Coordinator. Any refusal fails the step with its reason.
/// The bus is looked up only when a step has artifacts: a host without one (a runner test) runs every other step.
/// </summary>
public sealed class ArtifactExchange(IServiceProvider services, BranchWorkspaces workspaces, HostArtifacts host, ILogger<ArtifactExchange> logger)
{
    private IBus Bus => services.GetRequiredService<IBus>();

    private static readonly RequestTimeout Timeout = RequestTimeout.After(m: 2);

    /// <summary>Places the artifacts of earlier steps that this host lacks; the reason the step cannot start, or null.</summary>
    public async Task<string?> PlaceInputsAsync(ExecuteStep step, CancellationToken cancellationToken)
    {
        if (step.Inputs is not { Count: > 0 } inputs)
        {
            return null;
        }

        var workspace = Path.GetFullPath(workspaces.DirectoryOf(step.RunId));
        var view = workspaces.ViewOf(step.RunId, step.Layers);
        var place = workspaces.PlaceFor(step.RunId, step.Layers);
        var gate = host.GateOf(step.RunId);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var input in inputs.Where(i => !host.Has(step.RunId, i.Path, i.Digest)))
            {
                if (!Path.GetFullPath(Path.Combine(workspace, input.Path)).StartsWith(workspace + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    return $"artifact {input.Path} of step '{input.StepId}' is outside the run's workspace";
                }

                // Seen by the step already (its layers may hold its own version), or present where it is read from: left alone.
                var target = Path.Combine(place, input.Path);
                if (view.Locate(input.Path) is null && !OverlayView.Exists(target))
                {
                    var answer = await Bus.CreateRequestClient<GetArtifact>(Timeout)
                        .GetResponse<ArtifactContent>(new GetArtifact(step.RunId, input.Digest), cancellationToken).ConfigureAwait(false);
                    if (answer.Message.Content is not { } content)
                    {
                        return $"artifact {input.Path} of step '{input.StepId}' is not held by the run's Coordinator";
                    }

                    if (ArtifactDigest.Of(content) != input.Digest)
                    {
                        return $"artifact {input.Path} of step '{input.StepId}' arrived with another SHA-256 than it was stored with";
                    }

                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    var partial = target + ".platform-partial";
                    await File.WriteAllBytesAsync(partial, content, cancellationToken).ConfigureAwait(false);
                    File.Move(partial, target, overwrite: false);
                    logger.LogInformation("Fetched artifact {Path} ({Size} bytes) of step {StepId} for run {RunId}", input.Path, input.Size, input.StepId, step.RunId);
                }

                // Present already (made here, or changed since by a step here): the workspace's own version stays.
                host.Add(step.RunId, input.Path, input.Digest);
            }

            return null;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Stores what the succeeded step's globs match; its artifacts, or why the step fails instead.</summary>
    public async Task<(IReadOnlyList<ArtifactRef> Stored, string? Error)> StoreOutputsAsync(ExecuteStep step, string workdir, CancellationToken cancellationToken)
    {
        if (step.Artifacts is not { Count: > 0 } globs)
        {
            return ([], null);
        }

        var (files, error) = ArtifactFiles.Match(workspaces.ViewOf(step.RunId, step.Layers), workspaces.DirectoryOf(step.RunId), workdir, globs);
        if (error is not null)
        {
            return ([], error);
        }

        var client = Bus.CreateRequestClient<StoreArtifact>(Timeout);
        var stored = new List<ArtifactRef>();
        foreach (var (relative, fullPath) in files)
        {
            if (step.Secrets is { Count: > 0 } secrets && await SecretScan.FindAsync(fullPath, secrets, cancellationToken).ConfigureAwait(false) is { } secret)
            {
                return (stored, $"artifact {relative} contains the value of secret '{secret}': not stored");
            }

            var size = new FileInfo(fullPath).Length;
            var digest = await ArtifactDigest.OfFileAsync(fullPath, cancellationToken).ConfigureAwait(false);
            var request = new StoreArtifact(step.RunId, step.StepId, step.Attempt, relative, digest, size);
            var answer = (await client.GetResponse<ArtifactStored>(request, cancellationToken).ConfigureAwait(false)).Message;
            if (answer.NeedsContent)
            {
                var content = await File.ReadAllBytesAsync(fullPath, cancellationToken).ConfigureAwait(false);
                // Changed between hashing and reading: the Coordinator finds the digest wrong and refuses it.
                answer = (await client.GetResponse<ArtifactStored>(request with { Content = content }, cancellationToken).ConfigureAwait(false)).Message;
            }

            if (answer.Error is { } refused)
            {
                return (stored, refused);
            }

            host.Add(step.RunId, relative, digest);
            stored.Add(new ArtifactRef(relative, digest, size, step.StepId, step.Attempt));
        }

        return (stored, null);
    }
}
