using System.Globalization;
using Dvpn.Chain.Tickets;
using Microsoft.Extensions.Options;

namespace Dvpn.Client.Options;

/// <summary>
/// Checks <see cref="DvpnClientOptions"/> as a whole, field by field and across fields, and names every problem with
/// its setting path (e.g. <c>Payment:PrepayBytes</c>) so a configuration error reads as its own fix.
/// </summary>
public sealed class DvpnClientOptionsValidator : IValidateOptions<DvpnClientOptions>
{
    /// <summary>Local devnets, where one key may be both funder and signer.</summary>
    public static readonly IReadOnlySet<ulong> DevnetChainIds = new HashSet<ulong> { 31337, 1337 };

    /// <summary>The largest prepay window (DESIGN §7: exposure at most 4 MiB of traffic).</summary>
    public const ulong MaxPrepayBytes = 4 * 1024 * 1024;

    /// <summary>The most custom DNS servers (<see cref="FirewallOptions.CustomDns"/>).</summary>
    public const int MaxCustomDns = 8;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, DvpnClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        void Check(bool ok, string setting, string problem)
        {
            if (!ok)
            {
                failures.Add($"{setting}: {problem}");
            }
        }

        Check(!string.IsNullOrWhiteSpace(options.DataDirectory) && Path.IsPathFullyQualified(options.DataDirectory), "DataDirectory", "must be an absolute path");

