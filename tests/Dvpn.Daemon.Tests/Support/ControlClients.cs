using Grpc.Net.Client;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Support;

/// <summary>The generated dvpn.control.v1 clients on one channel.</summary>
internal sealed class ControlClients(GrpcChannel channel)
{
    public V1.TunnelService.TunnelServiceClient Tunnel { get; } = new(channel);

    public V1.EventService.EventServiceClient Events { get; } = new(channel);

    public V1.ProviderService.ProviderServiceClient Providers { get; } = new(channel);

    public V1.WalletService.WalletServiceClient Wallet { get; } = new(channel);

    public V1.SpendingService.SpendingServiceClient Spending { get; } = new(channel);

    public V1.StatsService.StatsServiceClient Stats { get; } = new(channel);

    public V1.SettingsService.SettingsServiceClient Settings { get; } = new(channel);

    public V1.DiagnosticsService.DiagnosticsServiceClient Diagnostics { get; } = new(channel);
}
