namespace Dvpn.Client.Wallet;

/// <summary>Where a transaction stands on the chain.</summary>
public enum WalletTransactionStatus
{
    /// <summary>Known to the node, not mined yet.</summary>
    Pending,

    /// <summary>Mined and succeeded (receipt status 1).</summary>
    Succeeded,

    /// <summary>Mined and reverted (receipt status 0).</summary>
    Reverted,
}
