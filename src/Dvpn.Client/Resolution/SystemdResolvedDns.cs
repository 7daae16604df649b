using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Resolution;

/// <summary>
/// Per-link DNS through systemd-resolved: the tunnel link gets the servers, the routing domain <c>~.</c> (every name)
/// and the default route, so resolved sends every query through it; restore reverts the link. The link names are
/// saved to a state file first, so a restore after a crash reverts the right links (their settings also vanish with
/// the interface).
/// </summary>
/// <remarks>Untested against a real systemd-resolved (none on the build machine); see the README. Calls on one
/// instance are not serialised here: the tunnel state machine applies one configuration at a time.</remarks>
[SupportedOSPlatform("linux")]
internal sealed class SystemdResolvedDns : IDnsConfigurator
{
    private const int StateVersion = 1;

    private readonly string _statePath;
    private readonly ILogger _logger;
    private readonly IResolvectlRunner _runner;

    /// <summary>A configurator that runs <paramref name="resolvectlPath"/> and keeps the configured link names in
    /// <paramref name="statePath"/>.</summary>
    public SystemdResolvedDns(string statePath, ILogger logger, string resolvectlPath = "resolvectl")
        : this(statePath, logger, new ResolvectlRunner(resolvectlPath))
    {
    }

    /// <summary>A configurator that runs resolvectl through <paramref name="runner"/>.</summary>
    internal SystemdResolvedDns(string statePath, ILogger logger, IResolvectlRunner runner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(statePath);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(runner);
        _statePath = Path.GetFullPath(statePath);
        _logger = logger;
        _runner = runner;
    }

    /// <inheritdoc/>
    public string Name => "systemd-resolved";

    /// <summary>Records the link, then <c>resolvectl dns IFACE servers..</c>, <c>domain IFACE ~.</c>,
    /// <c>default-route IFACE true</c>.</summary>
    /// <exception cref="ArgumentException">Invalid interface name or servers (nothing was changed).</exception>
    /// <exception cref="DnsConfigurationException">resolvectl is missing, failed or hung.</exception>
    /// <exception cref="IOException">The state file could not be written (resolved was not touched).</exception>
    public async Task ApplyAsync(string interfaceName, IReadOnlyList<IPAddress> servers, CancellationToken cancellationToken = default)
    {
        DnsInterfaceName.Validate(interfaceName, nameof(interfaceName));
        IReadOnlyList<IPAddress> normalized = ResolvConfContent.Normalize(servers);
        cancellationToken.ThrowIfCancellationRequested();

        StateIo(() =>
        {
            List<string> links = LoadLinks();
            if (!links.Contains(interfaceName))
            {
                links.Add(interfaceName);
                SaveLinks(links);
            }
        });

        List<string> dns = ["dns", interfaceName, .. normalized.Select(FormatServer)];
        await RunCheckedAsync(dns, cancellationToken).ConfigureAwait(false);
        await RunCheckedAsync(["domain", interfaceName, "~."], cancellationToken).ConfigureAwait(false);
        await RunCheckedAsync(["default-route", interfaceName, "true"], cancellationToken).ConfigureAwait(false);
        Log.LinkConfigured(_logger, interfaceName, string.Join(", ", normalized.Select(FormatServer)));
    }

    /// <summary><c>resolvectl revert IFACE</c> for every recorded link (a link that no longer exists is fine), then
    /// deletes the state; nothing to do without one. A state file that does not parse is renamed to <c>.corrupt</c>.</summary>
    /// <exception cref="DnsConfigurationException">resolvectl is missing, failed or hung (the state is kept).</exception>
    public async Task RestoreAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        List<string> links = [];
        bool saved = false;
        StateIo(() =>
        {
            saved = StateFile.TryRead(_statePath, out _);
            links = saved ? LoadLinks() : [];
        });
        if (!saved)
        {
            return;
        }

        foreach (string link in links)
        {
            ResolvectlResult result = await _runner.RunAsync(["revert", link], cancellationToken).ConfigureAwait(false);
            bool gone = !result.Succeeded && IsNoSuchLink(result.StandardError);
            if (!result.Succeeded && !gone)
            {
                throw Refused(["revert", link], result);
            }

            Log.LinkReverted(_logger, link, gone ? " (the interface is gone, and its settings with it)" : "");
        }

        StateIo(() => StateFile.Delete(_statePath));
    }

    /// <summary>Runs a state file operation, reporting EACCES/EPERM as an I/O failure like the others.</summary>
    private void StateIo(Action operation)
    {
        try
        {
            operation();
        }
        catch (UnauthorizedAccessException e)
        {
            throw DnsConfigurationException.AccessDenied(_statePath, e);
        }
    }

    /// <summary>resolvectl's words when the interface does not exist (any more).</summary>
    internal static bool IsNoSuchLink(string standardError) =>
        standardError.Contains("No such device", StringComparison.OrdinalIgnoreCase)
        || standardError.Contains("Unknown interface", StringComparison.OrdinalIgnoreCase)
        || standardError.Contains("Link not found", StringComparison.OrdinalIgnoreCase);

    /// <summary>Per-link servers need no scope: the link is the scope.</summary>
    private static string FormatServer(IPAddress server) =>
        server.AddressFamily == AddressFamily.InterNetworkV6 ? new IPAddress(server.GetAddressBytes()).ToString() : server.ToString();

    private async Task RunCheckedAsync(List<string> arguments, CancellationToken cancellationToken)
    {
        ResolvectlResult result = await _runner.RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw Refused(arguments, result);
        }
    }

    private static DnsConfigurationException Refused(IReadOnlyList<string> arguments, ResolvectlResult result) =>
        new(DnsFailure.Refused,
            $"'resolvectl {string.Join(' ', arguments)}' failed (exit {result.ExitCode}): {result.StandardError.Trim()}");

    /// <summary>The recorded links; none when there is no state, or when it does not parse (then quarantined).</summary>
    private List<string> LoadLinks()
    {
        if (!StateFile.TryRead(_statePath, out byte[] json))
        {
            return [];
        }

        if (TryReadLinks(json, out List<string> links, out string problem))
        {
            return links;
        }

        StateFile.Quarantine(_statePath);
        Log.StateCorrupt(_logger, _statePath, problem, _statePath + StateFile.CorruptSuffix);
        return [];
    }

    private void SaveLinks(List<string> links) =>
        StateFile.Write(_statePath, JsonSerializer.SerializeToUtf8Bytes(
            new ResolvedLinkStateDocument { Version = StateVersion, Interfaces = links }, DnsStateJsonContext.Default.ResolvedLinkStateDocument));

    /// <summary>Parses the state; never throws. Every link must be a valid interface name (it becomes an argument).</summary>
    internal static bool TryReadLinks(ReadOnlySpan<byte> json, out List<string> links, out string problem)
    {
        links = [];
        ResolvedLinkStateDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, DnsStateJsonContext.Default.ResolvedLinkStateDocument);
        }
        catch (JsonException e)
        {
            problem = $"not valid JSON: {e.Message}";
            return false;
        }

        if (document is null || document.Version != StateVersion || document.Interfaces is null)
        {
            problem = $"unknown format version {document?.Version}";
            return false;
        }

        if (document.Interfaces.FirstOrDefault(name => !DnsInterfaceName.IsValid(name)) is { } bad)
        {
            problem = $"'{bad}' is not an interface name";
            return false;
        }

        links = document.Interfaces;
        problem = "";
        return true;
    }
}
