namespace Dvpn.Client.Firewall.Windows;

/// <summary>A number compared for equality (<see cref="WfpField.Protocol"/>, ports, <see cref="WfpField.IcmpType"/>)
/// or flags that must all be set (<see cref="WfpField.Flags"/>).</summary>
/// <param name="Field">The field tested.</param>
/// <param name="Value">The protocol number, port, ICMP type or flag bits.</param>
internal sealed record WfpNumberCondition(WfpField Field, uint Value) : WfpCondition(Field);
