using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults.Signing;

/// <summary>
/// The key the Coordinator signs its commands to Executors with (ExecuteStep, CancelStep) and Executors
/// check them against: HMAC-SHA256 over the message type and the message's JSON, carried in the
/// <see cref="Header"/> header. Anyone who can publish to the broker but lacks the key cannot make
/// an Executor run anything.
/// </summary>
public sealed class CommandSigningKey
{
    public const string Variable = "PLATFORM_SIGNING_KEY";
    public const string FileVariable = "PLATFORM_SIGNING_KEY_FILE";
    public const string Header = "Platform-Signature";

    private readonly byte[] _key;

    private CommandSigningKey(byte[] key, bool generated)
    {
        _key = key;
        Generated = generated;
    }

    /// <summary>True when no key was configured and this one is this process's alone.</summary>
    public bool Generated { get; }

    public static CommandSigningKey Of(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return new CommandSigningKey(Encoding.UTF8.GetBytes(key), generated: false);
    }

    /// <summary>A random key for this process only: what the embedded default uses.</summary>
    public static CommandSigningKey Generate() => new(RandomNumberGenerator.GetBytes(32), generated: true);

    /// <summary>
    /// <see cref="Variable"/>, else the file named by <see cref="FileVariable"/> (configuration or
    /// environment), else a generated key with a warning: commands then reach only Executors of this process.
    /// </summary>
    public static CommandSigningKey Resolve(IConfiguration? configuration, ILogger? logger)
    {
        string? Setting(string name) => configuration?[name] is { Length: > 0 } configured ? configured
            : Environment.GetEnvironmentVariable(name) is { Length: > 0 } variable ? variable : null;

        if (Setting(Variable) is { } key)
        {
            return Of(key);
        }

        if (Setting(FileVariable) is { } file)
        {
            return Of(File.ReadAllText(file).TrimEnd('\r', '\n'));
        }

        logger?.LogWarning("No {Variable} or {FileVariable}: using a key of this process only; Executors in other processes will refuse its commands",
            Variable, FileVariable);
        return Generate();
    }

    public string Sign<T>(T message)
        where T : class => Convert.ToBase64String(Mac(message));

    public bool Verify<T>(T message, string? signature)
        where T : class
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var given = new byte[32];
        return Convert.TryFromBase64String(signature, given, out var length) && length == given.Length
            && CryptographicOperations.FixedTimeEquals(given, Mac(message));
    }

    private byte[] Mac<T>(T message)
        where T : class
    {
        // The type is part of what is signed, so a signature cannot be moved to another kind of command.
        var type = Encoding.UTF8.GetBytes(typeof(T).FullName + "\n");
        var body = JsonSerializer.SerializeToUtf8Bytes(message);
        byte[] signed = [.. type, .. body];
        return HMACSHA256.HashData(_key, signed);
    }
}
