using System.Security.Cryptography;
using System.Text;

namespace Platform.Web.Auth;

/// <summary>
/// The one secret every call needs: <c>PLATFORM_API_TOKEN</c>, or one generated at start (and printed,
/// as Jupyter does) when that is unset. Compared in constant time.
/// </summary>
public sealed class ApiToken
{
    public const string EnvironmentVariable = "PLATFORM_API_TOKEN";

    private readonly byte[] _bytes;

    public ApiToken(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
        _bytes = Encoding.UTF8.GetBytes(value);
    }

    public string Value { get; }

    /// <summary>True when the token was made here rather than given: the host prints it.</summary>
    public bool Generated { get; private init; }

    public static ApiToken FromEnvironment() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } given
            ? new ApiToken(given)
            : new ApiToken(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))) { Generated = true };

    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _bytes);
}
