using Dvpn.Client;
using Dvpn.Client.Options;
using Dvpn.Client.Spending;
using Grpc.Core;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Api;

/// <summary>SpendingService over the library's spending control.</summary>
internal sealed class SpendingApi(DvpnClient client) : V1.SpendingService.SpendingServiceBase
{
    public override Task<V1.SpendPolicy> GetSpendPolicy(V1.GetSpendPolicyRequest request, ServerCallContext context) =>
        Task.FromResult(ToProto(client.Spending.Policy));

    public override Task<V1.SpendPolicy> SetSpendPolicy(V1.SpendPolicy request, ServerCallContext context)
    {
        SpendPolicy policy = FromProto(request);
        client.Spending.SetPolicy(policy);
        return Task.FromResult(ToProto(client.Spending.Policy));
    }

    public override Task<V1.SpendSummary> GetSpendSummary(V1.GetSpendSummaryRequest request, ServerCallContext context) =>
        Task.FromResult(ToProto(client.Spending.GetSummary()));

    internal static V1.SpendSummary ToProto(SpendSummary summary)
    {
        var message = new V1.SpendSummary
        {
            CurrentSession = ProtoMapper.Amount(summary.CurrentSession),
            Today = ProtoMapper.Amount(summary.Today),
            ThisMonth = ProtoMapper.Amount(summary.ThisMonth),
            AllTime = ProtoMapper.Amount(summary.AllTime),
            TicketsSigned = (ulong)summary.TicketsSigned,
            Policy = ToProto(summary.Policy),
        };
        if (summary.Policy.PerSession is { } session && summary.CurrentSession >= session)
        {
            message.Reached.Add(V1.SpendCap.Session);
        }

        if (summary.Policy.PerDay is { } day && summary.Today >= day)
        {
            message.Reached.Add(V1.SpendCap.Day);
        }

        if (summary.Policy.PerMonth is { } month && summary.ThisMonth >= month)
        {
            message.Reached.Add(V1.SpendCap.Month);
        }

        return message;
    }

    internal static V1.SpendPolicy ToProto(SpendPolicy policy) => new()
    {
        PerSession = ProtoMapper.Amount(policy.PerSession),
        PerDay = ProtoMapper.Amount(policy.PerDay),
        PerMonth = ProtoMapper.Amount(policy.PerMonth),
        MaxPricePerGib = ProtoMapper.Amount(policy.MaxPricePerGiB),
        Action = policy.Action == SpendCapAction.Block ? V1.SpendCapAction.Block : V1.SpendCapAction.Disconnect,
        WarnAt = policy.WarnAt,
    };

    /// <summary>Validates every field before anything changes.</summary>
    internal static SpendPolicy FromProto(V1.SpendPolicy request)
    {
        SpendCapAction action = request.Action switch
        {
            V1.SpendCapAction.Disconnect => SpendCapAction.Disconnect,
            V1.SpendCapAction.Block => SpendCapAction.Block,
            _ => throw ApiErrors.InvalidArgument("action", "must be SPEND_CAP_ACTION_DISCONNECT or SPEND_CAP_ACTION_BLOCK", V1.ErrorReason.InvalidValue),
        };
        if (!(request.WarnAt > 0 && request.WarnAt <= 1))
        {
            throw ApiErrors.InvalidArgument("warn_at", "must be in (0, 1]", V1.ErrorReason.InvalidValue);
        }

        return new SpendPolicy(
            Amounts.ParseOptional(request.PerSession, "per_session"),
            Amounts.ParseOptional(request.PerDay, "per_day"),
            Amounts.ParseOptional(request.PerMonth, "per_month"),
            Amounts.ParseOptional(request.MaxPricePerGib, "max_price_per_gib"),
            action,
            request.WarnAt);
    }
}
