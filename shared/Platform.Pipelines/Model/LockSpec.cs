using Platform.Pipelines.Expressions;

namespace Platform.Pipelines.Model;

/// <summary>
/// A lock a step or group takes before it starts (<c>lock:</c>): shared by every run; at most
/// <see cref="Limit"/> holders at once (1: a mutex, more: a semaphore). The name may be a template
/// (<c>deploy-{{ item }}</c>), rendered when the node starts.
/// </summary>
public sealed record LockSpec(Template Name, int Limit);
