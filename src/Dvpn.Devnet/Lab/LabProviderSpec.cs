using System.Numerics;
using System.Runtime.Versioning;

namespace Dvpn.Devnet.Lab;

/// <summary>How a lab provider is listed and configured (see <see cref="ClientLab.StartProviderAsync"/>).</summary>
[SupportedOSPlatform("linux")]
public sealed record LabProviderSpec
{
    /// <summary>Its listed price per GiB. Default <see cref="ClientLab.DefaultPricePerGiB"/>.</summary>
    public BigInteger PricePerGiB { get; init; } = ClientLab.DefaultPricePerGiB;

    /// <summary>Its listed region. Give each test a region of its own so that its selection sees only its providers.</summary>
    public string Region { get; init; } = "lab";

    /// <summary>Stake put on it before it starts. Default <see cref="ClientLab.MinStake"/>.</summary>
    public BigInteger? Stake { get; init; }

    /// <summary>
    /// More provider settings (keys relative to <c>Provider</c>, e.g. <c>Testing:OverclaimPercent</c>), applied last so
    /// they may also replace the lab's.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}
