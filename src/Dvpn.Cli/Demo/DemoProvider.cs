using System.Numerics;
using System.Runtime.Versioning;
using Dvpn.Devnet.Lab;

namespace Dvpn.Cli.Demo;

/// <summary>One of the demo's providers: a name for the output, and the lab's provider process behind it.</summary>
[SupportedOSPlatform("linux")]
internal sealed record DemoProvider(string Name, LabProvider Lab)
{
    public string Address => Lab.Address.ToString();

    public string Region => Lab.Region;

    public BigInteger PricePerGiB => Lab.PricePerGiB;

    public bool Is(string? address) => string.Equals(Address, address, StringComparison.OrdinalIgnoreCase);
}

/// <summary>How a demo provider is listed.</summary>
internal sealed record DemoProviderPlan(string Name, string Region, BigInteger PricePerGiB);
