namespace Dvpn.Client.Options;

/// <summary>The chain the client pays on and the two contracts it uses.</summary>
public sealed class ChainOptions
{
    /// <summary>JSON-RPC endpoints, tried in order with failover for reads (a transaction is never resent). At least one; no default.</summary>
    public IList<Uri> RpcUrls { get; set; } = [];

    /// <summary>The chain id the endpoints must report (checked at start) and that tickets are bound to. No default.</summary>
    public ulong ChainId { get; set; }

    /// <summary>The Lottery contract's address (0x...). No default.</summary>
    public string Lottery { get; set; } = "";

    /// <summary>The Directory contract's address (0x...). No default.</summary>
    public string Directory { get; set; } = "";
}
