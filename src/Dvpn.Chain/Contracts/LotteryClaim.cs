using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace Dvpn.Chain.Contracts;

/// <summary>
/// One ticket as <c>Lottery.claim</c> takes it: seven 32-byte words, packed as docs/protocol.md §1.3 describes.
/// Build one with <c>SignedTicket.ToClaim(reveal)</c>.
/// </summary>
[Struct("Claim")]
public sealed class LotteryClaim
{
    /// <summary>The provider's 32-byte reveal; the contract recomputes the commit from it.</summary>
    [Parameter("bytes32", "reveal", 1)]
    public byte[] Reveal { get; set; } = new byte[32];

    /// <summary><c>issued &lt;&lt; 192 | nonce &lt;&lt; 128 | winProb &lt;&lt; 64 | expiry</c>.</summary>
    [Parameter("uint256", "packed0", 2)]
    public BigInteger Packed0 { get; set; }

    /// <summary><c>uint160(token) &lt;&lt; 96 | faceValue</c>.</summary>
    [Parameter("uint256", "packed1", 3)]
    public BigInteger Packed1 { get; set; }

    /// <summary><c>uint160(funder) &lt;&lt; 96 | data</c>.</summary>
    [Parameter("uint256", "packed2", 4)]
    public BigInteger Packed2 { get; set; }

    /// <summary><c>uint160(signer) &lt;&lt; 96</c>.</summary>
    [Parameter("uint256", "packed3", 5)]
    public BigInteger Packed3 { get; set; }

    /// <summary>Signature r.</summary>
    [Parameter("bytes32", "r", 6)]
    public byte[] R { get; set; } = new byte[32];

    /// <summary>EIP-2098 compact s with the y-parity in the top bit.</summary>
    [Parameter("bytes32", "vs", 7)]
    public byte[] Vs { get; set; } = new byte[32];
}
