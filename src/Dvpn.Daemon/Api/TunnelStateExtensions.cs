using Dvpn.Client.State;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Api;

internal static class TunnelStateExtensions
{
    public static V1.TunnelState ToProto(this Connected connected) => ((TunnelState)connected).ToProto();
}
