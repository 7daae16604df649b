using System.Runtime.InteropServices;

namespace Dvpn.Provider.Hosting;

/// <summary>
/// SIGTERM and SIGINT while the start sequence runs (before the host's own handlers exist): they cancel the start,
/// so a half-made tunnel is still taken down by the normal disposal path instead of the process just dying.
/// </summary>
internal sealed class StartupSignals : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _interrupt;

    public StartupSignals()
    {
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    }

    public CancellationToken Token => _cancel.Token;

    public void Dispose()
    {
        _term.Dispose();
        _interrupt.Dispose();
        _cancel.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _cancel.Cancel();
    }
}
