namespace Dvpn.Chain;

/// <summary>
/// A contract call or transaction reverted. <see cref="ErrorName"/> names the Solidity custom error when the revert
/// data matches one of our contracts' errors (e.g. <c>WithdrawalLocked</c>, <c>NoListedProviders</c>).
/// Never transient: the same call reverts again until the chain state changes.
/// </summary>
public sealed class ContractRevertException : ChainException
{
    /// <summary>Creates the exception.</summary>
    public ContractRevertException(string message, string? errorName, string? revertData, Exception? innerException)
        : base(message, isTransient: false, innerException)
    {
        ErrorName = errorName;
        RevertData = revertData;
    }

    /// <summary>The custom error's name, or null when the revert data did not match a known error.</summary>
    public string? ErrorName { get; }

    /// <summary>The raw revert data (0x-prefixed hex), when the node returned it.</summary>
    public string? RevertData { get; }
}
