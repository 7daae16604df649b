using Dvpn.Client.Options;

namespace Dvpn.Devnet.Lab;

/// <summary>The client options every lab gives its clients on top of their chain, wallet and tunnel.</summary>
public static class LabClientTuning
{
    /// <summary>
    /// Selection limited to <paramref name="regions"/> (so a test sees only its own providers) with a short probe,
    /// quick reconnects, and a payment tolerance generous enough for wireguard-go's UDP loss under load (tests of
    /// over-claiming lower it). Returns <paramref name="options"/>.
    /// </summary>
    public static DvpnClientOptions Apply(DvpnClientOptions options, IEnumerable<string> regions)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(regions);
        options.Payment = new PaymentOptions { TolerancePpm = 300_000 };
        options.Reconnect = new ReconnectOptions
        {
            InitialBackoff = TimeSpan.FromMilliseconds(200),
            MaxBackoff = TimeSpan.FromSeconds(2),
            MonitorInterval = TimeSpan.FromMilliseconds(250),
        };
        options.Selection = new SelectionOptions { ProbeTimeout = TimeSpan.FromSeconds(2) };
        foreach (string region in regions)
        {
            options.Selection.Regions.Add(region);
        }

        return options;
    }
}
