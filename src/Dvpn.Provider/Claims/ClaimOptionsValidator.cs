using Microsoft.Extensions.Options;

namespace Dvpn.Provider.Claims;

/// <summary>Validates <see cref="ClaimOptions"/> at start (source-generated from its data annotations).</summary>
[OptionsValidator]
internal sealed partial class ClaimOptionsValidator : IValidateOptions<ClaimOptions>;
