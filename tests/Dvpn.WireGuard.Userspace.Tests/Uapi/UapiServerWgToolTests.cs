using System.Diagnostics;
using System.Net;
using Dvpn.WireGuard.Userspace.Uapi;

namespace Dvpn.WireGuard.Userspace.Tests.Uapi;

/// <summary>The real wg(8) against our server in /var/run/wireguard (needs root and wg; fails loudly without them).</summary>
public sealed class UapiServerWgToolTests
{
    private static UapiDeviceSnapshot Snapshot(byte[] privateKey, byte[] peerKey, byte[] psk) => new()
    {
        PrivateKey = privateKey,
        ListenPort = 51820,
        FirewallMark = 0x42,
        Peers =
        [
            new UapiPeerSnapshot
            {
                PublicKey = peerKey,
                PresharedKey = psk,
                Endpoint = IPEndPoint.Parse("198.51.100.7:4500"),
                LastHandshake = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
                ReceivedBytes = 123_456,
                TransmittedBytes = 654_321,
                PersistentKeepaliveInterval = 25,
                AllowedIps = [IPNetwork.Parse("10.0.0.2/32"), IPNetwork.Parse("fd00::/64")],
                Forwarding = false, // our extension line must not upset wg
            },
        ],
    };

    [Fact]
    public async Task WgShowDump_PrintsTheSnapshot()
    {
        await using UapiServerFixture fixture = UapiServerFixture.StartInWireGuardDirectory();
        using PrivateKey privateKey = PrivateKey.Generate();
        using PresharedKey psk = PresharedKey.Generate();
        PublicKey peerKey = PrivateKey.Generate().PublicKey;
        fixture.Device.Snapshot = Snapshot(Convert.FromHexString(privateKey.ExportHex()), peerKey.ToArray(), Convert.FromHexString(psk.ExportHex()));

        (int exitCode, string output, string error) = await RunWgAsync("show", fixture.Name, "dump");

        Assert.True(exitCode == 0, error);
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal([privateKey.ExportBase64(), privateKey.PublicKey.ToBase64(), "51820", "0x42"], lines[0].Split('\t'));
        Assert.Equal(
            [peerKey.ToBase64(), psk.ExportBase64(), "198.51.100.7:4500", "10.0.0.2/32,fd00::/64", "1700000000", "123456", "654321", "25"],
            lines[1].Split('\t'));
    }

    [Fact]
    public async Task WgShow_PrintsPeerEndpointAndTransfer()
    {
        await using UapiServerFixture fixture = UapiServerFixture.StartInWireGuardDirectory();
        using PrivateKey privateKey = PrivateKey.Generate();
        PublicKey peerKey = PrivateKey.Generate().PublicKey;
        fixture.Device.Snapshot = Snapshot(Convert.FromHexString(privateKey.ExportHex()), peerKey.ToArray(), new byte[32]);

        (int exitCode, string output, string error) = await RunWgAsync("show", fixture.Name);

        Assert.True(exitCode == 0, error);
        Assert.Contains($"interface: {fixture.Name}", output, StringComparison.Ordinal);
        Assert.Contains($"public key: {privateKey.PublicKey.ToBase64()}", output, StringComparison.Ordinal);
        Assert.Contains("listening port: 51820", output, StringComparison.Ordinal);
        Assert.Contains($"peer: {peerKey.ToBase64()}", output, StringComparison.Ordinal);
        Assert.Contains("endpoint: 198.51.100.7:4500", output, StringComparison.Ordinal);
        Assert.Contains("allowed ips: 10.0.0.2/32, fd00::/64", output, StringComparison.Ordinal);
        Assert.Contains("transfer: 120.56 KiB received, 638.99 KiB sent", output, StringComparison.Ordinal);
        Assert.Contains("persistent keepalive: every 25 seconds", output, StringComparison.Ordinal);
        Assert.DoesNotContain("preshared key", output, StringComparison.Ordinal); // all zeros: none
    }

    [Fact]
    public async Task WgSet_ArrivesAsTheMatchingRequest()
    {
        await using UapiServerFixture fixture = UapiServerFixture.StartInWireGuardDirectory();
        PublicKey peerKey = PrivateKey.Generate().PublicKey;

        (int exitCode, _, string error) = await RunWgAsync("set", fixture.Name, "listen-port", "1234", "peer", peerKey.ToBase64(),
            "allowed-ips", "10.0.0.2/32", "endpoint", "127.0.0.1:5555", "persistent-keepalive", "25");

        Assert.True(exitCode == 0, error);
        UapiSetRequest request = Assert.Single(fixture.Device.Applied);
        Assert.Equal((ushort)1234, request.ListenPort);
        Assert.Null(request.PrivateKey);
        Assert.Null(request.FirewallMark);
        Assert.False(request.ReplacePeers);
        UapiPeerChange peer = Assert.Single(request.Peers);
        Assert.Equal(peerKey.ToArray(), peer.PublicKey);
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:5555"), peer.Endpoint);
        Assert.Equal((ushort)25, peer.PersistentKeepaliveInterval);
        Assert.True(peer.ReplaceAllowedIps); // wg replaces the allowed IPs it is given
        Assert.Equal([IPNetwork.Parse("10.0.0.2/32")], peer.AllowedIps);
        Assert.False(peer.Remove);
        Assert.Null(peer.PresharedKey);
    }

    [Fact]
    public async Task WgSetRemovePeer_ArrivesAsRemove()
    {
        await using UapiServerFixture fixture = UapiServerFixture.StartInWireGuardDirectory();
        PublicKey peerKey = PrivateKey.Generate().PublicKey;

        (int exitCode, _, string error) = await RunWgAsync("set", fixture.Name, "peer", peerKey.ToBase64(), "remove");

        Assert.True(exitCode == 0, error);
        Assert.True(Assert.Single(Assert.Single(fixture.Device.Applied).Peers).Remove);
    }

    [Fact]
    public async Task WgSet_RefusedByTheDevice_ReportsTheErrnoMessage()
    {
        await using UapiServerFixture fixture = UapiServerFixture.StartInWireGuardDirectory();
        fixture.Device.ApplyFailure = new UapiSetException(UapiError.InvalidArgument, "no");

        (int exitCode, _, string error) = await RunWgAsync("set", fixture.Name, "listen-port", "1");

        // wg negates the errno it reads; wireguard-go's negative errno therefore reads as the right message.
        Assert.NotEqual(0, exitCode);
        Assert.Contains("Invalid argument", error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunWgAsync(params string[] arguments)
    {
        ProcessStartInfo start = new("wg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // WG_HIDE_KEYS=never: wg show otherwise prints "(hidden)" for private and preshared keys.
        start.Environment["WG_HIDE_KEYS"] = "never";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("wg did not start");
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(20));
        Task<string> output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        Task<string> error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
