namespace Platform.LoadTest.Load;

/// <summary>
/// One rate of the ladder. Latency is submit → RunFinished seen by the load generator; achieved is
/// the rate at which runs finished, between the first and the last to finish. Behind: completions did
/// not keep up (achieved under 90% of the rate, or runs still unfinished when the drain ended).
/// </summary>
public sealed record LadderRung(
    string Mode,
    double Rate,
    double Seconds,
    int Submitted,
    int Finished,
    int Succeeded,
    int Unfinished,
    double LatencyP50Ms,
    double LatencyP99Ms,
    double LatencyMaxMs,
    double AchievedPerS,
    double SubmitLagMaxMs,
    bool Behind);
