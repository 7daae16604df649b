using Dvpn.Client.Firewall;
using Dvpn.Client.Firewall.Windows;

namespace Dvpn.Client.Tests.Firewall.Windows;

public sealed class WfpErrorsTests
{
    [Theory]
    [InlineData(5u, nameof(FirewallFailure.PermissionDenied))]           // ERROR_ACCESS_DENIED
    [InlineData(0x80070005u, nameof(FirewallFailure.PermissionDenied))]  // E_ACCESSDENIED
    [InlineData(1753u, nameof(FirewallFailure.ToolMissing))]             // EPT_S_NOT_REGISTERED: BFE not running
    [InlineData(1722u, nameof(FirewallFailure.ToolMissing))]             // RPC_S_SERVER_UNAVAILABLE
    [InlineData(0x80320012u, nameof(FirewallFailure.TimedOut))]          // FWP_E_TIMEOUT
    [InlineData(0x80320027u, nameof(FirewallFailure.Refused))]           // FWP_E_TYPE_MISMATCH
    public void Exception_StatusCode_HasItsFailureAndTheCodeInTheMessage(uint status, string failure)
    {
        FirewallException exception = WfpErrors.Exception(status, "add a filter");

        Assert.Equal(Enum.Parse<FirewallFailure>(failure), exception.Failure);
        Assert.Contains($"0x{status:X8}", exception.Message, StringComparison.Ordinal);
        Assert.Contains("add a filter", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x80320003u, true)]  // FWP_E_FILTER_NOT_FOUND
    [InlineData(0x80320005u, true)]  // FWP_E_PROVIDER_NOT_FOUND
    [InlineData(0x80320007u, true)]  // FWP_E_SUBLAYER_NOT_FOUND
    [InlineData(0x80320008u, true)]  // FWP_E_NOT_FOUND
    [InlineData(0x8032000Au, false)] // FWP_E_IN_USE
    [InlineData(5u, false)]
    public void IsNotFound_StatusCode_IsTrueOnlyForMissingObjects(uint status, bool notFound)
    {
        Assert.Equal(notFound, WfpErrors.IsNotFound(status));
    }

    [Fact]
    public void ThrowIfFailed_Success_DoesNotThrow()
    {
        WfpErrors.ThrowIfFailed(0, "commit");
        Assert.Throws<FirewallException>(() => WfpErrors.ThrowIfFailed(0x8032000F, "commit")); // FWP_E_TXN_ABORTED
    }
}
