using Dvpn.Client.Firewall;

namespace Dvpn.Client.Resolution;

/// <summary>Interface names the DNS configurators accept: the kill switch's rule (<see cref="FirewallInterfaceName"/>)
/// and no leading '-', because the name becomes a resolvectl argument that must not read as an option.</summary>
internal static class DnsInterfaceName
{
    /// <summary>True when <paramref name="name"/> is a valid interface name that does not start with '-'.</summary>
    public static bool IsValid(string? name) => FirewallInterfaceName.IsValid(name) && !name!.StartsWith('-');

    /// <exception cref="ArgumentException">Not a valid interface name.</exception>
    public static void Validate(string? name, string parameterName)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a valid interface name: 1 to {FirewallInterfaceName.MaxLength} of a-z A-Z 0-9 _ = + . -, not starting with -", parameterName);
        }
    }
}
