using System.Net;
using System.Net.Sockets;
using System.Numerics;
using Dvpn.Chain.Providers;
using Dvpn.Chain.Tickets;
using Dvpn.Client.Events;
using Dvpn.Client.Payments;
using Dvpn.Protocol.Security;
using Dvpn.Protocol.Sessions;
using Dvpn.Protocol.V1;
using Dvpn.WireGuard;
using Dvpn.WireGuard.Configuration;
using Grpc.Core;
using Grpc.Net.Client;

namespace Dvpn.Client.Sessions;

/// <summary>
/// Step 1 of a session (docs/protocol.md §3.1): the signed OpenSession call to the provider's public endpoint, TLS
/// pinned to the Directory's fingerprint, and every check of the answer before anything is configured from it.
/// </summary>
internal static class SessionOpener
{
    /// <summary>Calls OpenSession; refusals and failures become <see cref="SessionSetupException"/>.</summary>
    public static async Task<OpenSessionResponse> OpenAsync(SessionEnvironment env, ProviderListing listing, PublicKey wireGuardKey,
        CancellationToken cancellationToken)
    {
        EthAddress provider = EthAddress.Parse(listing.Address);
        SessionRequest request = SessionRequest.Create(env.ChainId, env.Lottery, provider, wireGuardKey.ToArray(), env.Funder, env.Signer.Address,
            env.Token, env.Time, env.Options.Tunnel.RequestIPv6);
        OpenSessionRequest message = request.Sign(env.Signer);
        using GrpcChannel channel = CreateChannel(env, listing);
        var client = new SessionService.SessionServiceClient(channel);
        try
        {
            return await client.OpenSessionAsync(message, deadline: Deadline(env), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            OpenRejectionReason? reason = OpenRejection.ReasonOf(e);
            bool account = reason is OpenRejectionReason.Unfunded or OpenRejectionReason.WithdrawalPending;
            string why = reason is null ? $"{e.StatusCode}: {e.Status.Detail}" : $"{reason}: {e.Status.Detail}";
            throw new SessionSetupException(ProviderFailureReason.Unreachable, $"provider {listing.Address} refused the session ({why})", account, e);
        }
    }

    /// <summary>Sends a signed CloseSession; best effort (the provider ends an abandoned session on its own).</summary>
    public static async Task CloseAsync(SessionEnvironment env, ProviderListing listing, ReadOnlyMemory<byte> sessionId, CancellationToken cancellationToken)
    {
        CloseSessionRequest message = SessionClose.Sign(sessionId.Span, env.Time.GetUtcNow(), env.Signer);
        using GrpcChannel channel = CreateChannel(env, listing);
        var client = new SessionService.SessionServiceClient(channel);
        await client.CloseSessionAsync(message, deadline: Deadline(env), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A session shorter than this is refused: not worth a key, a tunnel and a prepaid window.</summary>
    internal static readonly TimeSpan MinSessionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>How far a provider's announced claim cost may exceed the client's own estimate (gas price × gas per
    /// claim): beyond it the provider is inflating face values, which only adds variance to the user's spending.</summary>
    internal const int MaxClaimCostFactor = 10;

    /// <summary>Checks the answer against the listing and the client's limits; returns what the tunnel is built from.
    /// Anything wrong in it, however malformed, is the provider's protocol violation.</summary>
    public static GrantedSession Check(SessionEnvironment env, ProviderListing listing, OpenSessionResponse response)
    {
        try
        {
            return CheckCore(env, listing, response);
        }
        catch (Exception e) when (e is not SessionSetupException)
        {
            throw new SessionSetupException(ProviderFailureReason.ProtocolViolation,
                $"provider {listing.Address} answered OpenSession with something that does not parse: {e.Message}", inner: e);
        }
    }

    private static GrantedSession CheckCore(SessionEnvironment env, ProviderListing listing, OpenSessionResponse response)
    {
        string who = $"provider {listing.Address}";
        SessionSetupException Violation(string problem) => new(ProviderFailureReason.ProtocolViolation, $"{who} answered OpenSession with {problem}");

        if (response.SessionId.Length != Protocol.ProtocolConstants.SessionIdSize)
        {
            throw Violation("a session id that is not 16 bytes");
        }

        if (!response.WireguardPublicKey.Span.SequenceEqual(listing.WireGuardPublicKey.AsSpan()))
        {
            throw Violation("a WireGuard key that differs from its on-chain listing");
        }

        if (!SessionTerms.TryRead(response.Terms, out SessionTerms? terms, out string? termsError))
        {
            throw Violation(termsError);
        }

        if (!terms.Recipient.Equals(EthAddress.Parse(listing.Address)))
        {
            throw Violation($"payment terms naming another recipient ({terms.Recipient})");
        }

        if (terms.PricePerGiB > listing.PricePerGiB)
        {
            throw Violation($"a price of {terms.PricePerGiB} per GiB, above its listed {listing.PricePerGiB}");
        }

        if (env.Policy().MaxPricePerGiB is { } maxPrice && terms.PricePerGiB > maxPrice)
        {
            throw new SessionSetupException(ProviderFailureReason.ProtocolViolation, $"{who} charges {terms.PricePerGiB} per GiB, above the spending policy's {maxPrice}");
        }

        if (!IPEndPoint.TryParse(response.WireguardEndpoint, out IPEndPoint? endpoint) || endpoint.Port == 0)
        {
            throw Violation($"a WireGuard endpoint that is not ip:port ('{Truncate(response.WireguardEndpoint)}')");
        }

        var addresses = new List<InterfaceAddress>();
        foreach (string text in response.Addresses)
        {
            if (!InterfaceAddress.TryParse(text, out InterfaceAddress address))
            {
                throw Violation($"a tunnel address that does not parse ('{Truncate(text)}')");
            }

            addresses.Add(address);
        }

        if (!addresses.Exists(a => a.Address.AddressFamily == AddressFamily.InterNetwork))
        {
            throw Violation("no IPv4 tunnel address");
        }

        var allowed = new List<IPNetwork>();
        foreach (string text in response.AllowedIps)
        {
            if (!IPNetwork.TryParse(text, out IPNetwork network))
            {
                throw Violation($"an allowed-IPs entry that does not parse ('{Truncate(text)}')");
            }

            allowed.Add(network);
        }

        if (!Uri.TryCreate(response.PaymentEndpoint, UriKind.Absolute, out Uri? payment) || payment.Scheme != Uri.UriSchemeHttp
            || !IPAddress.TryParse(payment.Host.Trim('[', ']'), out IPAddress? gateway) || !allowed.Exists(n => n.Contains(gateway)))
        {
            throw Violation($"a payment endpoint that is not an http address inside the tunnel ('{Truncate(response.PaymentEndpoint)}')");
        }

        BigInteger ownClaimCost = env.GasPrice() * env.Options.Payment.ClaimGasPerTicket;
        if (ownClaimCost.Sign > 0 && terms.ClaimCost > ownClaimCost * MaxClaimCostFactor)
        {
            throw Violation($"a claim cost of {terms.ClaimCost}, more than {MaxClaimCostFactor} times what a claim costs at the current gas price ({ownClaimCost})");
        }

        int mtu = response.Mtu == 0 ? 1420 : (int)Math.Clamp(response.Mtu, 1280u, 1500u);
        var dns = response.Dns.Where(d => IPAddress.TryParse(d, out _)).ToList();
        ulong maxSeconds = (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds();
        DateTimeOffset expiresAt = response.ExpiresAt == 0 ? DateTimeOffset.MaxValue : DateTimeOffset.FromUnixTimeSeconds((long)Math.Min(response.ExpiresAt, maxSeconds));
        if (expiresAt < env.Time.GetUtcNow() + MinSessionLifetime)
        {
            throw Violation($"a session that expires at {expiresAt:u}, less than {MinSessionLifetime.TotalMinutes:0} minutes from now");
        }
        ushort keepalive = (ushort)Math.Min(response.PersistentKeepalive, 65535u);
        return new GrantedSession(response.SessionId.ToByteArray(), terms, endpoint, addresses, allowed, payment, gateway, mtu, dns, expiresAt, keepalive);
    }

    private static GrpcChannel CreateChannel(SessionEnvironment env, ProviderListing listing) =>
        GrpcChannel.ForAddress(listing.Endpoint, new GrpcChannelOptions
        {
            HttpHandler = env.Network.CreateHandler(CertificatePin.CreateValidator(listing.TlsFingerprint.AsMemory())),
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 64 * 1024,
        });

    private static DateTime Deadline(SessionEnvironment env) => env.Time.GetUtcNow().UtcDateTime + env.Options.Tunnel.CallTimeout;

    private static string Truncate(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");
}

/// <summary>A checked OpenSession answer.</summary>
internal sealed record GrantedSession(
    byte[] SessionId,
    SessionTerms Terms,
    IPEndPoint WireGuardEndpoint,
    IReadOnlyList<InterfaceAddress> Addresses,
    IReadOnlyList<IPNetwork> AllowedIPs,
    Uri PaymentEndpoint,
    IPAddress Gateway,
    int Mtu,
    IReadOnlyList<string> Dns,
    DateTimeOffset ExpiresAt,
    ushort PersistentKeepalive)
{
    public string SessionIdHex => Convert.ToHexString(SessionId).ToLowerInvariant();
}
