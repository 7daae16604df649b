using System.Globalization;
using System.Net;
using System.Text;
using Dvpn.Chain.Tickets;
using Dvpn.Provider.Sessions;
using Microsoft.Extensions.Options;

namespace Dvpn.Provider.Hosting;

/// <summary>
/// Every rule on the configuration: ranges, formats and cross-field rules. Every message names the setting and how to
/// fix it, because it is what an operator reads when the provider refuses to start. Ranges are checked here rather
/// than with [Range] and the source-generated [OptionsValidator]: its generated attribute (10.0.14) ignores
/// ErrorMessage, so its messages would name the C# property instead of the configuration key. Provider:Claims is the
/// claim worker's (<see cref="Claims.ClaimOptionsValidator"/>).
/// </summary>
internal sealed class ProviderOptionsValidator : IValidateOptions<ProviderOptions>
{
    private const int MaxRegionLength = 16;
    private const int MaxMetadataBytes = 1024;
    private const int MaxEndpointBytes = 256;

    public ValidateOptionsResult Validate(string? name, ProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        void Fail(string message) => failures.Add(message);

        if (string.IsNullOrWhiteSpace(options.DataDirectory) || !Path.IsPathFullyQualified(options.DataDirectory))
        {
            Fail("Provider:DataDirectory must be an absolute path (default /var/lib/dvpn-provider)");
        }

        ValidateChain(options.Chain, Fail);

        if (string.IsNullOrWhiteSpace(options.Keystore.Path))
        {
            Fail("Provider:Keystore:Path is missing: set it to the provider's keystore file (Web3 Secret Storage v3 JSON)");
        }

        if (!IPEndPoint.TryParse(options.Public.Listen, out IPEndPoint? publicListen) || publicListen.Port == 0)
        {
            Fail($"Provider:Public:Listen '{options.Public.Listen}' is not ip:port: use e.g. 0.0.0.0:8443");
        }

        if (options.Listing.Register || options.Public.Endpoint is not null)
        {
            if (!Uri.TryCreate(options.Public.Endpoint, UriKind.Absolute, out Uri? endpoint) || endpoint.Scheme != Uri.UriSchemeHttps
                || Encoding.UTF8.GetByteCount(options.Public.Endpoint) > MaxEndpointBytes)
            {
                Fail("Provider:Public:Endpoint must be the advertised absolute https URL (at most 256 bytes), e.g. https://vpn.example.net:8443" +
                    " (or set Provider:Listing:Register=false to leave the Directory alone)");
            }
        }

        if (!IsHostPort(options.WireGuard.Endpoint))
        {
            Fail("Provider:WireGuard:Endpoint must be the advertised WireGuard host:port clients reach, e.g. vpn.example.net:51820");
        }

        if (options.WireGuard.PersistentKeepalive is < 0 or > ushort.MaxValue)
        {
            Fail("Provider:WireGuard:PersistentKeepalive must be between 0 and 65535 seconds (default 25; 0 = none)");
        }

        ValidateTunnel(options, Fail);
        ValidateListing(options.Listing, Fail);
        ValidatePayment(options, Fail);

        ValidateLimits(options.Limits, Fail);
        RequirePositive(options.Metering.Interval, "Provider:Metering:Interval", Fail);
        RequirePositive(options.Metering.IdleTimeout, "Provider:Metering:IdleTimeout", Fail);
        if (options.Payment.UnpaidPauseGrace < options.Metering.Interval
            || (options.Payment.SessionLifetime > TimeSpan.Zero && options.Payment.UnpaidPauseGrace >= options.Payment.SessionLifetime))
        {
            Fail("Provider:Payment:UnpaidPauseGrace must be at least Provider:Metering:Interval and shorter than Provider:Payment:SessionLifetime (default 30 seconds): "
                + "a session over its credit limit is paused for up to this long, waiting for payment, before it is cut off");
        }

        if (options.Metering.IdleTimeout <= options.Metering.Interval)
        {
            Fail("Provider:Metering:IdleTimeout must be longer than Provider:Metering:Interval");
        }

        if (options.Metrics.Listen is { } metrics && (!IPEndPoint.TryParse(metrics, out IPEndPoint? m) || m.Port == 0))
        {
            Fail($"Provider:Metrics:Listen '{metrics}' is not ip:port: use e.g. 127.0.0.1:9464, or leave it unset for no metrics endpoint");
        }

        if (options.Testing.OverclaimPercent is < 0 or > TestingOptions.MaxOverclaimPercent)
        {
            Fail("Provider:Testing:OverclaimPercent must be between 0 and 1000 (default 0: an honest provider; above 0 is for client tests only)");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateChain(ChainOptions chain, Action<string> fail)
    {
        if (chain.RpcUrls.Count == 0)
        {
            fail("Provider:Chain:RpcUrls is empty: set at least one JSON-RPC URL, e.g. --Provider:Chain:RpcUrls:0=http://127.0.0.1:8545");
        }

        foreach (string url in chain.RpcUrls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                fail($"Provider:Chain:RpcUrls entry '{url}' is not an http(s) URL");
            }
        }

        if (chain.ChainId == 0)
        {
            fail("Provider:Chain:ChainId is missing: set the chain id of the lottery's chain (e.g. 31337 for anvil)");
        }

        if (!EthAddress.TryParse(chain.Lottery, out EthAddress lottery) || lottery.IsZero)
        {
            fail("Provider:Chain:Lottery must be the Lottery contract's address (0x followed by 40 hex digits)");
        }

        if (!EthAddress.TryParse(chain.Directory, out EthAddress directory) || directory.IsZero)
        {
            fail("Provider:Chain:Directory must be the Directory contract's address (0x followed by 40 hex digits)");
        }
    }

    private static void ValidateTunnel(ProviderOptions options, Action<string> fail)
    {
        var tunnel = options.Tunnel;
        if (!tunnel.HasKnownBackend)
        {
            fail($"Provider:Tunnel:Backend '{tunnel.Backend}' is not a WireGuard backend the provider can run: leave it unset "
                + "(the kernel module where loaded, else wireguard-go) or set ManagedUserspace (our managed engine, in the provider process)");
        }

        if (string.IsNullOrWhiteSpace(tunnel.Interface) || tunnel.Interface.Length > 15)
        {
            fail("Provider:Tunnel:Interface must be an interface name of 1 to 15 characters (default dvpnp0)");
        }

        if (!IPNetwork.TryParse(tunnel.IPv4Pool, out IPNetwork v4) || v4.BaseAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || v4.PrefixLength > 30)
        {
            fail($"Provider:Tunnel:IPv4Pool '{tunnel.IPv4Pool}' must be an IPv4 network of /30 or larger, e.g. 10.77.0.0/16");
        }

        if (tunnel.IPv6Pool is { } v6Text && (!IPNetwork.TryParse(v6Text, out IPNetwork v6)
            || v6.BaseAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || v6.PrefixLength > 126))
        {
            fail($"Provider:Tunnel:IPv6Pool '{v6Text}' must be an IPv6 network of /126 or larger, e.g. fd77::/112, or unset");
        }

        if (tunnel.Mtu is < 1280 or > 9000)
        {
            fail("Provider:Tunnel:Mtu must be between 1280 and 9000 (default 1420)");
        }

        if (tunnel.PaymentPort == 0 || tunnel.ListenPort == 0)
        {
            fail("Provider:Tunnel:PaymentPort and Provider:Tunnel:ListenPort must be ports above 0 (defaults 7001 and 51820)");
        }

        foreach (string dns in tunnel.Dns)
        {
            if (!IPAddress.TryParse(dns, out _))
            {
                fail($"Provider:Tunnel:Dns entry '{dns}' is not an IP address");
            }
        }
    }

    private static void ValidateListing(ListingOptions listing, Action<string> fail)
    {
        if (listing.PricePerGiB == 0)
        {
            fail("Provider:Listing:PricePerGiB is missing: set the price per GiB in the token's smallest unit (wei), above 0");
        }

        if (listing.Region.Length > MaxRegionLength || !listing.Region.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            fail("Provider:Listing:Region must be at most 16 of a-z, 0-9 and '-', e.g. eu-de");
        }

        if (Encoding.UTF8.GetByteCount(listing.Metadata) > MaxMetadataBytes)
        {
            fail("Provider:Listing:Metadata must be at most 1024 bytes of UTF-8");
        }
    }

    private static void ValidatePayment(ProviderOptions options, Action<string> fail)
    {
        PaymentOptions payment = options.Payment;
        bool tokenOk = EthAddress.TryParse(payment.Token, out _);
        if (!tokenOk)
        {
            fail("Provider:Payment:Token must be a token address, or 0x0000000000000000000000000000000000000000 for the native coin");
        }

        RequirePositive(payment.SessionLifetime, "Provider:Payment:SessionLifetime", fail);
        RequirePositive(payment.MinTicketLifetime, "Provider:Payment:MinTicketLifetime", fail);
        RequirePositive(payment.InvoiceInterval, "Provider:Payment:InvoiceInterval", fail);
        RequirePositive(payment.CommitGrace, "Provider:Payment:CommitGrace", fail);
        RequirePositive(payment.AccountRefresh, "Provider:Payment:AccountRefresh", fail);
        if (payment.CreditLimitBytes == 0)
        {
            fail("Provider:Payment:CreditLimitBytes must be at least 1 (default 2097152, 2 MiB)");
        }

        if (payment.ClaimGasPerTicket is < 1 or > 10_000_000)
        {
            fail("Provider:Payment:ClaimGasPerTicket must be between 1 and 10000000 (default 40000)");
        }

        if (payment.EfficiencyTarget is < 0.5 or > 0.9999 || double.IsNaN(payment.EfficiencyTarget))
        {
            fail("Provider:Payment:EfficiencyTarget must be between 0.5 and 0.9999 (default 0.97)");
        }

        if (payment.MinBalance == 0)
        {
            fail("Provider:Payment:MinBalance must be above 0: an account without balance cannot pay a winning ticket");
        }

        if (!tokenOk || options.Listing.PricePerGiB == 0 || payment.CreditLimitBytes == 0 || options.Claims.MaxGasPrice == 0
            || payment.EfficiencyTarget is < 0.5 or > 0.9999 || double.IsNaN(payment.EfficiencyTarget))
        {
            return; // reported above; the terms below cannot be computed
        }

        PaymentSettings settings = PaymentSettings.Create(options);
        if (settings.CreditLimit == 0)
        {
            fail(string.Create(CultureInfo.InvariantCulture,
                $"Provider:Payment:CreditLimitBytes ({payment.CreditLimitBytes}) is worth 0 at Provider:Listing:PricePerGiB ({options.Listing.PricePerGiB}): raise either"));
        }

        if (settings.SuggestedFaceValue.IsZero)
        {
            fail("Provider:Payment:ClaimCost or Provider:Claims:MaxGasPrice x Provider:Payment:ClaimGasPerTicket is too large: a ticket worth it would not fit the lottery's 96-bit face value");
        }
    }

    private static void ValidateLimits(LimitsOptions limits, Action<string> fail)
    {
        if (limits.OpenPerMinutePerAddress is < 1 or > 60_000)
        {
            fail("Provider:Limits:OpenPerMinutePerAddress must be between 1 and 60000 (default 30)");
        }

        if (limits.OpenBurst is < 1 or > 10_000)
        {
            fail("Provider:Limits:OpenBurst must be between 1 and 10000 (default 10)");
        }

        if (limits.MaxSessions is < 1 or > 1_000_000)
        {
            fail("Provider:Limits:MaxSessions must be between 1 and 1000000 (default 1000)");
        }
    }

    private static void RequirePositive(TimeSpan value, string setting, Action<string> fail)
    {
        if (value <= TimeSpan.Zero)
        {
            fail($"{setting} must be a positive duration (hh:mm:ss)");
        }
    }

    private static bool IsHostPort(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (IPEndPoint.TryParse(text, out IPEndPoint? ip))
        {
            return ip.Port != 0;
        }

        int colon = text.LastIndexOf(':');
        return colon > 0 && ushort.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ushort port) && port != 0
            && Uri.CheckHostName(text[..colon]) != UriHostNameType.Unknown;
    }
}
