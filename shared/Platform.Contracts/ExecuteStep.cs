namespace Platform.Contracts;

/// <summary>
/// Run one attempt of a step. Exactly one of <see cref="Run"/>, <see cref="SleepMilliseconds"/>,
/// <see cref="Http"/> is set; templates are already expanded. <see cref="Secrets"/> become environment
/// variables of the step and are masked as *** in everything the Executor reports. <see cref="Layers"/>:
/// the copy-on-write layers of the isolated branches the step is in, outermost first (null: the directory itself).
/// <see cref="Artifacts"/>: the step's <c>artifacts:</c> globs, stored after it succeeds; <see cref="Inputs"/>: the
/// run's artifacts so far, placed in the workspace before the step starts where this host lacks them.
/// <see cref="DetachedLayers"/>: those of <see cref="Layers"/> that belong to fire-and-forget branches, merged while
/// the directory below them goes on changing (a copied layer then keeps its starting point).
/// </summary>
public sealed record ExecuteStep(
    Guid RunId,
    string StepId,
    int Attempt,
    IReadOnlyList<string>? Run,
    long? SleepMilliseconds,
    HttpRequestSpec? Http,
    IReadOnlyDictionary<string, string> Env,
    string? Workdir,
    long? TimeoutMilliseconds,
    IReadOnlyDictionary<string, string>? Secrets = null,
    IReadOnlyList<string>? Layers = null,
    IReadOnlyList<string>? Artifacts = null,
    IReadOnlyList<ArtifactRef>? Inputs = null,
    IReadOnlyList<string>? DetachedLayers = null);
