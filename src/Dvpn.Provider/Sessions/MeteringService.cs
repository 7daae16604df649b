using Dvpn.Protocol.V1;
using Dvpn.Provider.DataPlane;
using Dvpn.Provider.Hosting;
using Dvpn.WireGuard;
using Microsoft.Extensions.Options;

namespace Dvpn.Provider.Sessions;

/// <summary>
/// Reads the device's per-peer counters every <c>Metering:Interval</c>, applies them (<see cref="SessionMeter"/>),
/// pauses the sessions over their credit limit, resumes those paid back under it (a payment resumes at once too, see
/// <see cref="PaymentService"/>) and ends the sessions that must end. When the host begins to stop it ends every session, so peers leave the
/// device and payment calls get their CutOff and end before the server drains: Kestrel's graceful stop waits for
/// open calls, and a payment stream never ends by itself, so ending sessions any later would leave the server
/// waiting out its shutdown timeout and then abort the streams, CutOff unsent.
/// </summary>
internal sealed partial class MeteringService : BackgroundService, IHostedLifecycleService
{
    private readonly ProviderContext _context;
    private readonly SessionMeter _meter;
    private readonly SessionTerminator _terminator;
    private readonly SessionPauser _pauser;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _interval;
    private readonly ILogger<MeteringService> _logger;

    public MeteringService(ProviderContext context, SessionMeter meter, SessionTerminator terminator, SessionPauser pauser, IOptions<ProviderOptions> options,
        TimeProvider timeProvider, ILogger<MeteringService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _context = context;
        _meter = meter;
        _terminator = terminator;
        _pauser = pauser;
        _timeProvider = timeProvider;
        _interval = options.Value.Metering.Interval;
        _logger = logger;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs before any hosted service's StopAsync, the web server's included.</summary>
    public Task StoppingAsync(CancellationToken cancellationToken) =>
        _terminator.EndAllAsync(CutOffReason.ProviderStopping, "the provider is shutting down");

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _timeProvider);
        try
        {
            do
            {
                await MeterOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task MeterOnceAsync(CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<PublicKey, PeerCounters> counters;
        try
        {
            counters = await _context.Tunnel.ReadCountersAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // No counters, no decisions: a session is never cut off on a failed read.
            LogReadFailed(_logger, e.Message);
            return;
        }

        MeterPass pass = _meter.Apply(counters, _timeProvider.GetUtcNow());

        // Pauses first: they stop exposure that grows with every packet.
        foreach (Session session in pass.Pauses)
        {
            await _pauser.PauseIfOverLimitAsync(session).ConfigureAwait(false);
        }

        foreach (Session session in pass.Resumes)
        {
            await _pauser.ResumeIfPaidAsync(session).ConfigureAwait(false);
        }

        foreach (SessionEnding ending in pass.Endings)
        {
            await _terminator.EndAsync(ending.Session, ending.Reason, ending.Detail).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Reading the WireGuard counters failed: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string reason);
}
