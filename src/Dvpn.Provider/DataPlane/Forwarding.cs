namespace Dvpn.Provider.DataPlane;

/// <summary>
/// Turns on IP forwarding in the network namespace the data plane lives in (the switches are per namespace). In the
/// process's own namespace it writes <c>/proc/sys</c>; for another one it runs <c>sysctl -w</c> behind the command
/// prefix, because <c>/proc/sys/net</c> shows the namespace of whoever opens it.
/// </summary>
internal static class Forwarding
{
    private const string IPv4Key = "net.ipv4.ip_forward";
    private const string IPv6Key = "net.ipv6.conf.all.forwarding";

    /// <summary>Enables IPv4 forwarding, and IPv6 forwarding when <paramref name="ipv6"/>.</summary>
    /// <exception cref="DataPlaneException">A switch cannot be set.</exception>
    public static async Task EnableAsync(IReadOnlyList<string> prefix, bool ipv6, CancellationToken cancellationToken)
    {
        await SetAsync(prefix, IPv4Key, cancellationToken);
        if (ipv6)
        {
            await SetAsync(prefix, IPv6Key, cancellationToken);
        }
    }

    private static async Task SetAsync(IReadOnlyList<string> prefix, string key, CancellationToken cancellationToken)
    {
        if (prefix.Count == 0)
        {
            string path = "/proc/sys/" + key.Replace('.', '/');
            try
            {
                await File.WriteAllTextAsync(path, "1\n", cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DataPlaneException($"cannot enable forwarding ({path}): {e.Message}. The provider needs CAP_NET_ADMIN (run it as root or give it the capability).", e);
            }

            return;
        }

        HostCommand.Result result = await HostCommand.RunAsync(prefix, ["sysctl", "-q", "-w", key + "=1"], standardInput: null,
            "sysctl comes with procps.", cancellationToken);
        if (!result.Succeeded)
        {
            throw new DataPlaneException($"cannot enable forwarding ({key}): {result.StandardError.Trim()}");
        }
    }
}
