using Grpc.Core;

namespace Dvpn.Protocol.Sessions;

/// <summary>Why a provider refused to open (or close) a session.</summary>
public enum OpenRejectionReason
{
    /// <summary>A field has the wrong size or range.</summary>
    Malformed = 1,
    /// <summary>A protocol version other than this package's.</summary>
    UnsupportedVersion,
    /// <summary>Another chain id.</summary>
    WrongChain,
    /// <summary>Another lottery contract.</summary>
    WrongLottery,
    /// <summary>Addressed to another provider.</summary>
    WrongProvider,
    /// <summary>A payment token this provider does not take.</summary>
    UnsupportedToken,
    /// <summary>The timestamp is outside the clock skew window.</summary>
    StaleTimestamp,
    /// <summary>The signature does not recover to the request's signer.</summary>
    BadSignature,
    /// <summary>The same request was seen before inside the window.</summary>
    Replayed,
    /// <summary>The WireGuard key is all zeros, a low-order point, or already in use.</summary>
    BadWireGuardKey,
    /// <summary>The lottery account's balance or escrow is below the provider's minimum.</summary>
    Unfunded,
    /// <summary>A withdrawal unlocks inside the session horizon.</summary>
    WithdrawalPending,
    /// <summary>Too many requests from this address, or no room for another session.</summary>
    RateLimited,
    /// <summary>No such session, or not the caller's.</summary>
    UnknownSession,
}

/// <summary>A refusal with its reason and a message for the peer (never secrets).</summary>
/// <param name="Reason">Why.</param>
/// <param name="Message">A short human-readable explanation.</param>
public sealed record OpenRejection(OpenRejectionReason Reason, string Message)
{
    /// <summary>The gRPC status the provider answers with (the reason also goes in the <c>dvpn-reason</c> trailer).</summary>
    public StatusCode StatusCode => Reason switch
    {
        OpenRejectionReason.Malformed or OpenRejectionReason.UnsupportedVersion or OpenRejectionReason.BadWireGuardKey =>
            StatusCode.InvalidArgument,
        OpenRejectionReason.StaleTimestamp or OpenRejectionReason.BadSignature => StatusCode.Unauthenticated,
        OpenRejectionReason.Replayed => StatusCode.AlreadyExists,
        OpenRejectionReason.RateLimited => StatusCode.ResourceExhausted,
        OpenRejectionReason.UnknownSession => StatusCode.NotFound,
        _ => StatusCode.FailedPrecondition,
    };

    /// <summary>The trailer that carries <see cref="Reason"/> by name.</summary>
    public const string ReasonTrailer = "dvpn-reason";

    /// <summary>An <see cref="RpcException"/> carrying the status, message and reason trailer.</summary>
    public RpcException ToRpcException() =>
        new(new Status(StatusCode, Message), new Metadata { { ReasonTrailer, Reason.ToString() } });

    /// <summary>Reads the reason back from an <see cref="RpcException"/> a provider sent; null when it has none.</summary>
    public static OpenRejectionReason? ReasonOf(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string? text = exception.Trailers.GetValue(ReasonTrailer);
        return Enum.TryParse(text, ignoreCase: false, out OpenRejectionReason reason) && Enum.IsDefined(reason) ? reason : null;
    }
}
