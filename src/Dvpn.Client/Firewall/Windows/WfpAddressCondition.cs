using System.Net;

namespace Dvpn.Client.Firewall.Windows;

/// <summary>An address or prefix the remote or local address must fall in (a /32 or /128 is one address).</summary>
/// <param name="Field"><see cref="WfpField.RemoteAddress"/> or <see cref="WfpField.LocalAddress"/>.</param>
/// <param name="Network">The address and prefix length.</param>
internal sealed record WfpAddressCondition(WfpField Field, IPNetwork Network) : WfpCondition(Field);
