using System.Globalization;
using System.Numerics;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Api;

/// <summary>Decimal amounts of dvpn.control.v1 requests: validated before anything changes.</summary>
internal static class Amounts
{
    /// <summary>uint256's largest value has 78 decimal digits.</summary>
    private const int MaxDigits = 78;

    /// <summary>The amount in <paramref name="text"/>; null for an empty string; INVALID_ARGUMENT naming the field otherwise.</summary>
    public static BigInteger? ParseOptional(string text, string field)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Length > MaxDigits || !BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out BigInteger value)
            || value >= BigInteger.One << 256)
        {
            throw ApiErrors.InvalidArgument(field, "is not a decimal amount (digits only, below 2^256)", V1.ErrorReason.InvalidAmount);
        }

        return value;
    }

    /// <summary>Like <see cref="ParseOptional"/>, but empty is zero.</summary>
    public static BigInteger Parse(string text, string field) => ParseOptional(text, field) ?? BigInteger.Zero;
}
