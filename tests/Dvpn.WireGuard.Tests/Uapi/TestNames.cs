using System.Security.Cryptography;

namespace Dvpn.WireGuard.Tests.Uapi;

/// <summary>Unique interface names: sockets in /var/run/wireguard are shared by every namespace and test run.</summary>
internal static class TestNames
{
    public static string NewInterface() => "dvt" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
}
