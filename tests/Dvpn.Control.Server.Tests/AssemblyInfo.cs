using System.Runtime.Versioning;

// The control socket, SO_PEERCRED and setpriv are Linux; the Windows named pipe has its own (future) tests.
[assembly: SupportedOSPlatform("linux")]
