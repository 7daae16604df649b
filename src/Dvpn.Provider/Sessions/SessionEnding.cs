using Dvpn.Protocol.V1;

namespace Dvpn.Provider.Sessions;

/// <summary>A session that must end, and why.</summary>
internal sealed record SessionEnding(Session Session, CutOffReason Reason, string Detail);
