namespace Dvpn.Chain.Lottery;

/// <summary>Why <c>Lottery.claim</c> skipped a ticket (docs/protocol.md §1.4). The values are the contract's.</summary>
public enum SkipReason : byte
{
    /// <summary>The ticket's expiry has passed.</summary>
    Expired = 1,

    /// <summary>The nonce is not above the highest nonce already claimed from this signer (a replay, or out of order).</summary>
    NonceUsed = 2,

    /// <summary>The ticket did not win under the reveal.</summary>
    NotWinner = 3,

    /// <summary>The signature does not match the ticket (also: wrong reveal, other recipient, other chain or contract).</summary>
    BadSignature = 4,

    /// <summary>The paying account holds neither balance nor escrow.</summary>
    Unfunded = 5,
}
