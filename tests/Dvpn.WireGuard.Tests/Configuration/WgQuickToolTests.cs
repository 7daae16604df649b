using System.Diagnostics;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Tests.Uapi;
using Dvpn.WireGuard.Uapi;

namespace Dvpn.WireGuard.Tests.Configuration;

/// <summary>What we write, read by the real wg-quick and wg(8).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class WgQuickToolTests
{
    [Fact]
    public async Task Written_File_IsStrippedByWgQuickAndAppliedByWgSetconf()
    {
        using PrivateKey key = PrivateKey.Generate();
        using PresharedKey psk = PresharedKey.Generate();
        PublicKey peer = PrivateKey.Generate().PublicKey;
        using WgQuickConfig config = new()
        {
            PrivateKey = key,
            ListenPort = 0,
            FirewallMark = 0x99,
            Addresses = [InterfaceAddress.Parse("10.70.0.1/24")],
            DnsServers = [System.Net.IPAddress.Parse("192.0.2.53")],
            DnsSearchDomains = ["example.com"],
            Mtu = 1380,
            Table = "off",
            PostUp = ["echo never run"],
            Peers =
            [
                new WgQuickPeer
                {
                    PublicKey = peer,
                    PresharedKey = psk,
                    AllowedIPs = [System.Net.IPNetwork.Parse("10.70.0.2/32"), System.Net.IPNetwork.Parse("fd70::/64")],
                    Endpoint = "[2001:db8::7]:51820",
                    PersistentKeepalive = 15,
                },
            ],
        };
        string name = TestNames.NewInterface();
        string directory = Directory.CreateTempSubdirectory("dvt-wgq-").FullName;
        try
        {
            string path = Path.Combine(directory, name + ".conf");
            await File.WriteAllTextAsync(path, config.ToText());
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

            string stripped = await RunAsync("wg-quick", "strip", path);
            Assert.DoesNotContain("Address", stripped, StringComparison.Ordinal);
            string strippedPath = Path.Combine(directory, "stripped.conf");
            await File.WriteAllTextAsync(strippedPath, stripped);

            await using UapiWireGuardDevice device = await new UapiWireGuardBackend().CreateDeviceAsync(name);
            await RunAsync("wg", "setconf", name, strippedPath);

            Devices.DeviceState state = await device.GetStateAsync();
            Assert.Equal(key.PublicKey, state.PublicKey);
            Assert.Equal(0x99u, state.FirewallMark);
            Devices.PeerState read = Assert.Single(state.Peers);
            Assert.Equal(peer, read.PublicKey);
            Assert.True(read.HasPresharedKey);
            Assert.Equal((ushort)15, read.PersistentKeepalive);
            Assert.Equal(2, read.AllowedIPs.Count);
            Assert.Equal(System.Net.IPEndPoint.Parse("[2001:db8::7]:51820"), read.Endpoint);

            // And the other way round: wg showconf's output is a file we read.
            using WgQuickConfig shown = WgQuickConfig.Parse(await RunAsync("wg", "showconf", name));
            Assert.Equal(key.PublicKey, shown.PrivateKey!.PublicKey);
            Assert.Equal(peer, Assert.Single(shown.Peers).PublicKey);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        ProcessStartInfo startInfo = new(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(startInfo)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)}: {await error}");
        return output;
    }
}
