namespace Dvpn.WireGuard.Userspace.Noise;

/// <summary>The steps of one handshake.</summary>
internal enum HandshakeState
{
    /// <summary>Nothing sent or received yet.</summary>
    New,

    /// <summary>Initiator: the initiation is sent, the response awaited.</summary>
    InitiationSent,

    /// <summary>Responder: a valid initiation was consumed, the response not yet created.</summary>
    InitiationConsumed,

    /// <summary>Transport keys were derived; the handshake state is wiped.</summary>
    Complete,

    /// <summary>A message failed to authenticate, or the handshake was disposed; its secrets are wiped.</summary>
    Failed,
}
