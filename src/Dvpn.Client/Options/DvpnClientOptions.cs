namespace Dvpn.Client.Options;

/// <summary>
/// Everything the client needs to run. Bind it from configuration (section <c>Dvpn</c> in dvpnd) or fill it in code;
/// it is validated once, when the client starts (<see cref="DvpnClientOptionsValidator"/>).
/// </summary>
public sealed class DvpnClientOptions
{
    static DvpnClientOptions() => BigIntegerTypeConverter.Register();

    /// <summary>
    /// Where the client keeps its state: the provider cache, the SQLite ledger (spend, ticket nonces, session
    /// history, target state) and the tunnel's route state. Created 0700. Required; no default.
    /// </summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>The chain and the contracts.</summary>
    public ChainOptions Chain { get; set; } = new();

    /// <summary>The funder and signer keys.</summary>
    public WalletOptions Wallet { get; set; } = new();

    /// <summary>How the provider list is read and cached.</summary>
    public DiscoveryOptions Discovery { get; set; } = new();

    /// <summary>Which providers may be picked, and how.</summary>
    public SelectionOptions Selection { get; set; } = new();

    /// <summary>How tickets are sized and how far ahead the client pays.</summary>
    public PaymentOptions Payment { get; set; } = new();

    /// <summary>Spending caps and what happens at a cap.</summary>
    public SpendingOptions Spending { get; set; } = new();

    /// <summary>The WireGuard interface and routes.</summary>
    public TunnelOptions Tunnel { get; set; } = new();

    /// <summary>Reconnection, failover and liveness checks.</summary>
    public ReconnectOptions Reconnect { get; set; } = new();

    /// <summary>The kill switch, lockdown, LAN access and DNS (fail closed).</summary>
    public FirewallOptions Firewall { get; set; } = new();
}
