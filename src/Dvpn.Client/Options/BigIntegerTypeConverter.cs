using System.ComponentModel;
using System.Globalization;
using System.Numerics;

namespace Dvpn.Client.Options;

/// <summary>
/// Lets the configuration binder read <see cref="BigInteger"/> settings (caps, prices: decimal integers of wei).
/// BigInteger has no TypeConverter of its own, and without one the binder silently leaves such a setting at its
/// default, so a configured spending cap would be ignored. Registered by <see cref="DvpnClientOptions"/>'s static
/// constructor, so before any instance can be bound.
/// </summary>
internal sealed class BigIntegerTypeConverter : TypeConverter
{
    private static int s_registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 0 && TypeDescriptor.GetConverter(typeof(BigInteger)).GetType() == typeof(TypeConverter))
        {
            TypeDescriptor.AddAttributes(typeof(BigInteger), new TypeConverterAttribute(typeof(BigIntegerTypeConverter)));
        }
    }

    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text
            ? BigInteger.Parse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
            : base.ConvertFrom(context, culture, value);
}
