using Dvpn.Client.Events;

namespace Dvpn.Client.Persistence;

/// <summary>A provider the client avoids until <paramref name="Until"/>.</summary>
internal sealed record ProviderMark(string Address, ProviderFailureReason Reason, string Detail, DateTimeOffset At, DateTimeOffset Until);
