using System.Globalization;
using System.Text;

namespace Dvpn.Devnet.Leak;

/// <summary>
/// Packet counts of the uplink capture, one per kind and direction, read at one moment; subtract two with
/// <see cref="Minus"/> for what one phase saw. Kind names: <c>arp</c>, <c>ndp</c>, <c>wg_K</c>, <c>session_K</c>,
/// <c>chain_K</c> and <c>other</c>; directions <see cref="Ingress"/> (from the client) and <see cref="Egress"/> (to it).
/// </summary>
public sealed class UplinkCounts
{
    /// <summary>The kind that is not allowed.</summary>
    public const string Other = "other";

    internal UplinkCounts(IReadOnlyDictionary<string, long> ingress, IReadOnlyDictionary<string, long> egress)
    {
        Ingress = ingress;
        Egress = egress;
    }

    /// <summary>Packets the client sent onto its uplink, by kind.</summary>
    public IReadOnlyDictionary<string, long> Ingress { get; }

    /// <summary>Packets sent towards the client, by kind.</summary>
    public IReadOnlyDictionary<string, long> Egress { get; }

    /// <summary>Packets from the client that are of no allowed kind: a leak, unless the kill switch is meant to be off.</summary>
    public long OtherFromClient => Ingress.GetValueOrDefault(Other);

    /// <summary>Packets towards the client of no allowed kind.</summary>
    public long OtherToClient => Egress.GetValueOrDefault(Other);

    /// <summary>The counts of this reading minus an earlier one (a counter missing earlier counts from zero).</summary>
    public UplinkCounts Minus(UplinkCounts earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new UplinkCounts(Subtract(Ingress, earlier.Ingress), Subtract(Egress, earlier.Egress));
    }

    /// <summary>One line per direction, e.g. <c>from client: arp=2 ndp=0 wg_1=120 ... other=0</c>.</summary>
    public override string ToString()
    {
        var s = new StringBuilder();
        s.Append("from client: ").AppendJoin(' ', Ingress.Select(Describe)).Append('\n');
        s.Append("to client:   ").AppendJoin(' ', Egress.Select(Describe));
        return s.ToString();
    }

    private static string Describe(KeyValuePair<string, long> kv) => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value}");

    private static Dictionary<string, long> Subtract(IReadOnlyDictionary<string, long> later, IReadOnlyDictionary<string, long> earlier)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach ((string kind, long packets) in later)
        {
            result[kind] = packets - earlier.GetValueOrDefault(kind);
        }

        return result;
    }
}