        ChainOptions chain = options.Chain ?? new ChainOptions();
        Check(chain.RpcUrls is { Count: > 0 }, "Chain:RpcUrls", "at least one JSON-RPC URL is required");
        foreach (Uri url in chain.RpcUrls ?? [])
        {
            Check(url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps), "Chain:RpcUrls", $"'{url}' is not an absolute http(s) URL");
        }

        Check(chain.ChainId > 0, "Chain:ChainId", "is required (the chain id the endpoints must report)");
        Check(EthAddress.TryParse(chain.Lottery, out _), "Chain:Lottery", "is not a 0x-prefixed 20-byte address");
        Check(EthAddress.TryParse(chain.Directory, out _), "Chain:Directory", "is not a 0x-prefixed 20-byte address");

        WalletOptions wallet = options.Wallet ?? new WalletOptions();
        Check(!string.IsNullOrWhiteSpace(wallet.SignerKeystorePath), "Wallet:SignerKeystorePath", "is required");
        Check(!string.IsNullOrWhiteSpace(wallet.SignerPassphraseFile), "Wallet:SignerPassphraseFile", "is required");
        Check(EthAddress.TryParse(wallet.Token, out _), "Wallet:Token", "is not a 0x-prefixed 20-byte address");
        if (wallet.FunderKeystorePath is not null)
        {
            Check(!string.IsNullOrWhiteSpace(wallet.FunderPassphraseFile), "Wallet:FunderPassphraseFile", "is required with Wallet:FunderKeystorePath");
        }
        else if (wallet.FunderAddress is not null)
        {
            Check(EthAddress.TryParse(wallet.FunderAddress, out _), "Wallet:FunderAddress", "is not a 0x-prefixed 20-byte address");
        }
        else
        {
            Check(wallet.AllowSingleKey || DevnetChainIds.Contains(chain.ChainId), "Wallet:FunderAddress",
                "no funder is configured; set Wallet:FunderKeystorePath or Wallet:FunderAddress (a separate, ideally cold, key), or Wallet:AllowSingleKey=true to let the signer fund itself");
        }

        DiscoveryOptions discovery = options.Discovery ?? new DiscoveryOptions();
        Check(discovery.RefreshInterval >= TimeSpan.FromSeconds(10), "Discovery:RefreshInterval", "must be at least 10 s");
        Check(discovery.PageSize is >= 1 and <= 1000, "Discovery:PageSize", "must be 1 to 1000");
        Check(discovery.MaxCacheAge > TimeSpan.Zero, "Discovery:MaxCacheAge", "must be positive");

        SelectionOptions selection = options.Selection ?? new SelectionOptions();
        Check(selection.MaxPricePerGiB is null or { Sign: >= 0 }, "Selection:MaxPricePerGiB", "must not be negative");
        Check(selection.MinStake.Sign >= 0, "Selection:MinStake", "must not be negative");
        Check(selection.ProbeCandidates is >= 1 and <= 50, "Selection:ProbeCandidates", "must be 1 to 50");
        Check(selection.ProbeTimeout > TimeSpan.Zero && selection.ProbeTimeout <= TimeSpan.FromSeconds(30), "Selection:ProbeTimeout", "must be in (0, 30 s]");
        Check(selection.FailurePenalty >= TimeSpan.Zero, "Selection:FailurePenalty", "must not be negative");
        Check(selection.OverClaimPenalty >= TimeSpan.Zero, "Selection:OverClaimPenalty", "must not be negative");
        foreach (string address in (selection.Allow ?? []).Concat(selection.Deny ?? []))
        {
            Check(EthAddress.TryParse(address, out _), "Selection:Allow/Deny", $"'{address}' is not an address");
        }

        PaymentOptions payment = options.Payment ?? new PaymentOptions();
        Check(payment.TolerancePpm <= 500_000, "Payment:TolerancePpm", "must be at most 500000 (50%)");
        Check(payment.OverClaimStrikes is >= 1 and <= 20, "Payment:OverClaimStrikes", "must be 1 to 20");
        Check(payment.PrepayBytes is > 0 and <= MaxPrepayBytes, "Payment:PrepayBytes", string.Create(CultureInfo.InvariantCulture, $"must be 1 to {MaxPrepayBytes} (4 MiB)"));
        Check(payment.Efficiency is >= 0.5 and <= 0.999, "Payment:Efficiency", "must be 0.5 to 0.999");
        Check(payment.ClaimGasPerTicket is > 0 and <= 1_000_000, "Payment:ClaimGasPerTicket", "must be 1 to 1000000");
        Check(payment.TicketLifetime >= TimeSpan.FromMinutes(5) && payment.TicketLifetime <= TimeSpan.FromDays(30), "Payment:TicketLifetime", "must be 5 minutes to 30 days");
        Check(payment.InvoiceTimeout >= TimeSpan.FromSeconds(1), "Payment:InvoiceTimeout", "must be at least 1 s");
        Check(payment.PaceInterval >= TimeSpan.FromMilliseconds(10) && payment.PaceInterval <= TimeSpan.FromSeconds(1), "Payment:PaceInterval", "must be 10 ms to 1 s");

        SpendingOptions spending = options.Spending ?? new SpendingOptions();
        Check(spending.PerSession is null or { Sign: >= 0 }, "Spending:PerSession", "must not be negative");
        Check(spending.PerDay is null or { Sign: >= 0 }, "Spending:PerDay", "must not be negative");
        Check(spending.PerMonth is null or { Sign: >= 0 }, "Spending:PerMonth", "must not be negative");
        Check(spending.MaxPricePerGiB is null or { Sign: >= 0 }, "Spending:MaxPricePerGiB", "must not be negative");
        Check(Enum.IsDefined(spending.Action), "Spending:Action", "must be Disconnect or Block");
        Check(spending.WarnAt is > 0 and <= 1, "Spending:WarnAt", "must be in (0, 1]");

        TunnelOptions tunnel = options.Tunnel ?? new TunnelOptions();
        Check(IsInterfaceName(tunnel.InterfaceName), "Tunnel:InterfaceName", "must be 1 to 15 characters of letters, digits, '-', '_' or '.'");
        Check(!string.IsNullOrWhiteSpace(tunnel.WireGuardGoPath), "Tunnel:WireGuardGoPath", "must not be empty");
        Check(tunnel.NetworkNamespace is null || (OperatingSystem.IsLinux() && IsNamespaceName(tunnel.NetworkNamespace)), "Tunnel:NetworkNamespace",
            "must be the name of an ip-netns namespace, and namespaces exist only on Linux");
        Check(tunnel.HandshakeTimeout >= TimeSpan.FromSeconds(1), "Tunnel:HandshakeTimeout", "must be at least 1 s");
        Check(tunnel.CallTimeout >= TimeSpan.FromSeconds(1), "Tunnel:CallTimeout", "must be at least 1 s");

        FirewallOptions firewall = options.Firewall ?? new FirewallOptions();
        Check(firewall.CustomDns is null || firewall.CustomDns.Count <= MaxCustomDns, "Firewall:CustomDns", $"at most {MaxCustomDns} servers");
        foreach (string server in firewall.CustomDns ?? [])
        {
            Check(System.Net.IPAddress.TryParse(server, out _), "Firewall:CustomDns", $"'{server}' is not an IP address");
        }

        Check(!string.IsNullOrWhiteSpace(firewall.NftPath), "Firewall:NftPath", "must not be empty");
        Check(firewall.ResolvConfPath is null || Path.IsPathFullyQualified(firewall.ResolvConfPath), "Firewall:ResolvConfPath", "must be an absolute path");

        ReconnectOptions reconnect = options.Reconnect ?? new ReconnectOptions();
        Check(reconnect.InitialBackoff > TimeSpan.Zero, "Reconnect:InitialBackoff", "must be positive");
        Check(reconnect.MaxBackoff >= reconnect.InitialBackoff, "Reconnect:MaxBackoff", "must be at least Reconnect:InitialBackoff");
        Check(reconnect.HandshakeStaleAfter >= TimeSpan.FromSeconds(30), "Reconnect:HandshakeStaleAfter", "must be at least 30 s");
        Check(reconnect.MonitorInterval >= TimeSpan.FromMilliseconds(100), "Reconnect:MonitorInterval", "must be at least 100 ms");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsInterfaceName(string? name) =>
        name is { Length: >= 1 and <= 15 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static bool IsNamespaceName(string name) =>
        name.Length is >= 1 and <= 255 && name is not ("." or "..") && !name.Contains('/', StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal);
}
