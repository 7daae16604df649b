using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Dvpn.Client.Events;
using Dvpn.Client.Options;
using Dvpn.Client.Payments;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dvpn.Client.Tests.Payments;

/// <summary>
/// A <see cref="ScriptedProvider"/> served by Kestrel on 127.0.0.1 (HTTP/2 without TLS, as inside the tunnel), and
/// everything a <see cref="PaymentChannel"/> needs around it: terms at one token unit per byte (price 2^30 per GiB,
/// so owed = bytes), a signer, an in-memory ledger, the client's own byte count, and a fake clock.
/// </summary>
internal sealed class PaymentHarness : IAsyncDisposable
{
    public static readonly BigInteger PricePerGiB = BigInteger.One << 30;
    public static readonly BigInteger ClaimCost = 1_000_000_000;
    public static readonly EthAddress ProviderAddress = EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    public static readonly EthAddress Funder = EthAddress.Parse("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    public static readonly TicketDomain Domain = new(31337, EthAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));

    private readonly WebApplication _app;
    private readonly SemaphoreSlim _reads = new(0);
    private readonly SignerKey _key = SignerKey.Generate();
    private readonly List<SpendWarning> _warnings = [];
    private long _ownBytes;
    private int _readCount;

    private PaymentHarness(WebApplication app, ScriptedProvider provider, Uri endpoint, TestLedger ledger, byte[] firstCommit)
    {
        _app = app;
        FirstCommit = firstCommit;
        Provider = provider;
        Endpoint = endpoint;
        Ledger = ledger;
        Signer = new TicketSigner(_key, Domain);
    }

    public ScriptedProvider Provider { get; }

    public Uri Endpoint { get; }

    public TestLedger Ledger { get; }

    public TicketSigner Signer { get; }

    public byte[] SessionId { get; } = RandomNumberGenerator.GetBytes(16);

    /// <summary>The commit in the terms (the scripted provider's first).</summary>
    public byte[] FirstCommit { get; }

    /// <summary>2026-03-01 12:00 UTC; moves only when a test advances it.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The payment options; pacing is off unless a test turns it on (its own-byte reads would be mistaken
    /// for an invoice's), see PaymentChannelPacingTests.</summary>
    public PaymentOptions Options { get; } = new() { PaceInterval = Timeout.InfiniteTimeSpan };

    public TimeSpan MinTicketLifetime { get; } = TimeSpan.FromHours(1);

    public TimeSpan InvoiceInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>The recipient the terms name; the provider's own address unless a test says otherwise.</summary>
    public EthAddress TermsRecipient { get; set; } = ProviderAddress;

    public BigInteger MaxFaceValue { get; set; } = BigInteger.Pow(10, 18);

    public BigInteger GasPrice { get; set; }

    /// <summary>What the client's own counter says (sent + received).</summary>
    public ulong OwnBytes
    {
        get => (ulong)Interlocked.Read(ref _ownBytes);
        set => Interlocked.Exchange(ref _ownBytes, (long)value);
    }

    public IReadOnlyList<SpendWarning> Warnings
    {
        get
        {
            lock (_warnings)
            {
                return [.. _warnings];
            }
        }
    }

    /// <summary>The value of the prepay window at the price (1 unit per byte).</summary>
    public BigInteger Prepay => Options.PrepayBytes;

    public static async Task<PaymentHarness> StartAsync(TestLedger? ledger = null)
    {
        byte[] commit = RandomNumberGenerator.GetBytes(Ticket.CommitSize);
        var provider = new ScriptedProvider(PricePerGiB, commit);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(provider);
        WebApplication app = builder.Build();
        app.MapGrpcService<ScriptedProvider>();
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new PaymentHarness(app, provider, new Uri(address), ledger ?? new TestLedger(), commit);
    }

    public SessionTerms Terms() => new(PricePerGiB, PricePerGiB * 2, TermsRecipient, [.. FirstCommit], MinTicketLifetime, ClaimCost,
        ClaimCost * 34, InvoiceInterval);

    public PaymentContext Context() =>
        new(SessionId, ProviderAddress, Endpoint, Terms(), Signer, Funder, EthAddress.Zero, ReadOwnBytesAsync, Ledger.Authorize,
            Ledger.RaiseNonceFloor, () => GasPrice, MaxFaceValue, Options, new SocketsHttpHandler(), Time, NullLogger.Instance)
        {
            SpendWarned = w =>
            {
                lock (_warnings)
                {
                    _warnings.Add(w);
                }
            },
        };

    public Task<PaymentChannel> OpenAsync() => PaymentChannel.OpenAsync(Context(), CancellationToken.None);

    /// <summary>
    /// Sends an honest invoice for <paramref name="meteredBytes"/> and waits until the client has read its own byte
    /// count for it (and for every invoice before). Messages are handled in order, so once it has for invoice n + 1,
    /// everything invoice n led to (a ticket or none) is done.
    /// </summary>
    public async Task InvoiceAsync(ulong meteredBytes, BigInteger? owed = null)
    {
        Provider.SendInvoice(meteredBytes, owed);
        int target = Provider.InvoicesQueued;
        while (Volatile.Read(ref _readCount) < target)
        {
            Assert.True(await _reads.WaitAsync(ScriptedProvider.Deadline), "the client did not handle the invoice before the deadline");
        }
    }

    /// <summary>Advances the clock by <paramref name="step"/> until the client has read its own counter twice more (so a
    /// pacer tick that started before has finished what it did under the pay gate).</summary>
    public async Task TickTwiceAsync(TimeSpan step)
    {
        int target = Volatile.Read(ref _readCount) + 2;
        while (Volatile.Read(ref _readCount) < target)
        {
            Time.Advance(step);
            await _reads.WaitAsync(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>Reads and verifies a ticket as a provider would: it parses, it is the signer's, and it is for this session.</summary>
    public SignedTicket Verify(Dvpn.Protocol.V1.TicketMessage message)
    {
        Assert.True(Dvpn.Protocol.Wire.TicketWire.TryRead(message, Signer.Address, out SignedTicket? ticket, out string? error), error);
        Assert.True(new TicketVerifier(Domain).Verify(ticket, Signer.Address));
        Assert.Equal(ProviderAddress, ticket.Ticket.Recipient);
        Assert.Equal(Funder, ticket.Ticket.Funder);
        Assert.Equal(EthAddress.Zero, ticket.Ticket.Token);
        Assert.True(ticket.Ticket.Expiry >= (ulong)(Time.GetUtcNow() + MinTicketLifetime).ToUnixTimeSeconds());
        Assert.True(ticket.Ticket.FaceValue > ClaimCost);
        return ticket;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Signer.Dispose();
        _key.Dispose();
        _reads.Dispose();
    }

    private Task<ulong> ReadOwnBytesAsync(CancellationToken cancellationToken)
    {
        ulong own = OwnBytes;
        Interlocked.Increment(ref _readCount);
        _reads.Release();
        return Task.FromResult(own);
    }
}
