using System.Numerics;
using System.Text;
using Dvpn.Chain.Tickets;
using Nethereum.ABI.EIP712;
using Nethereum.Util;

namespace Dvpn.Chain.Tests.Tickets;

/// <summary>Our EIP-712 encoding against Nethereum's generic typed-data encoder, an independent implementation.</summary>
public sealed class TicketDomainTests
{
    public static TheoryData<string> VectorNames()
    {
        var data = new TheoryData<string>();
        foreach (var v in TicketVectors.All())
        {
            data.Add(v.Name);
        }

        return data;
    }

    private static (TicketDomain Domain, Ticket Ticket) Vector(string name)
    {
        var v = TicketVectors.All().Single(x => x.Name == name);
        return (v.Domain, v.Ticket);
    }

    private static TypedData<Domain> NethereumTypedData(TicketDomain domain, Ticket t) => new()
    {
        Domain = new Domain
        {
            Name = "DvpnLottery",
            Version = "1",
            ChainId = domain.ChainId,
            VerifyingContract = domain.Lottery.ToString(),
        },
        Types = new Dictionary<string, MemberDescription[]>
        {
            ["EIP712Domain"] =
            [
                new() { Name = "name", Type = "string" },
                new() { Name = "version", Type = "string" },
                new() { Name = "chainId", Type = "uint256" },
                new() { Name = "verifyingContract", Type = "address" },
            ],
            ["Ticket"] =
            [
                new() { Name = "recipient", Type = "address" },
                new() { Name = "commit", Type = "bytes32" },
                new() { Name = "issued", Type = "uint64" },
                new() { Name = "nonce", Type = "uint64" },
                new() { Name = "faceValue", Type = "uint96" },
                new() { Name = "winProb", Type = "uint64" },
                new() { Name = "expiry", Type = "uint64" },
                new() { Name = "token", Type = "address" },
                new() { Name = "funder", Type = "address" },
                new() { Name = "data", Type = "uint96" },
            ],
        },
        PrimaryType = "Ticket",
        Message =
        [
            new() { TypeName = "address", Value = t.Recipient.ToString() },
            new() { TypeName = "bytes32", Value = t.Commit.ToArray() },
            new() { TypeName = "uint64", Value = new BigInteger(t.Issued) },
            new() { TypeName = "uint64", Value = new BigInteger(t.Nonce) },
            new() { TypeName = "uint96", Value = t.FaceValue },
            new() { TypeName = "uint64", Value = new BigInteger(t.WinProb) },
            new() { TypeName = "uint64", Value = new BigInteger(t.Expiry) },
            new() { TypeName = "address", Value = t.Token.ToString() },
            new() { TypeName = "address", Value = t.Funder.ToString() },
            new() { TypeName = "uint96", Value = t.Data },
        ],
    };

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Digest_MatchesNethereumTypedDataEncoder(string vector)
    {
        (TicketDomain domain, Ticket ticket) = Vector(vector);
        TypedDataHashResult expected = Eip712TypedDataEncoder.Current.CalculateTypedDataHashes(NethereumTypedData(domain, ticket));

        byte[] hashStruct = new byte[32];
        TicketDomain.HashStruct(ticket, hashStruct);

        Assert.Equal(Convert.ToHexString(expected.DomainHash), Convert.ToHexString(domain.Separator));
        Assert.Equal(Convert.ToHexString(expected.MessageHash), Convert.ToHexString(hashStruct));
        Assert.Equal(Convert.ToHexString(expected.TypedDataHash), Convert.ToHexString(domain.Digest(ticket)));
    }

    [Fact]
    public void TicketTypeHash_IsKeccakOfTheProtocolTypeString()
    {
        const string FromProtocolMd = "Ticket(address recipient,bytes32 commit,uint64 issued,uint64 nonce,uint96 faceValue,uint64 winProb,uint64 expiry,address token,address funder,uint96 data)";
        Assert.Equal(FromProtocolMd, TicketDomain.TicketType);
        Assert.Equal(Sha3Keccack.Current.CalculateHash(Encoding.ASCII.GetBytes(FromProtocolMd)), TicketDomain.TicketTypeHash.ToArray());
    }

    [Fact]
    public void Digest_DependsOnChainAndContract()
    {
        Ticket t = TicketVectors.Basic();
        byte[] a = new TicketDomain(1, TicketVectors.Lottery).Digest(t);
        byte[] b = new TicketDomain(2, TicketVectors.Lottery).Digest(t);
        byte[] c = new TicketDomain(1, TicketVectors.Provider).Digest(t);
        Assert.NotEqual(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(a, new TicketDomain(1, TicketVectors.Lottery).Digest(t));
    }

    [Theory]
    [InlineData(-1)]
    public void Constructor_RejectsNegativeChainId(int chainId) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TicketDomain(chainId, TicketVectors.Lottery));

    [Fact]
    public void Constructor_RejectsChainIdAbove256Bits() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TicketDomain(BigInteger.One << 256, TicketVectors.Lottery));
}
