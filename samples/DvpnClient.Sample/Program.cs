using DvpnClient.Sample;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// dotnet run -- [--connect] [--Dvpn:Key=value ...]
// Settings come from appsettings.json (section "Dvpn"), DVPN-prefixed environment variables (Dvpn__Chain__RpcUrls__0=...)
// and the command line. The client starts with the host and returns to its persisted target state; --connect also
// asks for a tunnel. It runs until SIGTERM or Ctrl+C, which close the session cleanly.
bool connect = args.Contains(SampleArguments.Connect, StringComparer.Ordinal);
HostApplicationBuilder builder = Host.CreateApplicationBuilder(SampleArguments.WithoutSwitches(args));
builder.Services.AddDvpnClient(options => builder.Configuration.GetSection("Dvpn").Bind(options));

// Registered after AddDvpnClient, so it starts once the client has started.
builder.Services.AddSingleton(new SampleSettings(connect));
builder.Services.AddHostedService<StatePrinter>();

using IHost host = builder.Build();
await host.RunAsync();
