using System.Net;
using System.Net.Sockets;

namespace Dvpn.Client.Firewall.Windows;

internal sealed partial class WfpFilterPlan
{
    /// <summary>The longest interface alias Windows stores (<c>IF_MAX_STRING_SIZE</c> in ifdef.h, without the NUL).</summary>
    public const int MaxInterfaceAliasLength = 256;

    // Windows aliases may hold spaces and most characters ("Ethernet 2"), unlike Linux names; the alias only ever
    // reaches ConvertInterfaceAliasToLuid, so refusing control characters is enough.
    private static string? CheckTunnel(string? alias)
    {
        if (alias is null)
        {
            return null;
        }

        if (alias.Length is 0 or > MaxInterfaceAliasLength || alias.Any(char.IsControl) || string.IsNullOrWhiteSpace(alias))
        {
            throw new ArgumentException(
                $"'{alias}' is not a valid interface alias: 1 to {MaxInterfaceAliasLength} characters, no control characters.", nameof(alias));
        }

        return alias;
    }

    private static List<IPEndPoint> CheckEndpoints(IReadOnlyList<IPEndPoint>[] lists, string what)
    {
        List<IPEndPoint> result = [];
        foreach (IReadOnlyList<IPEndPoint> list in lists)
        {
            ArgumentNullException.ThrowIfNull(list, what);
            foreach (IPEndPoint endpoint in list)
            {
                if (endpoint is null)
                {
                    throw new ArgumentException($"A {what} is null.", nameof(lists));
                }

                if (endpoint.Port == 0)
                {
                    throw new ArgumentException($"{what} {endpoint} has port 0.", nameof(lists));
                }

                IPEndPoint normalised = new(PolicyAddress.CheckUnicast(endpoint.Address, what), endpoint.Port);
                if (!result.Contains(normalised))
                {
                    result.Add(normalised);
                }
            }
        }

        return result;
    }

    private static List<IPAddress> CheckDnsServers(IReadOnlyList<IPAddress> servers, string? tunnel, bool tunnelIPv6)
    {
        ArgumentNullException.ThrowIfNull(servers, "DNS servers");
        if (servers.Count > 0 && tunnel is null)
        {
            throw new ArgumentException("DNS servers are reached through the tunnel only, and the policy has no tunnel.", nameof(servers));
        }

        List<IPAddress> result = [];
        foreach (IPAddress server in servers)
        {
            IPAddress address = PolicyAddress.CheckUnicast(server, "DNS server");
            if (address.AddressFamily == AddressFamily.InterNetworkV6 && !tunnelIPv6)
            {
                throw new ArgumentException($"DNS server {address} is IPv6 while IPv6 is blocked.", nameof(servers));
            }

            if (!result.Contains(address))
            {
                result.Add(address);
            }
        }

        return result;
    }
}
