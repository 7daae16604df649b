using Microsoft.Extensions.Logging;

namespace Dvpn.Client;

internal static partial class Log
{
    [LoggerMessage(EventId = 440, Level = LogLevel.Information, Message = "DvpnClient started: signer {Signer}, funder {Funder}, target {Target}")]
    public static partial void Started(ILogger logger, string signer, string funder, string target);

    [LoggerMessage(EventId = 441, Level = LogLevel.Warning, Message = "Reading the gas price failed: {Reason}")]
    public static partial void GasPriceFailed(ILogger logger, string reason);
}
