using System.ComponentModel;
using System.Globalization;
using System.Numerics;

namespace DvpnClient.Sample;

/// <summary>
/// Lets the configuration binder read <see cref="BigInteger"/> settings (caps, prices: decimal integers of wei).
/// BigInteger has no TypeConverter of its own, and without one the binder silently leaves such a setting at its
/// default, so a configured spending cap would be ignored. Registered once, before binding.
/// </summary>
internal sealed class BigIntegerTypeConverter : TypeConverter
{
    public static void Register() =>
        TypeDescriptor.AddAttributes(typeof(BigInteger), new TypeConverterAttribute(typeof(BigIntegerTypeConverter)));

    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text
            ? BigInteger.Parse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
            : base.ConvertFrom(context, culture, value);
}
