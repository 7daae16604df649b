using Dvpn.Client.Selection;
using Dvpn.Client.Stats;

namespace Dvpn.Client.State;

/// <summary>STUB: the tunnel state machine (owned by the core work).</summary>
internal sealed partial class TunnelMachine
{
    public TunnelState State { get; private set; } = new Disconnected(false);

    public TargetState Target { get; private set; } = TargetState.Unsecured;

    public SessionStats? CurrentStats => null;

    public Task<Connected> ConnectAsync(SelectionRequest? request, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task DisconnectAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<Connected> ReconnectAsync(CancellationToken cancellationToken) => throw new NotImplementedException();
}
