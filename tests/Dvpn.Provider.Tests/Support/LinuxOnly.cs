using System.Runtime.Versioning;

// The provider's tests run it in Linux network namespaces with wireguard-go; nothing here runs elsewhere.
[assembly: SupportedOSPlatform("linux")]
