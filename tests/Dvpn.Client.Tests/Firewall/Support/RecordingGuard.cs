using System.Collections.Concurrent;
using Dvpn.Chain.Providers;
using Dvpn.Client.Firewall;

namespace Dvpn.Client.Tests.Firewall.Support;

/// <summary>An <see cref="ITrafficGuard"/> that records the state machine's calls as short words
/// (<c>block *</c>, <c>block 0x..</c>, <c>release</c>, <c>refresh</c>, <c>shutdown keep|drop</c>) and can refuse.</summary>
internal sealed class RecordingGuard : ITrafficGuard
{
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>When true, BlockAsync throws (the kill switch cannot be installed).</summary>
    public bool RefuseBlock { get; set; }

    public FirewallStatus Status { get; private set; } = new(FirewallMode.Off, "recording", false, false, null);

    public bool Lockdown { get; set; }

    public Task BlockAsync(ProviderListing? provider, CancellationToken cancellationToken)
    {
        Calls.Enqueue(provider is null ? "block *" : $"block {provider.Address}");
        if (RefuseBlock)
        {
            throw new FirewallException(FirewallFailure.PermissionDenied, "nft: Operation not permitted");
        }

        Status = Status with { Mode = FirewallMode.Blocking };
        return Task.CompletedTask;
    }

    public Task OpenTunnelAsync(TunnelOpening tunnel, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"open {tunnel.Interface}");
        Status = Status with { Mode = FirewallMode.Tunnel };
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(CancellationToken cancellationToken)
    {
        Calls.Enqueue("release");
        Status = Status with { Mode = Lockdown ? FirewallMode.Blocking : FirewallMode.Off, Lockdown = Lockdown };
        return Task.CompletedTask;
    }

    public Task RefreshAsync(CancellationToken cancellationToken)
    {
        Calls.Enqueue("refresh");
        if (Status.Mode != FirewallMode.Tunnel)
        {
            Status = Status with { Mode = Lockdown ? FirewallMode.Blocking : FirewallMode.Off, Lockdown = Lockdown };
        }

        return Task.CompletedTask;
    }

    public Task ShutdownAsync(bool keepBlocking)
    {
        Calls.Enqueue(keepBlocking ? "shutdown keep" : "shutdown drop");
        return Task.CompletedTask;
    }
}
