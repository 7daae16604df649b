namespace Dvpn.Client.Firewall.Windows;

/// <summary>The flow must use the interface called <paramref name="Alias"/> (its LUID is looked up when the filters are
/// installed, see <see cref="WfpFilterMarshaller"/>).</summary>
/// <param name="Alias">The interface's alias (its name as <c>Get-NetAdapter</c> shows it).</param>
internal sealed record WfpInterfaceCondition(string Alias) : WfpCondition(WfpField.LocalInterface);
