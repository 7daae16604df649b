using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Dvpn.Protocol.Sessions;
using Dvpn.Provider.DataPlane;
using Dvpn.Provider.Hosting;
using Dvpn.Provider.Metrics;
using Dvpn.Provider.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dvpn.Provider.Tests.Sessions;

/// <summary>
/// What session tests share: a clock at a fixed instant, the provider's terms at one token unit per byte (price
/// 2^30 per GiB, so owed = bytes and the credit limit = CreditLimitBytes), a lottery domain and signers.
/// </summary>
internal sealed class SessionKit : IDisposable
{
    public const ulong ChainId = 31337;
    public const ulong CreditLimitBytes = 2 * 1024 * 1024;
    public static readonly EthAddress Lottery = EthAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    public static readonly EthAddress Provider = EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    public static readonly EthAddress Funder = EthAddress.Parse("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");

    private readonly ServiceProvider _services;
    private int _nextAddress = 2;

    public SessionKit()
    {
        Options = new ProviderOptions();
        Options.Listing.PricePerGiB = 1UL << 30;
        Options.Payment.CreditLimitBytes = CreditLimitBytes;
        Options.Payment.ClaimCost = 1_000;
        Settings = PaymentSettings.Create(Options);
        Domain = new TicketDomain(ChainId, Lottery);
        Verifier = new TicketVerifier(Domain);
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Metrics = new ProviderMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        SignerKey = SignerKey.Generate();
        Signer = new TicketSigner(SignerKey, Domain);
    }

    /// <summary>2026-03-01 12:00 UTC, far from any epoch edge.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public ProviderOptions Options { get; }

    public PaymentSettings Settings { get; }

    public TicketDomain Domain { get; }

    public TicketVerifier Verifier { get; }

    public ProviderMetrics Metrics { get; }

    public SignerKey SignerKey { get; }

    public TicketSigner Signer { get; }

    /// <summary>A session of <see cref="Signer"/> opened now, with a fresh WireGuard key and the next tunnel address.</summary>
    public Session OpenSession(TicketSigner? signer = null, bool ipv6 = false)
    {
        signer ??= Signer;
        int host = _nextAddress++;
        var request = new SessionRequest(ChainId, Lottery, Provider, RandomNumberGenerator.GetBytes(32), Funder, signer.Address,
            EthAddress.Zero, Time.GetUtcNow(), RandomNumberGenerator.GetBytes(16), ipv6);
        var addresses = new SessionAddresses(IPAddress.Parse($"10.77.0.{host}"), ipv6 ? IPAddress.Parse($"fd77::{host:x}") : null);
        return new Session(SessionId.New(), request, addresses, Settings, Time.GetUtcNow());
    }

    /// <summary>A ticket for <paramref name="session"/>'s current commit, signed by <paramref name="signer"/>.</summary>
    public SignedTicket Ticket(Session session, ulong nonce, ulong winProb, BigInteger? faceValue = null, TicketSigner? signer = null,
        ReadOnlyMemory<byte>? commit = null, EthAddress? recipient = null, TimeSpan? lifetime = null)
    {
        ReadOnlyMemory<byte> c;
        lock (session.Sync)
        {
            c = commit ?? session.Commits.Commit.ToArray();
        }

        ulong now = (ulong)Time.GetUtcNow().ToUnixTimeSeconds();
        var ticket = new Ticket
        {
            Recipient = recipient ?? Provider,
            Commit = c,
            Issued = now,
            Nonce = nonce,
            FaceValue = faceValue ?? 1_000_000,
            WinProb = winProb,
            Expiry = now + (ulong)(lifetime ?? TimeSpan.FromHours(2)).TotalSeconds,
            Token = EthAddress.Zero,
            Funder = Funder,
        };
        return (signer ?? Signer).Sign(ticket);
    }

    public void Dispose()
    {
        Signer.Dispose();
        SignerKey.Dispose();
        _services.Dispose();
    }
}
