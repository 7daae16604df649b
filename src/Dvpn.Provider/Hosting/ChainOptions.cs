namespace Dvpn.Provider.Hosting;

/// <summary>The chain the provider is paid on (configuration section <c>Provider:Chain</c>). No defaults: all required.</summary>
internal sealed class ChainOptions
{
    /// <summary>JSON-RPC URLs, tried in order (failover). Required, e.g. <c>--Provider:Chain:RpcUrls:0=http://127.0.0.1:8545</c>.</summary>
    public List<string> RpcUrls { get; set; } = [];

    /// <summary>The EIP-155 chain id the RPC nodes must report. Required.</summary>
    public ulong ChainId { get; set; }

    /// <summary>The Lottery contract's address (0x...). Required.</summary>
    public string Lottery { get; set; } = "";

    /// <summary>The Directory contract's address (0x...). Required.</summary>
    public string Directory { get; set; } = "";
}
