using Dvpn.Daemon.Tests.Support;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Validation;

/// <summary>
/// Every mutating RPC given an invalid argument answers INVALID_ARGUMENT with an ErrorInfo (domain dvpn.control.v1, an
/// INVALID_* reason) and a BadRequest field violation naming the field, and a read afterwards shows nothing changed.
/// The list below must name every method of the protos that is not a read, so a new mutating RPC fails the
/// completeness test until it has a case here.
/// </summary>
[Collection(DaemonLabFixture.CollectionName)]
public sealed class BadInputTests(DaemonLabFixture fixture)
{
    private static readonly string TooLong = new('x', 5000);

    /// <summary>A bad call, the field it must name, and a read that must not change (null: the request has no fields at all).</summary>
    private sealed record Case(Func<ControlClients, Task>? Call, string Field, Func<ControlClients, DaemonLabFixture, Task<IMessage>> Read);

    private static readonly Dictionary<string, Case> Cases = new(StringComparer.Ordinal)
    {
        ["/dvpn.control.v1.TunnelService/Connect"] = new(
            c => c.Tunnel.ConnectAsync(new V1.ConnectRequest { Selection = new V1.ProviderSelection { Provider = "0x1234" } }).ResponseAsync,
            "selection.provider", TunnelState),
        ["/dvpn.control.v1.TunnelService/Disconnect"] = new(
            c => c.Tunnel.DisconnectAsync(new V1.DisconnectRequest { Reason = TooLong }).ResponseAsync, "reason", TunnelState),
        ["/dvpn.control.v1.TunnelService/Reconnect"] = new(null, "", TunnelState),
        ["/dvpn.control.v1.ProviderService/RefreshProviders"] = new(null, "", ProviderLists),
        ["/dvpn.control.v1.ProviderService/SetProviderLists"] = new(
            c => c.Providers.SetProviderListsAsync(new V1.ProviderLists { Allow = { "not-an-address" } }).ResponseAsync, "allow", ProviderLists),
        ["/dvpn.control.v1.WalletService/Deposit"] = new(
            c => c.Wallet.DepositAsync(new V1.DepositRequest { Balance = "-5" }).ResponseAsync, "balance", LotteryAccount),
        ["/dvpn.control.v1.WalletService/Warn"] = new(
            c => c.Wallet.WarnAsync(new V1.WarnRequest { Balance = "0", Escrow = "1.5" }).ResponseAsync, "escrow", LotteryAccount),
        ["/dvpn.control.v1.WalletService/Withdraw"] = new(
            c => c.Wallet.WithdrawAsync(new V1.WithdrawRequest { To = "0xzz" }).ResponseAsync, "to", LotteryAccount),
        ["/dvpn.control.v1.SpendingService/SetSpendPolicy"] = new(
            c => c.Spending.SetSpendPolicyAsync(new V1.SpendPolicy { Action = V1.SpendCapAction.Block, WarnAt = 2 }).ResponseAsync, "warn_at", SpendPolicy),
        ["/dvpn.control.v1.SettingsService/UpdateSettings"] = new(
            c => c.Settings.UpdateSettingsAsync(new V1.UpdateSettingsRequest
            {
                Settings = new V1.Settings { Security = new V1.SecuritySettings { AllowLan = true } },
                UpdateMask = FieldMask.FromString("security.allow_lan,security.no_such_field"),
            }).ResponseAsync, "update_mask.paths", Settings),
        ["/dvpn.control.v1.SettingsService/ResetSettings"] = new(null, "", Settings),
        ["/dvpn.control.v1.SettingsService/ExportSettings"] = new(null, "", Settings),
        ["/dvpn.control.v1.SettingsService/ImportSettings"] = new(
            c => c.Settings.ImportSettingsAsync(new V1.ImportSettingsRequest { Json = "{\"security\": {\"allowLan\": tru" }).ResponseAsync, "json", Settings),
        ["/dvpn.control.v1.DiagnosticsService/SetLogLevel"] = new(
            c => c.Diagnostics.SetLogLevelAsync(new V1.SetLogLevelRequest { Level = (V1.LogLevel)99 }).ResponseAsync, "level", Capabilities),
        ["/dvpn.control.v1.DiagnosticsService/CreateProblemReport"] = new(
            c => c.Diagnostics.CreateProblemReportAsync(new V1.CreateProblemReportRequest { Description = TooLong }).ResponseAsync, "description", Settings),
    };

    public static TheoryData<string> MutatingMethods() => [.. ControlDescriptors.Mutating];

    [Fact]
    public void EveryMutatingMethodOfTheProtos_HasABadInputCase()
    {
        Assert.Equal(ControlDescriptors.Mutating.Order(StringComparer.Ordinal), Cases.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(MutatingMethods))]
    public async Task InvalidArgument_IsInvalidArgumentWithAReasonAndTheField_AndChangesNothing(string method)
    {
        Assert.True(Cases.TryGetValue(method, out Case? @case), $"{method} has no bad-input case: add one");
        if (@case.Call is null)
        {
            // Nothing to get wrong: the request message has no fields.
            string service = method.Split('/')[1];
            string name = method.Split('/')[2];
            Assert.Empty(ControlDescriptors.Services.Single(s => s.FullName == service).FindMethodByName(name).InputType.Fields.InDeclarationOrder());
            return;
        }

        IMessage before = await @case.Read(fixture.Control, fixture);
        (RpcException e, ErrorInfo info) = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => @case.Call(fixture.Control));
        Assert.StartsWith("INVALID_", info.Reason, StringComparison.Ordinal);
        BadRequest? badRequest = e.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.True(badRequest is not null, $"{method}: no google.rpc.BadRequest in {e.Status}");
        Assert.Contains(badRequest.FieldViolations, v => v.Field == @case.Field);
        Assert.Equal(before, await @case.Read(fixture.Control, fixture));
    }

    private static async Task<IMessage> TunnelState(ControlClients c, DaemonLabFixture f) =>
        await c.Tunnel.GetTunnelStateAsync(new V1.GetTunnelStateRequest());

    private static async Task<IMessage> ProviderLists(ControlClients c, DaemonLabFixture f) =>
        await c.Providers.GetProviderListsAsync(new V1.GetProviderListsRequest());

    private static async Task<IMessage> SpendPolicy(ControlClients c, DaemonLabFixture f) =>
        await c.Spending.GetSpendPolicyAsync(new V1.GetSpendPolicyRequest());

    /// <summary>Capabilities carry the current log level.</summary>
    private static async Task<IMessage> Capabilities(ControlClients c, DaemonLabFixture f) =>
        await c.Diagnostics.GetCapabilitiesAsync(new V1.GetCapabilitiesRequest());

    private static async Task<IMessage> Settings(ControlClients c, DaemonLabFixture f) =>
        await c.Settings.GetSettingsAsync(new V1.GetSettingsRequest());

    /// <summary>The lottery account as the chain has it (not as the daemon reports it).</summary>
    private static async Task<IMessage> LotteryAccount(ControlClients c, DaemonLabFixture f)
    {
        Dvpn.Chain.Lottery.LotteryAccount account = await f.Account.GetLotteryAccountAsync();
        return new StringValue { Value = account.ToString() };
    }
}
