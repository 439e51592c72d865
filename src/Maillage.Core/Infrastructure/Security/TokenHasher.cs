using System.Security.Cryptography;
using System.Text;

namespace Maillage.Core.Infrastructure.Security;

/// <summary>Personal API tokens: "mlg_" + 40 random base32 characters; only the SHA-256 hash is stored.</summary>
public static class TokenHasher
{
    public const string Prefix = "mlg_";

    public static string NewToken()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var bytes = RandomNumberGenerator.GetBytes(40);
        var sb = new StringBuilder(Prefix, Prefix.Length + 40);
        foreach (var b in bytes) sb.Append(alphabet[b % 32]);
        return sb.ToString();
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
