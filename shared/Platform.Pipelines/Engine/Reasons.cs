using System.Globalization;

namespace Platform.Pipelines.Engine;

/// <summary>
/// Every reason the engine gives for a step or group that did not simply succeed, built in one place
/// so they read alike and name the root cause: <c>cancelled: build failed (in parallel-1)</c>.
/// A cause is the text after the status prefix; <see cref="Cancelled"/> and <see cref="Skipped"/> add
/// the prefix exactly once.
/// </summary>
internal static class Reasons
{
    public const string NoFailureHappened = "skipped: runs only after a failure, and none happened";

    public const string NoNeedFailed = "skipped: runs only when a need failed, and none did";

    public const string TimedOut = "timed out";

    public const string CancelledByExecutor = "cancelled by the executor";

    public const string NoLongerWanted = "no longer wanted: the step already ended or moved on";

    public const string Superseded = "superseded after a restart";

    public static string Cancelled(string cause) => "cancelled: " + cause;

    public static string Skipped(string cause) => "skipped: " + cause;

    /// <summary>The prefix for a node stopped with <paramref name="status"/>.</summary>
    public static string Stopped(StepStatus status, string cause) => status switch
    {
        StepStatus.Skipped => Skipped(cause),
        StepStatus.TimedOut => cause,
        _ => Cancelled(cause),
    };

    /// <summary>
    /// A node failed: its id and status, and the scope where that stopped others (<paramref name="scope"/>;
    /// by default the group the node is in), unless that is the top level.
    /// </summary>
    public static string Failure(NodeInstance failed, GroupInstance? scope = null)
    {
        var what = $"{failed.Id} {failed.Status.ToWire()}";
        return (scope ?? failed.Parent) is { Parent: not null } where ? $"{what} (in {where.Id})" : what;
    }

    /// <summary>Why a group failed: the step at the root of it, or the child that failed.</summary>
    public static string GroupFailed(GroupInstance group) =>
        group.Culprit is { } culprit ? Failure(culprit) : $"a child of {group.Id} failed";

    public static string RaceWon(GroupInstance race, int needed, NodeInstance last) => needed == 1
        ? $"{race.Id} was won by {last.Id}"
        : $"{race.Id} reached {Branches(needed)} ({last.Id} completed it)";

    public static string RaceLost(GroupInstance race, int needed) =>
        $"{race.Id} can no longer reach {Branches(needed)}";

    public static string GroupTimedOut(GroupInstance group, TimeSpan after) => $"{group.Id} timed out after {Durations.Format(after)}";

    public static string StepTimedOut(TimeSpan after) => $"timed out after {Durations.Format(after)}";

    public static string RunTimedOut(TimeSpan after) => $"run timed out after {Durations.Format(after)}";

    public static string RunCancelled(string reason) => reason;

    public static string CancelledBeforeStart(string reason) => Skipped($"run cancelled before it started ({reason})");

    public static string ConditionFalse(string condition) => Skipped($"condition is false ({condition})");

    public static string ConditionError(string error) => $"condition could not be evaluated: {error}";

    public static string ItemsError(string error) => $"could not expand items: {error}";

    /// <summary>A node waiting for its locks; drivers add who holds them (<c>held by run R, step S</c>).</summary>
    public static string WaitingForLocks(IEnumerable<string> names) =>
        (names.ToList() is [var one] ? "waiting for lock " + one : "waiting for locks " + string.Join(", ", names));

    public static string LockLost(string why) => $"lost its lock: {why}";

    public static string CouldNotStart(string error) => $"could not start: {error}";

    public static string TooManySteps(string forEach, long wouldBe, int max) =>
        $"could not expand items: {forEach} would bring the run to {wouldBe.ToString("N0", CultureInfo.InvariantCulture)} steps; "
        + $"at most {max.ToString("N0", CultureInfo.InvariantCulture)} are allowed (setting MaxStepsPerRun)";

    /// <summary>A DAG child whose needs did not all succeed: the root cause if a failure is behind it.</summary>
    public static string NeedNotMet(NodeInstance need) =>
        need.Culprit is { } culprit && culprit != need
            ? Skipped(Failure(culprit))
            : Skipped($"need {need.Id} {need.Status.ToWire()}");

    public static string Retrying(int attempt, StepStatus status, string reason) =>
        $"attempt {attempt.ToString(CultureInfo.InvariantCulture)} {status.ToWire()} ({reason}); retrying";

    public static string RetryingIn(string note, TimeSpan delay) => $"{note} in {Durations.Format(delay)}";

    public static string AfterAttempts(string reason, int attempts) =>
        attempts > 1 ? $"{reason} after {attempts.ToString(CultureInfo.InvariantCulture)} attempts" : reason;

    public static string Interrupted(int attempt) =>
        $"attempt {attempt.ToString(CultureInfo.InvariantCulture)} was interrupted by a restart; running it again";

    public static string Lost(string why) => $"lost: {why}";

    public static string LostRunningAgain(int attempt, string why) =>
        $"attempt {attempt.ToString(CultureInfo.InvariantCulture)} was lost ({why}); running it again";

    /// <summary>A waiting gate says how to answer it.</summary>
    public static string WaitingForApproval(string runId, string stepId, string? message) =>
        (message is { Length: > 0 } m ? m + " — " : "") + $"waiting for approval: ./platform approve {runId} {stepId}";

    public static string Approved(string by, string? comment) => $"approved by {by}" + (comment is { Length: > 0 } c ? $": {c}" : "");

    public static string Rejected(string by, string? comment) => $"rejected by {by}" + (comment is { Length: > 0 } c ? $": {c}" : "");

    public static string ApprovalTimedOut(TimeSpan after) => $"no decision within {Durations.Format(after)}";

    public static string Reused(string runId) => $"reused from run {runId}";

    private static string Branches(int n) => n == 1 ? "1 successful branch" : $"{n.ToString(CultureInfo.InvariantCulture)} successful branches";

    /// <summary><c>conflict: first.txt written by Step1A and Step1B (in WritingInParallel)</c>, and how many more paths; steps and group by name, else id.</summary>
    public static string Conflict(GroupInstance group, IReadOnlyList<LayerConflict> conflicts)
    {
        var first = conflicts[0];
        var more = conflicts.Count > 1 ? $" and {conflicts.Count - 1} more path{(conflicts.Count == 2 ? "" : "s")}" : "";
        return $"conflict: {first.Path} written by {first.First} and {first.Second}{more} (in {WorkspaceLayers.BranchName(group)})";
    }

    public static string MergeFailed(GroupInstance group, string error) => $"could not merge the branches of {group.Id}: {error}";
}
