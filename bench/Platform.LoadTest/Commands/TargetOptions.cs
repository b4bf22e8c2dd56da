using System.CommandLine;

namespace Platform.LoadTest.Commands;

/// <summary>Where the load goes: a broker with the services running, or embedded in this process.</summary>
public sealed class TargetOptions
{
    public Option<string?> Broker { get; } = new("--broker") { Description = "AMQP URL of the running services; absent = embedded in this process." };

    public Option<int> Slots { get; } = new("--slots") { Description = "Embedded executor slots.", DefaultValueFactory = _ => 64 };

    public Option<FileInfo> Pipeline { get; } = new("--pipeline") { Description = "The pipeline every run submits.", Required = true };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Broker);
        command.Options.Add(Slots);
        command.Options.Add(Pipeline);
    }

    public static string ModeOf(string? broker) => broker is null ? "embedded" : "rabbitmq";
}
