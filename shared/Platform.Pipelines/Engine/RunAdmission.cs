using Platform.Pipelines.Model;

namespace Platform.Pipelines.Engine;

/// <summary>
/// How a run asks for its place in its concurrency group (<c>runs:</c>): what to do when the group is
/// full. Only on the run's first request; asking again after a restart keeps the place it had.
/// </summary>
public sealed record RunAdmission(string Key, OnLimit OnLimit, int? MaxQueued);
