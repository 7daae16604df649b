using System.Numerics;
using System.Security.Cryptography;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Util;

namespace Dvpn.Chain.Tests.Support;

/// <summary>
/// Registers a provider with arbitrary bytes where the contract takes strings, as a hostile provider can: the ABI
/// encodes <c>string</c> and <c>bytes</c> alike, so we encode bytes and put register(string,...)'s selector on it.
/// </summary>
internal static class RawDirectory
{
    [Function("register")]
    private sealed class RegisterBytes : FunctionMessage
    {
        [Parameter("bytes", "endpoint", 1)] public byte[] Endpoint { get; set; } = [];
        [Parameter("bytes32", "tlsFingerprint", 2)] public byte[] TlsFingerprint { get; set; } = new byte[32];
        [Parameter("bytes32", "wgPublicKey", 3)] public byte[] WgPublicKey { get; set; } = new byte[32];
        [Parameter("uint256", "pricePerGiB", 4)] public BigInteger PricePerGiB { get; set; }
        [Parameter("bytes", "region", 5)] public byte[] Region { get; set; } = [];
        [Parameter("bytes", "metadata", 6)] public byte[] Metadata { get; set; } = [];
    }

    public static async Task RegisterAsync(ChainConnection chain, string directory, byte[] endpoint, byte[] region, bool zeroFingerprint = false)
    {
        var message = new RegisterBytes
        {
            Endpoint = endpoint,
            TlsFingerprint = zeroFingerprint ? new byte[32] : RandomNumberGenerator.GetBytes(32),
            WgPublicKey = RandomNumberGenerator.GetBytes(32),
            PricePerGiB = 1,
            Region = region,
            Metadata = [0xff, 0x00, 0xfe],
        };
        string data = message.GetCallData().ToHex();
        string selector = Sha3Keccack.Current.CalculateHash("register(string,bytes32,bytes32,uint256,string,bytes)")[..8];
        var input = new TransactionInput("0x" + selector + data[8..], directory, chain.Address, new HexBigInteger(1_000_000), new HexBigInteger(0));
        TransactionReceipt receipt = await chain.Web3.Eth.TransactionManager.SendTransactionAndWaitForReceiptAsync(input);
        Assert.Equal(1, (int)receipt.Status.Value);
    }
}
