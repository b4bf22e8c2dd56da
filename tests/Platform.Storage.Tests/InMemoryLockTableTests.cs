using Platform.Storage.InMemory;

namespace Platform.Storage.Tests;

public sealed class InMemoryLockTableTests : LockTableContract
{
    protected override IRunStore Store { get; } = new InMemoryRunStore();
}
