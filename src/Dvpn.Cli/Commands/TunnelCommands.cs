using System.CommandLine;
using Dvpn.Control.V1;

namespace Dvpn.Cli.Commands;

/// <summary>status, connect, disconnect.</summary>
internal static class TunnelCommands
{
    public static Option<string> SocketOption { get; } = new("--socket")
    {
        Description = "dvpnd's control socket",
        DefaultValueFactory = _ => Dvpn.Control.ControlChannel.DefaultUnixSocketPath,
        Recursive = true,
    };

    public static Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "print the result as JSON (the proto3 JSON form of the API's message)",
        Recursive = true,
    };

    public static Command Status()
    {
        var command = new Command("status", "show the tunnel state");
        command.SetAction((parse, ct) => ControlCall.RunAsync(parse.GetValue(SocketOption)!, parse.GetValue(JsonOption),
            (channel, token) => new TunnelService.TunnelServiceClient(channel).GetTunnelStateAsync(new GetTunnelStateRequest(), cancellationToken: token).ResponseAsync,
            r => Describe(r.State) + $" (target {r.Target})", ct));
        return command;
    }

    public static Command Connect()
    {
        var provider = new Option<string>("--provider") { Description = "connect to this provider (address)" };
        var region = new Option<string[]>("--region") { Description = "only providers in these regions", AllowMultipleArgumentsPerToken = true };
        var maxPrice = new Option<string>("--max-price") { Description = "highest price per GiB, in the token's smallest unit" };
        var command = new Command("connect", "connect (the daemon keeps the user connected until disconnect)") { provider, region, maxPrice };
        command.SetAction((parse, ct) =>
        {
            var selection = new ProviderSelection { Provider = parse.GetValue(provider) ?? "", MaxPricePerGib = parse.GetValue(maxPrice) ?? "" };
            selection.Regions.AddRange(parse.GetValue(region) ?? []);
            return ControlCall.RunAsync(parse.GetValue(SocketOption)!, parse.GetValue(JsonOption),
                (channel, token) => new TunnelService.TunnelServiceClient(channel).ConnectAsync(new ConnectRequest { Selection = selection }, cancellationToken: token).ResponseAsync,
                r => Describe(r.State), ct);
        });
        return command;
    }

    public static Command Disconnect()
    {
        var command = new Command("disconnect", "disconnect (and stay disconnected)");
        command.SetAction((parse, ct) => ControlCall.RunAsync(parse.GetValue(SocketOption)!, parse.GetValue(JsonOption),
            (channel, token) => new TunnelService.TunnelServiceClient(channel).DisconnectAsync(new DisconnectRequest { Reason = "dvpnctl disconnect" }, cancellationToken: token).ResponseAsync,
            r => Describe(r.State), ct));
        return command;
    }

    internal static string Describe(TunnelState state) => state.StateCase switch
    {
        TunnelState.StateOneofCase.Disconnected => state.Disconnected.LockedDown ? "disconnected (traffic blocked: lockdown)" : "disconnected",
        TunnelState.StateOneofCase.Connecting => $"connecting ({state.Connecting.Phase}, attempt {state.Connecting.Attempt}{(state.Connecting.Provider is { } p ? $", {p.Address}" : "")})",
        TunnelState.StateOneofCase.Connected => $"connected to {state.Connected.Provider.Address} ({state.Connected.Provider.Region}) since {state.Connected.Since.ToDateTimeOffset():u}, interface {state.Connected.Session.InterfaceName}",
        TunnelState.StateOneofCase.Disconnecting => $"disconnecting (then {state.Disconnecting.After})",
        TunnelState.StateOneofCase.Error => $"error {state.Error.Cause}: {state.Error.Detail}{(state.Error.Blocking ? " (traffic blocked)" : "")}",
        _ => "unknown",
    };
}
