using System.Security.Cryptography;
using System.Text;

namespace Platform.Storage;

/// <summary>
/// Run ids on the bus are GUIDs. <c>--run-id</c> accepts a GUID or any name; a name always maps to
/// the same GUID, so submitting it twice is idempotent.
/// </summary>
public static class RunIds
{
    public static Guid From(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Guid.NewGuid();
        }

        if (Guid.TryParse(text, out var guid))
        {
            return guid;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("platform-run:" + text));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5-style name-based id
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16));
    }
}
