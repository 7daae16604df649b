using Dvpn.Control.Server.Identity;

namespace Dvpn.Control.Server.Authorization;

/// <summary>The caller of the current call and the role it was granted; set by <see cref="AuthorizationInterceptor"/>.</summary>
/// <param name="Identity">Who called.</param>
/// <param name="Role">What it may do.</param>
public sealed record CallerAccess(CallerIdentity Identity, ControlRole Role);
