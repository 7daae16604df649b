namespace Dvpn.Client.State;

/// <summary>
/// The live state of the tunnel (DESIGN §6). Every state but <see cref="Disconnected"/> keeps traffic blocked
/// outside the tunnel once a firewall backend is present (fail closed).
/// </summary>
public abstract record TunnelState
{
    private protected TunnelState()
    {
    }

    /// <summary>A short, stable name of the state: <c>disconnected</c>, <c>connecting</c>, <c>connected</c>,
    /// <c>disconnecting</c>, <c>error</c>.</summary>
    public abstract string Name { get; }
}

/// <summary>No tunnel. <paramref name="LockedDown"/>: traffic is still blocked (lockdown mode).</summary>
/// <param name="LockedDown">Traffic stays blocked while disconnected.</param>
public sealed record Disconnected(bool LockedDown) : TunnelState
{
    /// <inheritdoc/>
    public override string Name => "disconnected";
}

/// <summary>Working towards a tunnel.</summary>
/// <param name="Provider">The provider being connected to; null while still selecting.</param>
/// <param name="Attempt">1 for the first attempt, counting up through retries and failovers.</param>
/// <param name="Phase">What is happening now.</param>
public sealed record Connecting(ProviderRef? Provider, int Attempt, ConnectPhase Phase) : TunnelState
{
    /// <inheritdoc/>
    public override string Name => "connecting";
}

/// <summary>The tunnel is up and paid for.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Since">When the tunnel came up.</param>
/// <param name="Session">The session.</param>
public sealed record Connected(ProviderRef Provider, DateTimeOffset Since, SessionInfo Session) : TunnelState
{
    /// <inheritdoc/>
    public override string Name => "connected";
}

/// <summary>The tunnel is being taken down.</summary>
/// <param name="After">What comes next.</param>
public sealed record Disconnecting(AfterDisconnect After) : TunnelState
{
    /// <inheritdoc/>
    public override string Name => "disconnecting";
}

/// <summary>Something stops the client from connecting on its own.</summary>
/// <param name="Cause">Why.</param>
/// <param name="Blocking">Traffic stays blocked (the target is still secured).</param>
/// <param name="Detail">A human-readable explanation.</param>
public sealed record ErrorState(ErrorCause Cause, bool Blocking, string Detail) : TunnelState
{
    /// <inheritdoc/>
    public override string Name => "error";
}

/// <summary>The phases of <see cref="Connecting"/>.</summary>
public enum ConnectPhase
{
    /// <summary>Reading the provider list and picking one.</summary>
    Selecting = 1,

    /// <summary>OpenSession with the provider.</summary>
    Opening = 2,

    /// <summary>Waiting for the first WireGuard handshake.</summary>
    Handshaking = 3,

    /// <summary>Starting the payment stream inside the tunnel.</summary>
    Paying = 4,
}

/// <summary>What follows <see cref="Disconnecting"/>.</summary>
public enum AfterDisconnect
{
    /// <summary>Disconnected.</summary>
    Nothing = 1,

    /// <summary>A blocking error state.</summary>
    Block = 2,

    /// <summary>A new connection (reconnect or failover).</summary>
    Reconnect = 3,
}

/// <summary>Why the client is in <see cref="ErrorState"/>.</summary>
public enum ErrorCause
{
    /// <summary>No provider passes the constraints (or every one has recently failed).</summary>
    NoProviderAvailable = 1,

    /// <summary>A spending cap was reached and the policy says block.</summary>
    SpendLimitReached = 2,

    /// <summary>The lottery account cannot pay (no balance or escrow, or a withdrawal pending).</summary>
    InsufficientFunds = 3,

    /// <summary>The tunnel could not be set up on this machine (permissions, missing backend).</summary>
    TunnelSetupFailed = 4,

    /// <summary>The chain cannot be reached and there is no usable cache.</summary>
    ChainUnavailable = 5,
}

/// <summary>The user's wish, kept apart from the live state and persisted, so a crash or a reboot returns the
/// user to it.</summary>
public enum TargetState
{
    /// <summary>No tunnel wanted.</summary>
    Unsecured = 1,

    /// <summary>A tunnel wanted.</summary>
    Secured = 2,
}
