namespace Platform.LoadTest.Floors;

public sealed record ConfirmFloorResult(string Broker, int Count, double MedianMs, double P99Ms);
