namespace Dvpn.Client.Hosting;

/// <summary>How the hosted service added by <c>AddDvpnClient</c> starts the client with the host.</summary>
public sealed class DvpnClientHostingOptions
{
    /// <summary>
    /// False (the default): the host's start waits for <see cref="DvpnClient.StartAsync"/> (keys, chain, provider
    /// cache) and fails with it. True: the host starts at once and the client starts in the background, so a daemon's
    /// API can answer within moments; callers wait with <see cref="DvpnClient.WaitUntilStartedAsync"/>, and a failed
    /// start is logged and stops the application (the failure stays on <see cref="DvpnClient.WaitUntilStartedAsync"/>
    /// for the host to turn into an exit code).
    /// </summary>
    public bool StartInBackground { get; set; }
}
