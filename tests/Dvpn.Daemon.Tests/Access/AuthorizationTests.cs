using System.Text.Json;
using Dvpn.Daemon.Tests.Support;
using Dvpn.Devnet.Namespaces;
using Grpc.Core;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Access;

/// <summary>
/// Who may do what on the real daemon's socket (SO_PEERCRED): clients run as nobody with setpriv, with and without the
/// daemon's operator group (a group made for the run) as a supplementary group.
/// </summary>
[Collection(DaemonLabFixture.CollectionName)]
public sealed class AuthorizationTests(DaemonLabFixture fixture)
{
    private ControlClients Control => fixture.Control;

    private string Socket => fixture.Daemon.SocketPath;

    public static TheoryData<string> MutatingMethods() => [.. ControlDescriptors.Mutating];

    [Theory]
    [MemberData(nameof(MutatingMethods))]
    public async Task Nobody_CallingAMethodThatChangesStateOrMovesMoney_IsPermissionDenied_AndNothingChanges(string method)
    {
        V1.GetTunnelStateResponse stateBefore = await Control.Tunnel.GetTunnelStateAsync(new V1.GetTunnelStateRequest());
        V1.SpendPolicy policyBefore = await Control.Spending.GetSpendPolicyAsync(new V1.GetSpendPolicyRequest());
        V1.Settings settingsBefore = await Control.Settings.GetSettingsAsync(new V1.GetSettingsRequest());
        V1.ProviderLists listsBefore = await Control.Providers.GetProviderListsAsync(new V1.GetProviderListsRequest());

        (int status, string message) = await Unprivileged.CallAsync(Socket, method, []);

        Assert.True(status == (int)StatusCode.PermissionDenied, $"{method} as nobody: status {status} ({message})");
        Assert.Contains(method, message, StringComparison.Ordinal);
        Assert.Contains(fixture.OperatorGroup.Name, message, StringComparison.Ordinal);
        Assert.Equal(stateBefore, await Control.Tunnel.GetTunnelStateAsync(new V1.GetTunnelStateRequest()));
        Assert.Equal(policyBefore, await Control.Spending.GetSpendPolicyAsync(new V1.GetSpendPolicyRequest()));
        Assert.Equal(settingsBefore, await Control.Settings.GetSettingsAsync(new V1.GetSettingsRequest()));
        Assert.Equal(listsBefore, await Control.Providers.GetProviderListsAsync(new V1.GetProviderListsRequest()));
    }

    [Fact]
    public async Task Nobody_Dvpnctl_ReadsWork_ChangesAndMoneyMovesExitWith4()
    {
        CommandResult status = await Unprivileged.DvpnctlAsync([], "--socket", Socket, "--json", "status");
        Assert.True(status.ExitCode == 0, $"status as nobody: {status.ExitCode} {status.StandardError}");
        using (JsonDocument json = JsonDocument.Parse(status.StandardOutput))
        {
            Assert.Equal("TARGET_STATE_UNSECURED", json.RootElement.GetProperty("target").GetString());
        }

        CommandResult wallet = await Unprivileged.DvpnctlAsync([], "--socket", Socket, "--json", "wallet", "show");
        Assert.True(wallet.ExitCode == 0, $"wallet show as nobody: {wallet.ExitCode} {wallet.StandardError}");
        using (JsonDocument json = JsonDocument.Parse(wallet.StandardOutput))
        {
            Assert.Equal(fixture.Account.Signer.ToString(), json.RootElement.GetProperty("signer").GetString(), StringComparer.OrdinalIgnoreCase);
        }

        V1.Wallet before = await Control.Wallet.GetWalletAsync(new V1.GetWalletRequest());
        foreach (string[] change in new[]
                 {
                     new[] { "connect", "--region", DaemonLabFixture.Region },
                     new[] { "wallet", "fund", "--amount", "1wei" },
                     new[] { "wallet", "withdraw" },
                     new[] { "spend", "set", "--warn-at", "0.3" },
                     new[] { "settings", "set", "security.allow_lan", "true" },
                 })
        {
            CommandResult denied = await Unprivileged.DvpnctlAsync([], ["--socket", Socket, .. change]);
            Assert.True(denied.ExitCode == 4, $"dvpnctl {string.Join(' ', change)} as nobody: exit {denied.ExitCode}, {denied.StandardError}");
            Assert.Contains("PERMISSION_DENIED", denied.StandardError, StringComparison.Ordinal);
        }

        Assert.Equal(V1.TargetState.Unsecured, (await Control.Tunnel.GetTunnelStateAsync(new V1.GetTunnelStateRequest())).Target);
        V1.Wallet after = await Control.Wallet.GetWalletAsync(new V1.GetWalletRequest());
        Assert.Equal(before.Balance, after.Balance);
    }

