namespace Platform.LoadTest.Floors;

public sealed record SpawnFloorResult(string Command, int Count, double MedianMs, double P99Ms);
