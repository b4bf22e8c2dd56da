using Platform.Storage.InMemory;

namespace Platform.Storage.Tests;

public sealed class InMemoryRunStoreTests : RunStoreContract
{
    protected override IRunStore Store { get; } = new InMemoryRunStore();
}
