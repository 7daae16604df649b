using System.Numerics;
using Dvpn.Client;
using Dvpn.Client.Selection;
using Dvpn.Client.State;
using Grpc.Core;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Api;

/// <summary>TunnelService over the hosted <see cref="DvpnClient"/>.</summary>
internal sealed class TunnelApi(DvpnClient client) : V1.TunnelService.TunnelServiceBase
{
    private const int MaxReasonLength = 200;

    public override async Task<V1.ConnectResponse> Connect(V1.ConnectRequest request, ServerCallContext context)
    {
        SelectionRequest? selection = ToSelection(request.Selection);
        try
        {
            Connected connected = await client.ConnectAsync(selection, context.CancellationToken).ConfigureAwait(false);
            return new V1.ConnectResponse { State = connected.ToProto() };
        }
        catch (DvpnClientException e)
        {
            throw ApiErrors.From(e);
        }
    }

    public override async Task<V1.DisconnectResponse> Disconnect(V1.DisconnectRequest request, ServerCallContext context)
    {
        if (request.Reason.Length > MaxReasonLength)
        {
            throw ApiErrors.InvalidArgument("reason", $"at most {MaxReasonLength} characters", V1.ErrorReason.InvalidValue);
        }

        await client.DisconnectAsync(context.CancellationToken).ConfigureAwait(false);
        return new V1.DisconnectResponse { State = client.State.ToProto() };
    }

    public override async Task<V1.ConnectResponse> Reconnect(V1.ReconnectRequest request, ServerCallContext context)
    {
        try
        {
            Connected connected = await client.ReconnectAsync(context.CancellationToken).ConfigureAwait(false);
            return new V1.ConnectResponse { State = connected.ToProto() };
        }
        catch (DvpnClientException e)
        {
            throw ApiErrors.From(e);
        }
    }

    public override Task<V1.GetTunnelStateResponse> GetTunnelState(V1.GetTunnelStateRequest request, ServerCallContext context) =>
        Task.FromResult(new V1.GetTunnelStateResponse { State = client.State.ToProto(), Target = client.Target.ToProto() });

    /// <summary>Validates a selection completely before anything changes.</summary>
    internal static SelectionRequest? ToSelection(V1.ProviderSelection? selection)
    {
        if (selection is null)
        {
            return null;
        }

        string? provider = selection.Provider.Length > 0 ? Arguments.Address(selection.Provider, "selection.provider") : null;
        List<string> regions = Arguments.Regions(selection.Regions, "selection.regions");
        BigInteger? maxPrice = Amounts.ParseOptional(selection.MaxPricePerGib, "selection.max_price_per_gib");

        return provider is null && regions.Count == 0 && maxPrice is null
            ? null
            : new SelectionRequest { Provider = provider, Regions = regions.Count == 0 ? null : regions, MaxPricePerGiB = maxPrice };
    }
}