    [Fact]
    public async Task Nobody_WatchLogs_GetsNothingBelowInformation_EvenWhenAskingForTrace()
    {
        try
        {
            // Debug lines: a paid session logs each ticket at Debug.
            await Control.Diagnostics.SetLogLevelAsync(new V1.SetLogLevelRequest { Level = V1.LogLevel.Trace });
            string rootLines = "";
            try
            {
                await Control.Tunnel.ConnectAsync(new V1.ConnectRequest { Selection = new V1.ProviderSelection { Regions = { DaemonLabFixture.Region } } },
                    deadline: Deadline.In(TimeSpan.FromSeconds(60)));
                await Dvpn.Testing.Eventually.HoldsAsync(async () =>
                {
                    await fixture.Lab.TransferToInternetAsync(2 * 1024 * 1024, TimeSpan.FromSeconds(30));
                    // An operator asking for trace sees lines below Information.
                    (int code, string lines, string errors) = await Dvpnctl.RunAsync(Socket, "--json", "logs", "--backlog", "1000", "--level", "trace");
                    Assert.True(code == 0, errors);
                    rootLines = lines;
                    return Levels(lines).Any(l => l is "LOG_LEVEL_DEBUG" or "LOG_LEVEL_TRACE");
                }, TimeSpan.FromSeconds(20), "a Debug line (a ticket sent) in the operator's log stream");
            }
            finally
            {
                await Control.Tunnel.DisconnectAsync(new V1.DisconnectRequest());
            }

            Assert.Contains(Levels(rootLines), l => l is "LOG_LEVEL_DEBUG" or "LOG_LEVEL_TRACE");

            // ...nobody asking the same does not.
            CommandResult nobody = await Unprivileged.DvpnctlAsync([], "--socket", Socket, "--json", "logs", "--backlog", "1000", "--level", "trace");
            Assert.True(nobody.ExitCode == 0, $"logs as nobody: {nobody.ExitCode} {nobody.StandardError}");
            string[] levels = Levels(nobody.StandardOutput);
            Assert.NotEmpty(levels);
            Assert.DoesNotContain(levels, l => l is "LOG_LEVEL_DEBUG" or "LOG_LEVEL_TRACE");
        }
        finally
        {
            await Control.Diagnostics.SetLogLevelAsync(new V1.SetLogLevelRequest { Level = V1.LogLevel.Information });
        }
    }

    [Fact]
    public async Task OperatorGroupMember_MayChangeState()
    {
        V1.SpendPolicy original = await Control.Spending.GetSpendPolicyAsync(new V1.GetSpendPolicyRequest());
        try
        {
            CommandResult set = await Unprivileged.DvpnctlAsync([fixture.OperatorGroup.Id], "--socket", Socket, "spend", "set", "--warn-at", "0.42");
            Assert.True(set.ExitCode == 0, $"spend set as nobody in {fixture.OperatorGroup}: exit {set.ExitCode}, {set.StandardError}");
            Assert.Equal(0.42, (await Control.Spending.GetSpendPolicyAsync(new V1.GetSpendPolicyRequest())).WarnAt);
        }
        finally
        {
            await Control.Spending.SetSpendPolicyAsync(original);
        }
    }

    private static string[] Levels(string jsonLines) =>
    [
        .. jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using JsonDocument json = JsonDocument.Parse(line);
            return json.RootElement.GetProperty("level").GetString()!;
        }),
    ];
}
