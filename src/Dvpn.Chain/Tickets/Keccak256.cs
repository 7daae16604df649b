using Org.BouncyCastle.Crypto.Digests;

namespace Dvpn.Chain.Tickets;

/// <summary>
/// Ethereum's keccak256 (the original Keccak padding, not NIST SHA3-256) over spans, without allocating: one
/// BouncyCastle digest per thread, reset after every use.
/// </summary>
public static class Keccak256
{
    /// <summary>The size of a keccak256 hash.</summary>
    public const int Size = 32;

    [ThreadStatic]
    private static KeccakDigest? t_digest;

    private static KeccakDigest Digest => t_digest ??= new KeccakDigest(256);

    /// <summary>Writes keccak256(<paramref name="data"/>) to the first 32 bytes of <paramref name="hash"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> hash)
    {
        KeccakDigest digest = Digest;
        digest.BlockUpdate(data);
        digest.DoFinal(hash);
    }

    /// <summary>Writes keccak256(<paramref name="first"/> ‖ <paramref name="second"/>) to <paramref name="hash"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> hash)
    {
        KeccakDigest digest = Digest;
        digest.BlockUpdate(first);
        digest.BlockUpdate(second);
        digest.DoFinal(hash);
    }

    /// <summary>keccak256(<paramref name="data"/>) as a new array.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        byte[] hash = new byte[Size];
        Hash(data, hash);
        return hash;
    }
}
