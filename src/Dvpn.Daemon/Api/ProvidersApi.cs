using System.Globalization;
using System.Numerics;
using Dvpn.Client;
using Dvpn.Client.Discovery;
using Dvpn.Client.Selection;
using Dvpn.Daemon.Settings;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Api;

/// <summary>ProviderService over the library's catalog: the cached list filtered, sorted and paged here.</summary>
internal sealed class ProvidersApi(DvpnClient client, DaemonSettings settings) : V1.ProviderService.ProviderServiceBase
{
    public override Task<V1.ProviderLists> GetProviderLists(V1.GetProviderListsRequest request, ServerCallContext context) =>
        Task.FromResult(settings.Current.ProviderLists);

    public override Task<V1.ProviderLists> SetProviderLists(V1.ProviderLists request, ServerCallContext context)
    {
        // Validated (with this request's field names) before the settings are touched.
        var lists = new V1.Settings { ProviderLists = SettingsValidation.NormalizeLists(request, "") };
        V1.Settings result = settings.Replace(current => SettingsMask.Apply(current, lists, ["provider_lists"]), ["provider_lists"]);
        return Task.FromResult(result.ProviderLists);
    }

    public override async Task<V1.ListProvidersResponse> ListProviders(V1.ListProvidersRequest request, ServerCallContext context)
    {
        BigInteger? maxPrice = Amounts.ParseOptional(request.MaxPricePerGib, "max_price_per_gib");
        (int offset, int size) = StatsApi.Page(request.Page);
        ProviderList list = await Catalog(() => client.Providers.ListAsync(context.CancellationToken)).ConfigureAwait(false);
        var regions = new HashSet<string>(request.Regions, StringComparer.OrdinalIgnoreCase);
        IEnumerable<ProviderInfo> matching = list.Providers.Where(p =>
            (request.IncludeUnlisted || p.Listed) && (regions.Count == 0 || regions.Contains(p.Region)) && (maxPrice is null || p.PricePerGiB <= maxPrice));
        matching = request.Sort switch
        {
            V1.ProviderSort.Price => matching.OrderBy(p => p.PricePerGiB).ThenBy(p => p.Address, StringComparer.OrdinalIgnoreCase),
            V1.ProviderSort.Region => matching.OrderBy(p => p.Region, StringComparer.Ordinal).ThenByDescending(p => p.Stake),
            _ => matching.OrderByDescending(p => p.Stake).ThenBy(p => p.Address, StringComparer.OrdinalIgnoreCase),
        };
        List<ProviderInfo> all = [.. matching];
        var response = new V1.ListProvidersResponse
        {
            BlockNumber = list.BlockNumber,
            FetchedAt = Timestamp.FromDateTimeOffset(list.FetchedAt),
            FromCache = list.FromCache,
            Rejected = (uint)list.Rejected,
        };
        response.Providers.AddRange(all.Skip(offset).Take(size).Select(ToProto));
        if (all.Count > offset + size)
        {
            response.NextPageToken = (offset + size).ToString(CultureInfo.InvariantCulture);
        }

        return response;
    }

    public override async Task<V1.Provider> GetProvider(V1.GetProviderRequest request, ServerCallContext context)
    {
        string address = Address(request.Address, "address");
        ProviderInfo? info = await Catalog(() => client.Providers.GetAsync(address, context.CancellationToken)).ConfigureAwait(false);
        return info is null
            ? throw ApiErrors.Create(StatusCode.NotFound, V1.ErrorReason.NotFound, $"provider {address} is not in the directory")
            : ToProto(info);
    }

    public override async Task<V1.RefreshProvidersResponse> RefreshProviders(V1.RefreshProvidersRequest request, ServerCallContext context)
    {
        ProviderList list = await Catalog(() => client.Providers.RefreshAsync(context.CancellationToken)).ConfigureAwait(false);
        return new V1.RefreshProvidersResponse { BlockNumber = list.BlockNumber, Listed = (uint)list.Providers.Count(p => p.Listed), Rejected = (uint)list.Rejected };
    }

    public override async Task<V1.ProbeProviderResponse> ProbeProvider(V1.ProbeProviderRequest request, ServerCallContext context)
    {
        string address = Address(request.Address, "address");
        TimeSpan? latency = await Catalog(() => client.Providers.ProbeAsync(address, context.CancellationToken)).ConfigureAwait(false);
        return new V1.ProbeProviderResponse { Latency = latency is { } l ? Duration.FromTimeSpan(l) : null };
    }

    public override async Task<V1.PreviewSelectionResponse> PreviewSelection(V1.PreviewSelectionRequest request, ServerCallContext context)
    {
        SelectionRequest? selection = TunnelApi.ToSelection(request.Selection);
        SelectionPreview preview = await Catalog(() => client.Providers.PreviewSelectionAsync(selection, context.CancellationToken)).ConfigureAwait(false);
        var response = new V1.PreviewSelectionResponse { Eligible = (uint)preview.Eligible, Choice = preview.Choice ?? "" };
        response.Candidates.AddRange(preview.Candidates.Select(c => new V1.PreviewSelectionResponse.Types.ProbedCandidate
        {
            Address = c.Address,
            Latency = c.Latency is { } l ? Duration.FromTimeSpan(l) : null,
        }));
        response.Excluded.AddRange(preview.Excluded.Select(e => new V1.PreviewSelectionResponse.Types.ExcludedProvider { Address = e.Address, Reason = e.Reason }));
        return response;
    }

    private static V1.Provider ToProto(ProviderInfo p) => new()
    {
        Address = p.Address,
        Endpoint = p.Endpoint.ToString(),
        Region = p.Region,
        PricePerGib = ProtoMapper.Amount(p.PricePerGiB),
        Stake = ProtoMapper.Amount(p.Stake),
        Listed = p.Listed,
        WireguardPublicKey = p.WireGuardPublicKey,
        TlsFingerprint = p.TlsFingerprint,
        AvoidedUntil = p.AvoidedUntil is { } until ? Timestamp.FromDateTimeOffset(until) : null,
        AvoidReason = p.AvoidReason ?? "",
    };

    private static string Address(string text, string field) => Arguments.Address(text, field);

    private static async Task<T> Catalog<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (DvpnClientException e)
        {
            throw ApiErrors.From(e);
        }
    }
}
