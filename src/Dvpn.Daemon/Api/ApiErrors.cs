using Dvpn.Client;
using Dvpn.Client.State;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Api;

/// <summary>
/// Errors of dvpn.control.v1: a gRPC status code plus a google.rpc.ErrorInfo whose domain is
/// <see cref="Domain"/> and whose reason is a <see cref="V1.ErrorReason"/> name, so scripts can branch on it.
/// </summary>
internal static class ApiErrors
{
    public const string Domain = "dvpn.control.v1";

    public static RpcException Create(Grpc.Core.StatusCode code, V1.ErrorReason reason, string message, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var info = new ErrorInfo { Domain = Domain, Reason = ReasonName(reason) };
        if (metadata is not null)
        {
            foreach ((string key, string value) in metadata)
            {
                info.Metadata[key] = value;
            }
        }

        var status = new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(info) } };
        return status.ToRpcException();
    }

    /// <summary>INVALID_ARGUMENT naming the field, with an ErrorInfo (<paramref name="reason"/>, metadata "field") and a
    /// google.rpc.BadRequest field violation; thrown before anything was changed.</summary>
    public static RpcException InvalidArgument(string field, string problem, V1.ErrorReason reason = V1.ErrorReason.InvalidArgument)
    {
        var info = new ErrorInfo { Domain = Domain, Reason = ReasonName(reason), Metadata = { ["field"] = field } };
        var badRequest = new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = problem } } };
        var status = new Google.Rpc.Status
        {
            Code = (int)Grpc.Core.StatusCode.InvalidArgument,
            Message = $"{field}: {problem}",
            Details = { Any.Pack(info), Any.Pack(badRequest) },
        };
        return status.ToRpcException();
    }

    /// <summary>The library's failure as the status a caller acts on.</summary>
    public static RpcException From(DvpnClientException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        Grpc.Core.StatusCode code = e.Cause switch
        {
            ErrorCause.InsufficientFunds or ErrorCause.SpendLimitReached => Grpc.Core.StatusCode.FailedPrecondition,
            ErrorCause.NoProviderAvailable or ErrorCause.ChainUnavailable => Grpc.Core.StatusCode.Unavailable,
            _ => Grpc.Core.StatusCode.Internal,
        };
        return Create(code, e.Cause.ToReason(), e.Message);
    }

    /// <summary>The enum value's proto name: NO_PROVIDER_AVAILABLE for NoProviderAvailable.</summary>
    public static string ReasonName(V1.ErrorReason reason) =>
        V1.CommonReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("ErrorReason")
            ?.FindValueByNumber((int)reason)?.Name ?? "ERROR_REASON_UNSPECIFIED";
}
