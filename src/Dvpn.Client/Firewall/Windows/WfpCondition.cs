namespace Dvpn.Client.Firewall.Windows;

/// <summary>One condition of a planned filter, as plain data; <see cref="WfpFilterMarshaller"/> turns it into an
/// <c>FWPM_FILTER_CONDITION0</c>.</summary>
/// <param name="Field">The field tested.</param>
internal abstract record WfpCondition(WfpField Field);
