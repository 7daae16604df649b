using System.Globalization;

namespace Dvpn.Client.Firewall.Windows;

/// <summary>Turns the status codes of the WFP and IP helper functions into <see cref="FirewallException"/>s.</summary>
internal static class WfpErrors
{
    /// <summary>Throws unless <paramref name="status"/> is 0 (<c>ERROR_SUCCESS</c>).</summary>
    /// <exception cref="FirewallException">It is not.</exception>
    public static void ThrowIfFailed(uint status, string what)
    {
        if (status != 0)
        {
            throw Exception(status, what);
        }
    }

    /// <summary>The exception for a failed call that tried to <paramref name="what"/>.</summary>
    public static FirewallException Exception(uint status, string what)
    {
        FirewallFailure failure = Classify(status);
        string hint = failure switch
        {
            FirewallFailure.PermissionDenied => " (the kill switch needs an administrator or LocalSystem)",
            FirewallFailure.ToolMissing => " (the Base Filtering Engine service, BFE, is not running)",
            FirewallFailure.TimedOut => " (another program held the filter engine's transaction lock)",
            _ => string.Empty,
        };
        return new FirewallException(failure, string.Create(CultureInfo.InvariantCulture, $"WFP could not {what}: 0x{status:X8}{hint}"));
    }

    /// <summary>Which way a status code failed.</summary>
    public static FirewallFailure Classify(uint status) => status switch
    {
        WfpConstants.ErrorAccessDenied or WfpConstants.EAccessDenied => FirewallFailure.PermissionDenied,
        WfpConstants.RpcSServerUnavailable or WfpConstants.EptSNotRegistered => FirewallFailure.ToolMissing,
        WfpConstants.FwpETimeout => FirewallFailure.TimedOut,
        _ => FirewallFailure.Refused,
    };

    /// <summary>True for the "no such object" codes that an idempotent remove ignores.</summary>
    public static bool IsNotFound(uint status) => status is WfpConstants.FwpEFilterNotFound or WfpConstants.FwpEProviderNotFound
        or WfpConstants.FwpESubLayerNotFound or WfpConstants.FwpENotFound;
}
