using System.Diagnostics.CodeAnalysis;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.V1;

namespace Dvpn.Protocol.Sessions;

/// <summary>
/// The provider's checks on an OpenSession request that need no chain: version, sizes, chain, lottery, provider,
/// token, timestamp window, signature, replay (docs/protocol.md §3.1). Thread-safe. The on-chain account checks
/// come after, in the provider.
/// </summary>
public sealed class SessionRequestValidator
{
    private readonly SessionRequestExpectations _expectations;
    private readonly TimeProvider _timeProvider;
    private readonly ReplayWindow _replay;

    /// <summary>Creates a validator.</summary>
    public SessionRequestValidator(SessionRequestExpectations expectations, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(expectations);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(expectations.MaxClockSkew, TimeSpan.Zero);
        _expectations = expectations;
        _timeProvider = timeProvider;
        _replay = new ReplayWindow(expectations.ReplayCapacity);
    }

    /// <summary>
    /// Checks <paramref name="message"/>; on success returns true with the parsed request, and remembers its digest
    /// so the same request is refused as <see cref="OpenRejectionReason.Replayed"/> until it leaves the window.
    /// </summary>
    public bool TryValidate(OpenSessionRequest message, [NotNullWhen(true)] out SessionRequest? request,
        [NotNullWhen(false)] out OpenRejection? rejection)
    {
        ArgumentNullException.ThrowIfNull(message);
        request = null;
        if (message.ProtocolVersion != ProtocolConstants.ProtocolVersion)
        {
            rejection = new(OpenRejectionReason.UnsupportedVersion,
                $"protocol version {message.ProtocolVersion} is not supported; this provider speaks {ProtocolConstants.ProtocolVersion}");
            return false;
        }

        if (!SessionRequest.TryRead(message, out SessionRequest? parsed, out string? error))
        {
            rejection = new(OpenRejectionReason.Malformed, error);
            return false;
        }

        DateTimeOffset now = _timeProvider.GetUtcNow();
        rejection = CheckExpectations(parsed, now);
        if (rejection is not null)
        {
            return false;
        }

        byte[] digest = parsed.Digest();
        if (!TicketVerifier.TryRecoverSigner(digest, message.Signature.Span, out EthAddress recovered) || recovered != parsed.Signer)
        {
            rejection = new(OpenRejectionReason.BadSignature, "the signature does not recover to the request's signer");
            return false;
        }

        // Remember the request past the latest moment its timestamp could still pass.
        DateTimeOffset forgetAfter = parsed.Timestamp + _expectations.MaxClockSkew;
        if (!_replay.TryAdd(digest, forgetAfter, now, out bool full))
        {
            rejection = full
                ? new(OpenRejectionReason.RateLimited, "too many session requests in the last minute; retry shortly")
                : new(OpenRejectionReason.Replayed, "this exact request was already received");
            return false;
        }

        request = parsed;
        return true;
    }

    private OpenRejection? CheckExpectations(SessionRequest request, DateTimeOffset now)
    {
        SessionRequestExpectations e = _expectations;
        if (request.ChainId != e.ChainId)
        {
            return new(OpenRejectionReason.WrongChain, $"this provider is paid on chain {e.ChainId}, not {request.ChainId}");
        }

        if (request.Lottery != e.Lottery)
        {
            return new(OpenRejectionReason.WrongLottery, $"this provider is paid through lottery {e.Lottery}");
        }

        if (request.Provider != e.Provider)
        {
            return new(OpenRejectionReason.WrongProvider, $"the request is for provider {request.Provider}, this is {e.Provider}");
        }

        if (!e.AcceptedTokens.Contains(request.Token))
        {
            return new(OpenRejectionReason.UnsupportedToken, $"this provider does not take token {request.Token}");
        }

        if (request.Timestamp > now + e.MaxClockSkew || request.Timestamp < now - e.MaxClockSkew)
        {
            return new(OpenRejectionReason.StaleTimestamp,
                $"the request's timestamp is more than {e.MaxClockSkew.TotalSeconds:0} s from the provider's clock; check the client's clock");
        }

        if (request.WireGuardPublicKey.Span.IndexOfAnyExcept((byte)0) < 0)
        {
            return new(OpenRejectionReason.BadWireGuardKey, "the WireGuard public key is all zeros");
        }

        return null;
    }
}
