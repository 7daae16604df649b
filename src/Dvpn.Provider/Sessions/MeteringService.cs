using Dvpn.Protocol.V1;
using Dvpn.Provider.DataPlane;
using Dvpn.Provider.Hosting;
using Dvpn.WireGuard;
using Microsoft.Extensions.Options;

namespace Dvpn.Provider.Sessions;

/// <summary>
/// Reads the device's per-peer counters every <c>Metering:Interval</c>, applies them (<see cref="SessionMeter"/>)
/// and ends the sessions that must end. On stop it ends every session, so peers leave the device and payment calls
/// get a CutOff before the server drains.
/// </summary>
internal sealed partial class MeteringService : BackgroundService
{
    private readonly ProviderContext _context;
    private readonly SessionMeter _meter;
    private readonly SessionTerminator _terminator;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _interval;
    private readonly ILogger<MeteringService> _logger;

    public MeteringService(ProviderContext context, SessionMeter meter, SessionTerminator terminator, IOptions<ProviderOptions> options,
        TimeProvider timeProvider, ILogger<MeteringService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _context = context;
        _meter = meter;
        _terminator = terminator;
        _timeProvider = timeProvider;
        _interval = options.Value.Metering.Interval;
        _logger = logger;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await _terminator.EndAllAsync(CutOffReason.ProviderStopping, "the provider is shutting down").ConfigureAwait(false);
    }

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

        foreach (SessionEnding ending in _meter.Apply(counters, _timeProvider.GetUtcNow()))
        {
            await _terminator.EndAsync(ending.Session, ending.Reason, ending.Detail).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Reading the WireGuard counters failed: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string reason);
}
