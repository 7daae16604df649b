using System.Runtime.Versioning;

namespace Dvpn.Client.Firewall.Windows;

/// <summary>
/// One read/write transaction of a filter engine session: everything done between <see cref="Begin"/> and
/// <see cref="Commit"/> takes effect at once, or (disposed without commit, or failed) not at all.
/// </summary>
/// <remarks>Written and compiled, not run: this machine has no Windows.</remarks>
[SupportedOSPlatform("windows")]
internal sealed class WfpTransaction : IDisposable
{
    private readonly WfpEngineHandle _engine;
    private bool _finished;

    private WfpTransaction(WfpEngineHandle engine) => _engine = engine;

    /// <summary>Begins a transaction on <paramref name="engine"/>; waits up to
    /// <see cref="WfpEngineHandle.TransactionWaitMilliseconds"/> for another writer.</summary>
    /// <exception cref="FirewallException">It could not begin (<see cref="FirewallFailure.TimedOut"/> on the wait).</exception>
    public static WfpTransaction Begin(WfpEngineHandle engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        WfpErrors.ThrowIfFailed(WfpNative.FwpmTransactionBegin0(engine, 0), "begin a filter engine transaction");
        return new WfpTransaction(engine);
    }

    /// <summary>Commits: every change of the transaction takes effect together.</summary>
    /// <exception cref="FirewallException">The commit failed; nothing of the transaction took effect.</exception>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        WfpErrors.ThrowIfFailed(WfpNative.FwpmTransactionCommit0(_engine), "commit the filter engine transaction");
        _finished = true;
    }

    /// <summary>Aborts the transaction unless it was committed.</summary>
    public void Dispose()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        // The result is ignored: after a failed call the engine may already have aborted it (FWP_E_NO_TXN_IN_PROGRESS),
        // and either way nothing of it was committed.
        _ = WfpNative.FwpmTransactionAbort0(_engine);
    }
}
