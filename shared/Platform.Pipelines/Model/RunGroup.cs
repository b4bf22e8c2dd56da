using Platform.Pipelines.Expressions;

namespace Platform.Pipelines.Model;

/// <summary>
/// <c>runs:</c> — a concurrency group of runs: at most <see cref="Limit"/> runs with the same rendered
/// <see cref="Key"/> run at once; <see cref="OnLimit"/> says what a run that finds the group full does.
/// </summary>
public sealed record RunGroup(Template Key, int Limit, OnLimit OnLimit, int? MaxQueued);
