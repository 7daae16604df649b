using System.Net;
using System.Numerics;
using Dvpn.Devnet.Namespaces;
using Dvpn.Devnet.Providers;
using Dvpn.Protocol.V1;
using Dvpn.Provider.Tests.Support;
using Dvpn.Provider.Tests.Support.Client;
using Dvpn.Testing;
using Dvpn.WireGuard.Configuration;

namespace Dvpn.Provider.Tests.EndToEnd;

/// <summary>
/// A provider whose tunnel runs on our managed WireGuard in its own process (<c>Provider:Tunnel:Backend=ManagedUserspace</c>),
/// with a wireguard-go client: traffic flows, the engine's counters are metered and invoiced, and the credit limit's
/// pause stops forwarding while the payment stream goes on, until a payment resumes it.
/// </summary>
[Collection(ProviderLab.CollectionName)]
public sealed class ManagedBackendTests(ProviderLab lab)
{
    private const long TransferBytes = 512 * 1024;
    private static readonly IPAddress SiteAddress = IPAddress.Parse("10.99.0.9");

    /// <summary>The site's own link to the internet host (an added site has none), beside the shared provider's 198.18.0.0/24.</summary>
    private static readonly InterfaceAddress UpstreamAddress = InterfaceAddress.Parse("198.18.1.1/24");
    private static readonly InterfaceAddress InternetSideAddress = InterfaceAddress.Parse("198.18.1.2/24");
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan InvoiceTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PauseTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ResumeTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task ManagedUserspaceProvider_ServesMetersPausesAndResumesOnPayment()
    {
        ProviderSite site = await lab.Topology.AddSiteAsync("managed", SiteAddress);
        (HostInterface upstream, _) = await lab.Topology.Lab.ConnectAsync(site.Host, UpstreamAddress, lab.Topology.Internet, InternetSideAddress);
        site.UpstreamInterface = upstream.Name;

        // What clients reach through the tunnel is the internet host's 198.18.0.2: through this site's own link.
        await site.Host.IpAsync(["route", "replace", ProviderTopology.InternetNetwork.ToString(), "via", InternetSideAddress.Address.ToString()]);
        using var identity = ProviderIdentity.Create(ProviderLab.ManagedProviderAccount);
        await lab.StakeAsync(identity.Address, ProviderLab.MinStake);
        ProviderSettings settings = lab.Settings(site, identity, "10.84.0.0/24")
            .Set("Tunnel:Backend", "ManagedUserspace")
            .Set("Payment:UnpaidPauseGrace", TimeSpan.FromMinutes(2)); // the pause, not the end, is under test here
        await using ProviderProcess provider = await ProviderProcess.StartAsync(site, settings);
        Assert.Contains("ManagedUserspace", provider.Output, StringComparison.Ordinal);
        using ClientAccount account = await lab.NewFundedAccountAsync();
        await using ClientSession session = await lab.Client.ConnectAsync(account, identity.Address);
        await using PaymentStream payment = await session.StartPaymentAsync(PaymentPolicy.None);
        NetworkHost internet = lab.Topology.Internet;
        IPAddress destination = ProviderTopology.InternetAddress.Address;
        BigInteger limit = session.Terms.CreditLimit;

        // Traffic flows, and the engine's counters are what the invoice states: at least the payload, and about what the
        // client itself sent and received (whole datagrams, as wg counts them); above it by the datagrams the client's
        // wireguard-go lost (it drops part of a burst when its UDP buffer fills) and what was in flight.
        TcpTransferResult first = await TcpTransfer.RunAsync(internet, destination, lab.Topology.Client, TransferBytes, TransferTimeout);
        Assert.True(first.Intact, $"a transfer through the managed provider must arrive intact. Provider output:\n{provider.Output}");
        Invoice metered = await payment.WaitForInvoiceAsync(i => i.MeteredBytes >= TransferBytes, InvoiceTimeout);
        ulong own = await session.OwnBytesAsync();
        Assert.True(metered.MeteredBytes <= own + (own / 4) + (64 * 1024), $"invoiced {metered.MeteredBytes} bytes, the client counted {own}");

        // Over the credit limit: paused. Nothing is forwarded, the session stays, invoices still come.
        Task<TcpTransferResult> over = TcpTransfer.RunAsync(internet, destination, lab.Topology.Client, 4 * ProviderLab.CreditLimitBytes, TimeSpan.FromMinutes(1));
        Invoice overLimit = await payment.WaitForInvoiceAsync(i => SessionTerms.Amount(i.Owed, "owed") > limit, TransferTimeout);
        await Eventually.HoldsAsync(async () => !await lab.Topology.Client.PingAsync(destination, TimeSpan.FromSeconds(1)),
            PauseTimeout, $"the paused client's traffic stops. Provider output:\n{provider.Output}");
        Invoice paused = await payment.WaitForInvoiceAsync(i => i.Sequence > overLimit.Sequence, InvoiceTimeout);
        Assert.False(payment.CutOff.IsCompleted, "a client over its credit limit must be paused, not cut off, within the grace");

        // A payment that covers what is owed, and a window ahead, resumes it.
        BigInteger owed = SessionTerms.Amount(paused.Owed, "owed");
        TicketReceipt receipt = await payment.PayAsync(payment.NewTicketFor(owed + ProviderLab.ValueOf((ulong)ProviderLab.CreditLimitBytes)));
        Assert.Equal(TicketVerdict.Accepted, receipt.Verdict);
        await payment.SetPolicyAsync(PaymentPolicy.PayAsInvoiced(ProviderLab.ValueOf((ulong)ProviderLab.CreditLimitBytes)));
        await Eventually.HoldsAsync(() => lab.Topology.Client.PingAsync(destination, TimeSpan.FromSeconds(1)),
            ResumeTimeout, $"the client's traffic passes again once paid. Provider output:\n{provider.Output}");
        TcpTransferResult stalled = await over;
        Assert.True(stalled.Intact, "the transfer the pause held up completes intact once paid");
        Assert.False(payment.CutOff.IsCompleted, "a paid-up session goes on");
    }
}
