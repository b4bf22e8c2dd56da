using BenchmarkDotNet.Running;
using Platform.Benchmarks;

if (args is ["quick"])
{
    QuickRun.Print(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(EngineBenchmarks).Assembly).Run(args);
