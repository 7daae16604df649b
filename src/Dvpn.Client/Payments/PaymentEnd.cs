using System.Numerics;
using Dvpn.Client.Events;
using Dvpn.Protocol.V1;

namespace Dvpn.Client.Payments;

/// <summary>How a session's payment stream ended.</summary>
internal abstract record PaymentEnd
{
    private PaymentEnd()
    {
    }

    /// <summary>The provider sent a cut-off.</summary>
    public sealed record ProviderCutOff(CutOffReason Reason, string Detail) : PaymentEnd;

    /// <summary>The provider invoiced more than the allowance for <see cref="Options.PaymentOptions.OverClaimStrikes"/> invoices in a row.</summary>
    public sealed record OverClaim(string Detail) : PaymentEnd;

    /// <summary>A spending cap refused the next ticket.</summary>
    public sealed record CapReached(SpendCap Cap, BigInteger Spent, BigInteger Limit) : PaymentEnd;

    /// <summary>No invoice within the invoice timeout.</summary>
    public sealed record ProviderSilent(TimeSpan Silence) : PaymentEnd;

    /// <summary>The provider broke the protocol (malformed or non-monotonic invoices, unknown messages).</summary>
    public sealed record ProtocolViolation(string Detail) : PaymentEnd;

    /// <summary>The call failed (connection lost, RPC error).</summary>
    public sealed record Failed(Exception Error) : PaymentEnd;

    /// <summary>The client closed it.</summary>
    public sealed record Closed : PaymentEnd;
}
